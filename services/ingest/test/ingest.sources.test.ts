/**
 * Incremental pulls from an exhibitor's own database, over the real engines: the test creates a
 * MariaDB "exhibitor" database (its own tables and column names), registers it as a source, and
 * pulls. Rows go to members.raw / transactions.raw like uploaded rows; bad rows are reported by
 * key and reason; rows updated or added later are pulled by the next pull and nothing else is
 * (keyset pages of 4 over rows sharing updated-at values); the password is never returned; a wrong
 * password fails the pull without leaking it; other tenants see nothing; bad mappings are 400s.
 */
import { createMysql, type Knex } from '@marquee/runtime';
import { testDatabase, testEnv } from '../../../test/support/databases';
import { eventually } from '../../../test/support/engines';
import { bearer, http } from '../../../test/support/platform';
import { dropTopics, readTopic, startIngest, testKafka, uniquePrefix } from '../../../test/support/pipeline';

jest.setTimeout(120_000);

const TENANT = 'northstar-cinemas';
const CINEMA = '0b6f2f0e-3c7a-4c1e-9a8e-6b1f9f3f2a10';
const FILM = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const prefix = uniquePrefix();
const kafka = testKafka();
// The ingest test user may create databases named marquee_ingest_* (scripts/provision-mysql.ts).
const EXHIBITOR_DB = `${testDatabase('marquee_ingest')}_exh${process.pid}`;
const env = testEnv('ingest');
let ingest: Awaited<ReturnType<typeof startIngest>>;
let exhibitor: Knex;
let headers: Record<string, string>;

const connection = { client: 'mariadb', host: env.MYSQL_HOST!, port: Number(env.MYSQL_PORT), user: env.MYSQL_USER!, password: env.MYSQL_PASSWORD!, database: EXHIBITOR_DB };
const mapping = {
  members: { table: 'loyalty_members', updatedAt: 'updated_at', columns: { memberId: 'member_no', birthYear: 'yob', memberSince: 'joined_on', region: 'region_code' } },
  transactions: { table: 'ticket_sales', updatedAt: 'modified_at', columns: { transactionId: 'sale_id', memberId: 'member_no', cinemaId: 'site_id', filmId: 'film_id', occurredAt: 'sold_at', tickets: 'seats', ticketAmount: 'amount', concessionAmount: 'snacks' } },
};

const T0 = '2026-11-01 10:00:00.000';
const T1 = '2026-11-02 10:00:00.000';
const member = (n: number, updatedAt: string, extra: object = {}) => ({ member_no: `X${String(n).padStart(3, '0')}`, yob: 1980 + n, joined_on: '2020-05-01', region_code: 'CA-ON', updated_at: updatedAt, ...extra });
const sale = (n: number, updatedAt: string, extra: object = {}) => ({ sale_id: `S${String(n).padStart(3, '0')}`, member_no: `X${String(n % 10).padStart(3, '0')}`, site_id: CINEMA, film_id: FILM, sold_at: '2026-10-31 19:30:00', seats: 2, amount: '25.50', snacks: '8.00', modified_at: updatedAt, ...extra });

beforeAll(async () => {
  const admin = createMysql({ host: env.MYSQL_HOST!, port: Number(env.MYSQL_PORT), user: env.MYSQL_USER!, password: env.MYSQL_PASSWORD!, database: env.MYSQL_DATABASE! });
  await admin.raw(`DROP DATABASE IF EXISTS \`${EXHIBITOR_DB}\``);
  await admin.raw(`CREATE DATABASE \`${EXHIBITOR_DB}\``);
  await admin.destroy();
  exhibitor = createMysql({ ...connection });
  await exhibitor.schema.createTable('loyalty_members', (t) => {
    t.string('member_no', 20).primary();
    t.integer('yob').nullable();
    t.date('joined_on').notNullable();
    t.string('region_code', 8).nullable();
    t.datetime('updated_at', { precision: 3 }).nullable();
  });
  await exhibitor.schema.createTable('ticket_sales', (t) => {
    t.string('sale_id', 20).primary();
    t.string('member_no', 20).notNullable();
    t.string('site_id', 36).notNullable();
    t.string('film_id', 36).notNullable();
    t.datetime('sold_at').notNullable();
    t.integer('seats').notNullable();
    t.decimal('amount', 8, 2).notNullable();
    t.decimal('snacks', 8, 2).notNullable();
    t.datetime('modified_at', { precision: 6 }).notNullable();
  });
  ingest = await startIngest(prefix, { SOURCE_PAGE_SIZE: '4' });
  headers = await bearer(TENANT);
});

afterAll(async () => {
  await ingest?.stop();
  await exhibitor?.raw(`DROP DATABASE IF EXISTS \`${EXHIBITOR_DB}\``).catch(() => undefined);
  await exhibitor?.destroy();
  await dropTopics(prefix).catch(() => undefined);
});

async function pull(sourceId: string): Promise<{ status: string; rowsRead: number; accepted: number; rejected: number; errors: { kind: string; key: string; field?: string; reason: string }[]; failure: string | null }> {
  const started = await http(`${ingest.url}/sources/${sourceId}/pulls`, { method: 'POST', headers });
  expect(started.status).toBe(202);
  expect(started.headers.get('location')).toBe(`/sources/${sourceId}/pulls/${started.body.id}`);
  let pullNow = started.body;
  await eventually(async () => {
    pullNow = (await http(`${ingest.url}/sources/${sourceId}/pulls/${started.body.id}`, { headers })).body;
    return pullNow.status !== 'running';
  }, 60_000);
  return pullNow;
}

/** Every message on a raw topic so far (read until `expected` arrived, then a little longer to see there are no more). */
async function topic(name: string, expected: number): Promise<{ key: string | null; value: Record<string, unknown> }[]> {
  const messages = await readTopic(kafka, `${prefix}${name}`, expected + 1, 4000);
  return messages.map((m) => ({ key: m.key, value: JSON.parse(m.value) as Record<string, unknown> }));
}

test('rows are pulled like uploaded rows, bad ones reported by key; later changes are pulled once; nothing twice', async () => {
  // 10 members, four sharing one updated-at (keyset ties across pages of 4), one without updated-at (never pulled).
  await exhibitor('loyalty_members').insert([...Array.from({ length: 9 }, (_, i) => member(i, i < 4 ? T0 : `2026-11-01 10:0${i}:00.000`)), member(9, T0, { updated_at: null })]);
  // 12 sales, two bad: no seats, a film id that is not a UUID.
  await exhibitor('ticket_sales').insert([...Array.from({ length: 10 }, (_, i) => sale(i, `2026-11-01 11:00:00.00000${i % 3}`)), sale(10, T0, { seats: 0 }), sale(11, T0, { film_id: 'not-a-film' })]);

  const created = await http(`${ingest.url}/sources`, { method: 'POST', headers, json: { name: 'loyalty-db', connection, ...mapping } });
  expect(created.status).toBe(201);
  expect(JSON.stringify(created.body)).not.toContain(connection.password);
  expect(created.body).toMatchObject({ name: 'loyalty-db', tenantId: TENANT, connection: { client: 'mariadb', database: EXHIBITOR_DB, passwordSet: true }, watermarks: {}, lastPull: null });
  expect(created.body.connection.password).toBeUndefined();
  const id = created.body.id as string;

  const first = await pull(id);
  expect(first).toMatchObject({ status: 'completed', rowsRead: 9 + 12, accepted: 9 + 10, rejected: 2, failure: null });
  expect(first.errors.map((e) => [e.kind, e.key, e.field])).toEqual([
    ['transactions', 'S010', '/tickets'],
    ['transactions', 'S011', '/filmId'],
  ]);
  let members = await topic('members.raw', 9);
  let sales = await topic('transactions.raw', 10);
  expect(members).toHaveLength(9);
  expect(sales).toHaveLength(10);
  expect(members.find((m) => m.value.memberId === 'X002')!.value).toMatchObject({ tenantId: TENANT, birthYear: 1982, memberSince: '2020-05-01', region: 'CA-ON', source: `source:${id}` });
  expect(sales.find((s) => s.value.transactionId === 'S003')).toMatchObject({ key: 'X003', value: { occurredAt: '2026-10-31T19:30:00Z', tickets: 2, ticketAmount: 25.5, concessionAmount: 8 } });

  const source = (await http(`${ingest.url}/sources/${id}`, { headers })).body;
  expect(source.watermarks).toEqual({ members: { updatedAt: '2026-11-01 10:08:00.000', key: 'X008' }, transactions: { updatedAt: '2026-11-01 11:00:00.000002', key: 'S008' } });
  expect(source.lastPull).toMatchObject({ status: 'completed', accepted: 19 });

  // Later: two members change, one sale is corrected, two sales arrive; the rest stays as it was.
  await exhibitor('loyalty_members').whereIn('member_no', ['X001', 'X005']).update({ region_code: 'CA-QC', updated_at: T1 });
  await exhibitor('ticket_sales').insert([sale(20, T1), sale(21, T1)]);
  const second = await pull(id);
  expect(second).toMatchObject({ status: 'completed', rowsRead: 4, accepted: 4, rejected: 0 });
  members = await topic('members.raw', 11);
  sales = await topic('transactions.raw', 12);
  expect(members).toHaveLength(11);
  expect(sales).toHaveLength(12);
  expect(members.filter((m) => m.value.region === 'CA-QC').map((m) => m.value.memberId).sort()).toEqual(['X001', 'X005']);
  // Each sale exactly once; each member once per version of its row.
  expect(new Set(sales.map((s) => s.value.eventId)).size).toBe(12);
  expect(new Set(members.map((m) => m.value.eventId)).size).toBe(11);

  const third = await pull(id);
  expect(third).toMatchObject({ status: 'completed', rowsRead: 0, accepted: 0 });
  const history = (await http(`${ingest.url}/sources/${id}/pulls`, { headers })).body.items as { status: string; rowsRead: number }[];
  expect(history.map((p) => p.rowsRead)).toEqual([0, 4, 21]);
});

test('a wrong password fails the pull without leaking it, and the watermark stays', async () => {
  const secret = 'not-the-password-7f3a';
  const created = await http(`${ingest.url}/sources`, { method: 'POST', headers, json: { name: 'wrong-password', connection: { ...connection, password: secret }, members: mapping.members } });
  expect(created.status).toBe(201);
  const failed = await pull(created.body.id);
  expect(failed).toMatchObject({ status: 'failed', rowsRead: 0 });
  expect(failed.failure).toMatch(/Access denied/);
  const everything = JSON.stringify([failed, (await http(`${ingest.url}/sources`, { headers })).body]);
  expect(everything).not.toContain(secret);
  expect(everything).not.toContain(connection.password);
  expect((await http(`${ingest.url}/sources/${created.body.id}`, { headers })).body.watermarks).toEqual({});
});

test('sources are the tenant\'s own; bad mappings and duplicate names are problem+json', async () => {
  const mine = await http(`${ingest.url}/sources`, { headers });
  const theirs = await bearer('someone-else');
  expect((await http(`${ingest.url}/sources`, { headers: theirs })).body.items).toEqual([]);
  const id = mine.body.items[0].id as string;
  expect((await http(`${ingest.url}/sources/${id}`, { headers: theirs })).status).toBe(404);
  expect((await http(`${ingest.url}/sources/${id}/pulls`, { method: 'POST', headers: theirs })).status).toBe(404);

  const injected = await http(`${ingest.url}/sources`, { method: 'POST', headers, json: { name: 'x', connection, members: { ...mapping.members, table: 'members; DROP TABLE x' } } });
  expect(injected.status).toBe(400);
  expect(JSON.stringify(injected.body.errors)).toContain('/members/table');
  const noTable = await http(`${ingest.url}/sources`, { method: 'POST', headers, json: { name: 'x', connection } });
  expect(noTable.status).toBe(400);
  const noKey = await http(`${ingest.url}/sources`, { method: 'POST', headers, json: { name: 'x', connection, members: { ...mapping.members, columns: { memberSince: 'joined_on' } } } });
  expect(noKey.status).toBe(400);
  expect(JSON.stringify(noKey.body.errors)).toContain('memberId');
  const duplicate = await http(`${ingest.url}/sources`, { method: 'POST', headers, json: { name: 'loyalty-db', connection, ...mapping } });
  expect(duplicate.status).toBe(409);

  expect((await http(`${ingest.url}/sources/${id}`, { method: 'DELETE', headers })).status).toBe(204);
  expect((await http(`${ingest.url}/sources/${id}`, { headers })).status).toBe(404);
});
