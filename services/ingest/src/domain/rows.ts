/**
 * Rows (a file line, or an item of the streaming endpoint) into raw events: checked against the
 * spec's own MemberRow / TransactionRow schemas (generated/ingest/openapi.json), then given a
 * stable event id. Transactions: sha256 of tenant, kind and transaction id, so the same
 * transaction imported twice is one event. Members: the member id plus the row's content, so an
 * identical row is one event and a changed one a new event.
 */
import { createHash } from 'node:crypto';
import { schemaValidator, type SchemaError } from '@marquee/runtime/events';
import spec from '@marquee/generated/ingest/openapi.json';
import type { Schemas } from '@marquee/generated/ingest/types.gen';
import type { MemberEvent, TransactionEvent } from '@marquee/generated/ingest/events.gen';

export type MemberRow = Schemas['MemberRow'];
export type TransactionRow = Schemas['TransactionRow'];
export type Kind = 'members' | 'transactions';
export type RawEvent = MemberEvent | TransactionEvent;
export type Converted = { ok: true; event: RawEvent } | { ok: false; errors: SchemaError[] };

/** The event contracts' patterns for the fields a row does not carry (specs/ingest/asyncapi.yaml). */
const TENANT_ID = /^[a-z0-9][a-z0-9-]{1,63}$/;

const SCHEMA: Record<Kind, string> = { members: '#/components/schemas/MemberRow', transactions: '#/components/schemas/TransactionRow' };

function sha256(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

/** Canonical JSON (sorted keys) of a flat row. */
function canonical(row: object): string {
  return JSON.stringify(Object.fromEntries(Object.entries(row).sort(([a], [b]) => a.localeCompare(b))));
}

export function memberEvent(tenantId: string, source: string, row: MemberRow): MemberEvent {
  const { postcode, ...rest } = row;
  return {
    eventId: sha256(tenantId, 'member', row.memberId, canonical(row)),
    tenantId,
    source,
    ...rest,
    ...(postcode ? { postcodePrefix: postcode.replace(/[\s-]/g, '').slice(0, 3).toUpperCase() } : {}),
  };
}

export function transactionEvent(tenantId: string, source: string, row: TransactionRow): TransactionEvent {
  return { eventId: sha256(tenantId, 'transaction', row.transactionId), tenantId, source, ...row };
}

/** Validates rows of one kind; `coerce` for CSV, whose cells are all strings (empty cells are absent). */
export class RowConverter {
  private readonly check: (value: unknown) => { ok: true; value: unknown } | { ok: false; errors: SchemaError[] };

  constructor(
    readonly kind: Kind,
    private readonly tenantId: string,
    private readonly source: string,
    options: { coerce?: boolean } = {},
  ) {
    if (!TENANT_ID.test(tenantId)) throw new TypeError(`not a tenant id the event contracts accept: ${tenantId}`);
    if (source.length < 1 || source.length > 64) throw new TypeError(`an event source has 1-64 characters: ${source}`);
    this.check = cachedValidator(kind, options.coerce ?? false);
  }

  /**
   * A valid row gives a contract-valid event (so the publisher does not validate it again): every
   * row field has the event field's schema (services/ingest/test/rows-contract.test.ts), the tenant and source
   * are checked here once; the one derived field, postcodePrefix, is valid because the row's
   * postcode pattern asks for three letters or digits (spaces and dashes aside).
   */
  convert(row: unknown): Converted {
    const checked = this.check(row);
    if (!checked.ok) return checked;
    if (this.kind === 'transactions') return { ok: true, event: transactionEvent(this.tenantId, this.source, checked.value as TransactionRow) };
    return { ok: true, event: memberEvent(this.tenantId, this.source, checked.value as MemberRow) };
  }
}

const validators = new Map<string, (value: unknown) => { ok: true; value: unknown } | { ok: false; errors: SchemaError[] }>();
function cachedValidator(kind: Kind, coerce: boolean) {
  const key = `${kind}:${coerce}`;
  let v = validators.get(key);
  if (!v) {
    v = schemaValidator<unknown>(spec, SCHEMA[kind], { coerce });
    validators.set(key, v);
  }
  return v;
}
