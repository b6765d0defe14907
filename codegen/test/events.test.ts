/**
 * Event contracts: the AsyncAPI lint rules, the emitted topics (types and Ajv validation) and the
 * breaking-change rules for event payloads (removing a field consumers read, narrowing a type).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { diffSpecs } from '@marquee/diff';
import { emitEvents, lintEventContract, loadEventContract } from '../src/events';
import { eventsAsOpenApi } from '../src/events/diff';
import type { JsonObject } from '@marquee/openapi';
import { membersRaw, transactionsRaw } from '@marquee/generated/ingest/events.gen';
import { profilesEnriched } from '@marquee/generated/enricher/events.gen';

const REPO = resolve(__dirname, '../..');
const INGEST = join(REPO, 'specs/ingest/asyncapi.yaml');
const dir = mkdtempSync(join(tmpdir(), 'marquee-events-'));

/** The ingest contract with `edit` applied, written to a temp file. */
function variant(name: string, edit: (doc: any) => void): string {
  const doc = parse(readFileSync(INGEST, 'utf8')) as JsonObject;
  edit(doc);
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, stringify(doc));
  return path;
}

describe('lint', () => {
  it('passes the repository contracts', () => {
    expect(lintEventContract(INGEST)).toEqual([]);
    expect(lintEventContract(join(REPO, 'specs/enricher/asyncapi.yaml'))).toEqual([]);
  });

  it('names each broken rule with file:line', () => {
    const path = variant('bad', (doc) => {
      doc.asyncapi = '2.6.0';
      delete doc.channels.membersRaw['x-key'];
      doc.channels.transactionsRaw['x-key'] = 'cinemaName';
      delete doc.channels.transactionsRaw['x-dead-letter'];
      doc.channels.transactionsRaw.address = 'members.raw';
      doc.operations.publishMember.channel.$ref = '#/channels/nowhere';
    });
    const findings = lintEventContract(path);
    expect(findings.map((f) => f.rule).sort()).toEqual(['asyncapi-version', 'channel-address-unique', 'channel-dead-letter', 'channel-key', 'channel-key', 'operation-channel']);
    expect(findings.every((f) => f.line > 0 && f.fix.length > 0)).toBe(true);
  });
});

describe('emitted topics', () => {
  it('emits one typed topic per channel with its key, dead-letter topic and payload schema', () => {
    const [file] = emitEvents(loadEventContract(INGEST), 'specs/ingest/asyncapi.yaml');
    expect(file!.path).toBe('events.gen.ts');
    expect(file!.content).toContain("export const membersRaw = defineTopic<MemberEvent, 'memberId'>(");
    expect(file!.content).toContain('export interface TransactionEvent {');
    expect(membersRaw).toMatchObject({ address: 'members.raw', deadLetter: 'members.raw.dlq', key: 'memberId' });
  });

  const good = { eventId: 'a'.repeat(64), tenantId: 'northstar-cinemas', source: 'stream', transactionId: 'T1', memberId: 'M1', cinemaId: '0b6f2f0e-3c7a-4c1e-9a8e-6b1f9f3f2a10', filmId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', occurredAt: '2026-11-01T19:30:00Z', tickets: 2, ticketAmount: 20, concessionAmount: 0 };

  it('validates payloads with the contract schema', () => {
    expect(transactionsRaw.validate(good)).toEqual({ ok: true, value: good });
    const bad = transactionsRaw.validate({ ...good, tickets: 1.5, occurredAt: 'yesterday', extra: 1 });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.join('\n')).toMatch(/\/tickets must be integer/);
    expect(!bad.ok && bad.errors.join('\n')).toMatch(/\/occurredAt must match format "date-time"/);
    expect(!bad.ok && bad.errors.join('\n')).toMatch(/\/extra is not a known field/);
    expect(profilesEnriched.validate({ tenantId: 'x', memberId: 'M1', sequence: 0, profile: {} }).ok).toBe(false);
  });

  it('keeps the contract on other topic names', () => {
    const moved = transactionsRaw.withAddress('t1.transactions.raw');
    expect(moved).toMatchObject({ address: 't1.transactions.raw', deadLetter: 't1.transactions.raw.dlq', key: 'memberId' });
    expect(moved.validate(good).ok).toBe(true);
  });
});

describe('breaking changes in event payloads', () => {
  const base = eventsAsOpenApi(loadEventContract(INGEST));
  const changesOf = (edit: (doc: any) => void) => diffSpecs(base, eventsAsOpenApi(loadEventContract(variant(`v${Math.random()}`, edit))));
  const breaking = (edit: (doc: any) => void) => changesOf(edit).filter((c) => c.severity === 'breaking');

  it('removing a field consumers read is breaking', () => {
    const found = breaking((doc) => delete doc.components.schemas.TransactionEvent.properties.ticketAmount);
    expect(found.length).toBeGreaterThan(0);
    expect(found.some((c) => c.operation.operationId === 'transactionsRaw')).toBe(true);
  });

  it('narrowing a type or an enum is breaking', () => {
    expect(breaking((doc) => (doc.components.schemas.TransactionEvent.properties.ticketAmount.type = 'integer')).length).toBeGreaterThan(0);
    expect(breaking((doc) => (doc.components.schemas.MemberEvent.properties.gender.enum = ['female', 'male']))).not.toEqual([]);
    expect(breaking((doc) => doc.components.schemas.MemberEvent.required.push('gender'))).not.toEqual([]);
  });

  it('adding an optional field is not breaking', () => {
    const changes = changesOf((doc) => (doc.components.schemas.MemberEvent.properties.nickname = { type: 'string' }));
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.filter((c) => c.severity === 'breaking')).toEqual([]);
  });
});
