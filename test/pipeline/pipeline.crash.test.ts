/**
 * Crash safety: the enricher and the audience indexer run as child processes (compiled, as in
 * production: dist/build, test/support/compiled.ts) and are killed
 * with SIGKILL at random points, twice each, while a few thousand events flow; restarted, they
 * finish the work, and Elasticsearch then holds exactly the expected profiles and counts (no
 * visit lost, none counted twice).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createSearch } from '@marquee/runtime';
import type { ProfileDocument } from '../../services/audience/src/domain/query';
import { DEFAULT_RAW_NOW, generateRaw } from '../../scripts/pipeline-data/generate-raw';
import { nodeArgs } from '../support/compiled';
import { testEnv } from '../support/databases';
import { ELASTICSEARCH_URL, KAFKA_BROKERS, eventually } from '../support/engines';
import { bearer, http } from '../support/platform';
import { dropTopics, expectedProfile, startCatalogWithIdentity, startIngest, uniquePrefix } from '../support/pipeline';

jest.setTimeout(300_000);

const ROOT = join(__dirname, '..', '..');
const prefix = uniquePrefix();
const alias = `profiles-crash-${process.pid}`;
const files = [...generateRaw({ members: 300, months: 12, seed: 23, idPrefix: `crash${process.pid}-` })];
const tenantId = files[0]!.tenantId;
const transactions = files.flatMap((f) => f.transactions);
const search = createSearch({ node: ELASTICSEARCH_URL });

let secured: Awaited<ReturnType<typeof startCatalogWithIdentity>>;
let catalog: { url: string };
let ingest: Awaited<ReturnType<typeof startIngest>>;
const children: Record<string, ChildProcess> = {};

function launch(name: 'enricher' | 'indexer'): void {
  const common = { ...process.env, KAFKA_BROKERS: KAFKA_BROKERS.join(','), TOPIC_PREFIX: prefix, LOG_LEVEL: 'silent' };
  const env =
    name === 'enricher'
      ? { ...common, ...testEnv('enricher', { GROUP_ID: `${prefix}enricher`, CATALOG_URL: catalog.url, ...secured.serviceEnv, PROFILE_NOW: DEFAULT_RAW_NOW.toISOString() }) }
      : { ...common, GROUP_ID: `${prefix}indexer`, ELASTICSEARCH_URL, PROFILES_ALIAS: alias };
  const entry = name === 'enricher' ? 'services/enricher/src/start.ts' : 'services/audience/src/indexer/start-indexer.ts';
  children[name] = spawn(process.execPath, nodeArgs(entry), { cwd: ROOT, env, stdio: 'ignore' });
}

function kill(name: 'enricher' | 'indexer'): Promise<void> {
  const child = children[name]!;
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

async function upload(kind: 'members' | 'transactions', rows: object[]): Promise<void> {
  const headers = await bearer(tenantId);
  const job = await http(`${ingest.url}/imports`, { method: 'POST', headers, json: { kind, format: 'ndjson' } });
  const done = await http(`${ingest.url}/imports/${job.body.id}/data`, { method: 'PUT', headers: { ...headers, 'content-type': 'application/x-ndjson' }, body: rows.map((r) => `${JSON.stringify(r)}\n`).join('') });
  expect(done.body).toMatchObject({ status: 'completed', rejected: 0 });
}

async function profiles(): Promise<ProfileDocument[]> {
  await search.indices.refresh({ index: alias }).catch(() => undefined);
  const page = await search.search<ProfileDocument>({ index: alias, size: 1000, query: { term: { tenantId } } }).catch(() => undefined);
  return page?.hits.hits.map((h) => h._source!) ?? [];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  secured = await startCatalogWithIdentity();
  catalog = secured.catalog;
  ingest = await startIngest(prefix, { PRODUCE_BATCH: '200' });
  launch('enricher');
  launch('indexer');
});

afterAll(async () => {
  for (const child of Object.values(children)) child.kill('SIGKILL');
  const indices = Object.keys(await search.indices.get({ index: `${alias}-v*` }).catch(() => ({})));
  if (indices.length > 0) await search.indices.delete({ index: indices.join(',') }).catch(() => undefined);
  await search.close();
  await ingest?.stop();
  await secured?.stop();
  await dropTopics(prefix).catch(() => undefined);
});

test('kill -9 of the enricher and the indexer mid-stream loses nothing and duplicates nothing', async () => {
  await upload('members', files.map((f) => f.member));
  let visitsIndexed = 0;
  const quarter = Math.ceil(transactions.length / 4);
  for (let round = 0; round < 4; round++) {
    await upload('transactions', transactions.slice(round * quarter, (round + 1) * quarter));
    if (round < 2) {
      // Once this round's events are visibly flowing into the index, at a random point after.
      const before = visitsIndexed;
      await eventually(async () => (visitsIndexed = (await profiles()).reduce((s, d) => s + d.visits.lifetime, 0)) > before, 90_000);
      await sleep(Math.floor(Math.random() * 800));
      await Promise.all([kill('enricher'), kill('indexer')]);
      launch('enricher');
      launch('indexer');
    }
  }
  await eventually(async () => {
    const docs = await profiles();
    return docs.length === files.length && docs.reduce((s, d) => s + d.visits.lifetime, 0) === transactions.length;
  }, 180_000);
  const docs = new Map((await profiles()).map((d) => [d.memberId, d]));
  for (const { member } of files) {
    const want = expectedProfile(member.memberId, transactions, DEFAULT_RAW_NOW);
    expect({ id: member.memberId, visits: docs.get(member.memberId)!.visits }).toEqual({ id: member.memberId, visits: want.visits });
    expect(docs.get(member.memberId)!.spend.tickets).toBeCloseTo(want.tickets, 2);
  }
});
