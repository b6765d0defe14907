/**
 * Realistic raw exhibitor files for the pipeline: N loyalty members and their ticket
 * transactions over M months, consistent with the catalog seed (tenants are its circuits, visits
 * are to the tenant's cinemas, films are seeded films released on or before the visit, mostly in
 * their first eight weeks). Deterministic for a seed; lazy (generators), so any size streams.
 *
 *   npx tsx scripts/pipeline-data/generate-raw.ts --members 10000 --months 12 --out .marquee/raw [--seed 7] [--format ndjson|csv]
 *
 * writes <out>/members.<format> and <out>/transactions.<format>.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { catalogSeed, Rng, type CatalogSeed, type SeedFilm } from '../../services/catalog/src/data-access/seed-data';
import { catalogTenants, type Tenant } from '../audience-data/generate-profiles';
import type { Schemas } from '@marquee/generated/ingest/types.gen';

/** A member row as ingest's contract declares it (MemberRow), every optional field filled in. */
export type RawMember = Required<Schemas['MemberRow']>;

/** A transaction row as ingest's contract declares it (TransactionRow). */
export type RawTransaction = Schemas['TransactionRow'];

export interface RawMemberFile {
  tenantId: string;
  member: RawMember;
  transactions: RawTransaction[];
}

export interface GenerateRawOptions {
  members: number;
  months: number;
  seed?: number;
  /** The end of the window (default 2026-11-28T00:00:00Z). */
  now?: Date;
  /** Only this tenant (circuit slug); default: the first circuit with cinemas. */
  tenant?: string;
  catalog?: CatalogSeed;
  /** Member ids are `<idPrefix><7 digits>` (default `m`); tests sharing a state store use their own. */
  idPrefix?: string;
}

const DAY_MS = 86_400_000;
export const DEFAULT_RAW_NOW = new Date('2026-11-28T00:00:00Z');

/** One member and their transactions at a time. */
export function* generateRaw(options: GenerateRawOptions): Generator<RawMemberFile> {
  const catalog = options.catalog ?? catalogSeed();
  const tenants = catalogTenants(catalog);
  const tenant: Tenant | undefined = options.tenant ? tenants.find((t) => t.id === options.tenant) : tenants[0];
  if (!tenant) throw new Error(`no tenant ${options.tenant ?? ''} in the catalog seed`);
  const now = (options.now ?? DEFAULT_RAW_NOW).getTime();
  const start = now - Math.round(options.months * 30.44) * DAY_MS;
  const films = [...catalog.films].sort((a, b) => a.releaseDate.localeCompare(b.releaseDate));
  const released = (at: number): SeedFilm[] => {
    const day = new Date(at).toISOString().slice(0, 10);
    const out = films.filter((f) => f.releaseDate <= day);
    const fresh = out.filter((f) => Date.parse(f.releaseDate) >= at - 56 * DAY_MS);
    return fresh.length > 0 ? fresh : out;
  };
  for (let i = 0; i < options.members; i++) {
    const rng = new Rng(((options.seed ?? 7) * 1_000_003 + i * 7919) >>> 0);
    const cinema = rng.pick(tenant.cinemas);
    const birthYear = Math.round(Math.min(2007, Math.max(1940, rng.normal(1988, 14))));
    const ca = cinema.regionId.startsWith('CA');
    const letters = 'ABCEGHJKLMNPRSTVXY';
    const postcode = ca ? `${rng.pick([...letters])}${rng.int(0, 9)}${rng.pick([...letters])} ${rng.int(0, 9)}${rng.pick([...letters])}${rng.int(0, 9)}` : String(rng.int(10000, 99999));
    const memberId = `${options.idPrefix ?? 'm'}${String(i).padStart(7, '0')}`;
    const member: RawMember = {
      memberId,
      birthYear,
      gender: rng.weighted([['female', 49], ['male', 47], ['nonbinary', 2], ['unknown', 2]] as const),
      region: cinema.regionId,
      postcode,
      memberSince: new Date(start - rng.int(0, 5 * 365) * DAY_MS).toISOString().slice(0, 10),
      status: rng.chance(0.06) ? 'cancelled' : 'active',
      favouriteCinemaId: cinema.id,
    };
    const perMonth = Math.exp(rng.normal(0, 0.9)) * 0.8;
    const visits = Math.max(0, Math.round(perMonth * options.months + rng.normal(0, 1)));
    const transactions: RawTransaction[] = [];
    for (let k = 0; k < visits; k++) {
      const at = start + Math.floor(rng.next() * (now - start - DAY_MS)) + 1;
      const choices = released(at);
      if (choices.length === 0) continue;
      const tickets = rng.weighted([[1, 35], [2, 45], [3, 10], [4, 10]] as const);
      const price = Math.round(rng.normal(14, 1.5) * 100) / 100;
      const snacks = rng.chance(0.3) ? 0 : Math.max(0, Math.round(rng.normal(9, 3) * tickets * 100) / 100);
      transactions.push({
        transactionId: `${memberId}-t${k}`,
        memberId,
        cinemaId: rng.chance(0.75) ? cinema.id : rng.pick(tenant.cinemas).id,
        filmId: rng.pick(choices).id,
        occurredAt: `${new Date(at).toISOString().slice(0, 19)}Z`,
        tickets,
        ticketAmount: Math.round(tickets * price * 100) / 100,
        concessionAmount: snacks,
      });
    }
    yield { tenantId: tenant.id, member, transactions };
  }
}

const MEMBER_COLUMNS = ['memberId', 'birthYear', 'gender', 'region', 'postcode', 'memberSince', 'status', 'favouriteCinemaId'] as const;
const TRANSACTION_COLUMNS = ['transactionId', 'memberId', 'cinemaId', 'filmId', 'occurredAt', 'tickets', 'ticketAmount', 'concessionAmount'] as const;

function csvCell(value: unknown): string {
  const s = value === undefined ? '' : String(value);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function formatRow(row: object, format: 'ndjson' | 'csv', columns: readonly string[]): string {
  return format === 'ndjson' ? `${JSON.stringify(row)}\n` : `${columns.map((c) => csvCell((row as Record<string, unknown>)[c])).join(',')}\n`;
}

async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

async function main(argv: string[]): Promise<void> {
  const arg = (name: string, fallback: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] ? argv[i + 1]! : fallback;
  };
  const format = arg('format', 'ndjson') as 'ndjson' | 'csv';
  const out = arg('out', '.marquee/raw');
  mkdirSync(out, { recursive: true });
  const members = createWriteStream(join(out, `members.${format}`));
  const transactions = createWriteStream(join(out, `transactions.${format}`));
  if (format === 'csv') {
    await write(members, `${MEMBER_COLUMNS.join(',')}\n`);
    await write(transactions, `${TRANSACTION_COLUMNS.join(',')}\n`);
  }
  let m = 0;
  let t = 0;
  let tenant = '';
  for (const file of generateRaw({ members: Number(arg('members', '1000')), months: Number(arg('months', '12')), seed: Number(arg('seed', '7')), ...(argv.includes('--tenant') ? { tenant: arg('tenant', '') } : {}) })) {
    tenant = file.tenantId;
    await write(members, formatRow(file.member, format, MEMBER_COLUMNS));
    m++;
    for (const tx of file.transactions) {
      await write(transactions, formatRow(tx, format, TRANSACTION_COLUMNS));
      t++;
    }
  }
  members.end();
  transactions.end();
  await Promise.all([once(members, 'finish'), once(transactions, 'finish')]);
  process.stdout.write(`${m} members, ${t} transactions for tenant ${tenant} -> ${out}/members.${format}, ${out}/transactions.${format}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`generate-raw: ${(err as Error).message}\n`);
    process.exit(1);
  });
}
