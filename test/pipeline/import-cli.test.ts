/**
 * `make import`: a generated CSV file streamed from disk to ingest, progress drawn, exit code by
 * outcome; authenticated as the CLI does it, with a client-credentials token from a real identity
 * service (the local-dev demo client of northstar-cinemas, the default).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatRow, generateRaw } from '../../scripts/pipeline-data/generate-raw';
import { parseImportArgs, runImportCli } from '../../scripts/pipeline-data/import';
import { identityAdmin, seedClientFor } from '../../scripts/pipeline-data/seed-clients';
import { dropTopics, startIngest, trusting, uniquePrefix } from '../support/pipeline';
import { http, startIdentity, type Started } from '../support/platform';

const prefix = uniquePrefix();
let ingest: Awaited<ReturnType<typeof startIngest>>;
let identity: Started;
beforeAll(async () => {
  identity = await startIdentity();
  ingest = await startIngest(prefix, {}, trusting(identity));
});
afterAll(async () => {
  await ingest.stop();
  await identity.stop();
  await dropTopics(prefix).catch(() => undefined);
});

test('uploads a file, shows progress and reports the outcome', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'marquee-import-'));
  const columns = ['transactionId', 'memberId', 'cinemaId', 'filmId', 'occurredAt', 'tickets', 'ticketAmount', 'concessionAmount'];
  const rows = [...generateRaw({ members: 30, months: 3, seed: 5 })].flatMap((f) => f.transactions);
  const file = join(dir, 'transactions-test.csv');
  writeFileSync(file, `${columns.join(',')}\n${rows.map((r) => formatRow(r, 'csv', columns)).join('')}T-bad,m1,not-a-uuid,x,y,1,1,1\n`);
  const lines: string[] = [];
  const code = await runImportCli(parseImportArgs(['--file', file, '--url', ingest.url], { IDENTITY_URL: identity.url }), (l) => lines.push(l));
  const text = lines.join('');
  expect(code).toBe(0);
  expect(text).toContain(`completed: ${rows.length + 1} rows, ${rows.length} accepted, 1 rejected`);
  expect(text).toMatch(/\[#+\] 100%/);
  expect(text).toMatch(new RegExp(`line ${rows.length + 2}: /cinemaId must match format "uuid"`));
  expect(text).toContain('as northstar-demo');
});

test("make seed's per-tenant client: the tenant is created once, and the import lands in that tenant", async () => {
  const tenant = { id: `seed-test-${Date.now().toString(36)}`, name: 'Seed test circuit' };
  const admin = identityAdmin({ IDENTITY_URL: identity.url });
  const client = await seedClientFor(admin, tenant);
  const again = await seedClientFor(admin, tenant); // the tenant exists now (409), a second client is made
  expect(again.clientId).not.toBe(client.clientId);
  const file = join(mkdtempSync(join(tmpdir(), 'marquee-import-')), 'members.ndjson');
  writeFileSync(file, `${JSON.stringify([...generateRaw({ members: 1, months: 1, seed: 3 })][0]!.member)}\n`);
  const args = parseImportArgs(['--file', file, '--url', ingest.url], { IDENTITY_URL: identity.url, IMPORT_CLIENT_ID: client.clientId, IMPORT_CLIENT_SECRET: client.clientSecret });
  expect(await runImportCli(args, () => undefined)).toBe(0);
  const theirs = await http(`${ingest.url}/imports`, { headers: { authorization: `Bearer ${await args.token()}` } });
  expect(theirs.body.items.map((j: { fileName: string }) => j.fileName)).toEqual(['members.ndjson']);
});

test('a client identity does not know is refused before anything is uploaded', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'marquee-import-')), 'members.ndjson');
  writeFileSync(file, '');
  const args = parseImportArgs(['--file', file, '--url', ingest.url], { IDENTITY_URL: identity.url, IMPORT_CLIENT_ID: 'northstar-demo', IMPORT_CLIENT_SECRET: 'wrong' });
  await expect(runImportCli(args, () => undefined)).rejects.toThrow(/token endpoint .* answered 401 for client northstar-demo/);
});

test('kind and format come from the file name, or the command says what is missing', () => {
  expect(parseImportArgs(['--file', 'x/members-2026.ndjson'])).toMatchObject({ kind: 'members', format: 'ndjson' });
  expect(() => parseImportArgs(['--file', 'x/data.ndjson'])).toThrow(/KIND=members/);
  expect(() => parseImportArgs(['--file', 'x/members.txt'])).toThrow(/\.ndjson, \.jsonl or \.csv/);
});
