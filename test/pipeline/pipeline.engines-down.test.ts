/**
 * Engines stopped during an import, on PRIVATE Kafka and Elasticsearch this test starts and stops
 * itself (scripts/lib/private-engines.ts: ports 19092/19200, its own MARQUEE_HOME), so it runs
 * beside other suites and never touches the shared engines. MariaDB (ingest's jobs, the
 * enricher's state, catalog, identity) is the shared one.
 *
 * - Kafka stopped in the middle of a transactions upload: the job stays running and accepts
 *   nothing while Kafka is away (the upload is not read), and completes once Kafka is back;
 * - Elasticsearch stopped while profiles are being indexed: the indexer's batches fail and are
 *   retried (offsets are committed only after Elasticsearch acknowledged), and indexing resumes;
 * - after both: every member's profile is in the index with exactly the visits of the files.
 */
import { createLogger } from '@marquee/runtime';
import { loadEnricherConfig } from '../../services/enricher/src/config';
import { buildEnricherService, type EnricherService } from '../../services/enricher/src/server';
import { loadIndexerConfig } from '../../services/audience/src/indexer/config';
import { startProfileIndexer, type RunningIndexer } from '../../services/audience/src/indexer/profile-indexer';
import type { ProfileDocument } from '../../services/audience/src/domain/query';
import { DEFAULT_RAW_NOW, generateRaw, type RawTransaction } from '../../scripts/pipeline-data/generate-raw';
import { testEnv } from '../support/databases';
import { eventually } from '../support/engines';
import { bearer, http } from '../support/platform';
import { privateEngines } from '../../scripts/lib/private-engines';
import { startCatalogWithIdentity, startIngest, uniquePrefix } from '../support/pipeline';

jest.setTimeout(15 * 60_000);

const log = createLogger('test', process.env.LOG_LEVEL ?? 'silent');
const engines = privateEngines();
const prefix = uniquePrefix();
const alias = `profiles-down-${process.pid}`;
const files = [...generateRaw({ members: 150, months: 12, seed: 23, idPrefix: `down${process.pid}-` })];
const tenantId = files[0]!.tenantId;
const first: RawTransaction[] = files.flatMap((f) => f.transactions);
// A second file: one more visit per member, later than the others.
const second: RawTransaction[] = files.map((f, i) => ({ ...(f.transactions[0] ?? first[i % first.length]!), memberId: f.member.memberId, transactionId: `${f.member.memberId}-late`, occurredAt: '2026-11-27T21:00:00Z' }));

let secured: Awaited<ReturnType<typeof startCatalogWithIdentity>> | undefined;
let ingest: Awaited<ReturnType<typeof startIngest>> | undefined;
let enricher: EnricherService | undefined;
let indexer: RunningIndexer | undefined;
let headers: Record<string, string>;

beforeAll(async () => {
  await engines.up('kafka');
  await engines.up('elasticsearch');
  secured = await startCatalogWithIdentity();
  ingest = await startIngest(prefix, { KAFKA_BROKERS: engines.kafkaBrokers, PRODUCE_BATCH: '100' });
  enricher = buildEnricherService({ config: loadEnricherConfig(testEnv('enricher', { KAFKA_BROKERS: engines.kafkaBrokers, TOPIC_PREFIX: prefix, GROUP_ID: `${prefix}enricher`, CATALOG_URL: secured.catalog.url, ...secured.serviceEnv, PROFILE_NOW: DEFAULT_RAW_NOW.toISOString() })), log, retryDelayMs: 100 });
  await enricher.start();
  indexer = await startProfileIndexer(loadIndexerConfig({ KAFKA_BROKERS: engines.kafkaBrokers, TOPIC_PREFIX: prefix, GROUP_ID: `${prefix}indexer`, ELASTICSEARCH_URL: engines.elasticsearchUrl, PROFILES_ALIAS: alias, INDEX_FETCH_BYTES: '65536' }), log);
  headers = await bearer(tenantId);
});

afterAll(async () => {
  await indexer?.stop().catch(() => undefined);
  await enricher?.close().catch(() => undefined);
  await ingest?.stop().catch(() => undefined);
  await secured?.stop();
  await engines.finish();
});

async function createJob(kind: 'members' | 'transactions'): Promise<string> {
  const job = await http(`${ingest!.url}/imports`, { method: 'POST', headers, json: { kind, format: 'ndjson' } });
  expect(job.status).toBe(201);
  return job.body.id as string;
}

function upload(id: string, rows: object[]) {
  return http(`${ingest!.url}/imports/${id}/data`, { method: 'PUT', headers: { ...headers, 'content-type': 'application/x-ndjson' }, body: rows.map((r) => `${JSON.stringify(r)}\n`).join('') });
}

const job = async (id: string) => (await http(`${ingest!.url}/imports/${id}`, { headers })).body as { status: string; accepted: number; rowsRead: number };

async function profiles(): Promise<Map<string, ProfileDocument>> {
  await indexer!.index.refresh();
  const page = await indexer!.index.query<ProfileDocument>({ size: 1000, query: { term: { tenantId } } });
  return new Map(page.hits.hits.map((h) => [h._source!.memberId, h._source!]));
}

const visitsOf = (memberId: string, ...sets: RawTransaction[][]) => sets.reduce((n, set) => n + set.filter((t) => t.memberId === memberId).length, 0);

test('Kafka stopped during an import: the job pauses, resumes when Kafka is back, and nothing is lost', async () => {
  const members = await createJob('members');
  expect((await upload(members, files.map((f) => f.member))).body).toMatchObject({ status: 'completed', accepted: files.length });

  const id = await createJob('transactions');
  // Repeat the rows in the body so the upload outlasts the outage; repeats are reported as duplicates, not produced.
  const body = [...first, ...first, ...first, ...first];
  const running = upload(id, body);
  await eventually(async () => (await job(id)).accepted > 0, 60_000);
  await engines.down('kafka');
  await new Promise((r) => setTimeout(r, 3000));
  const paused = await job(id);
  await new Promise((r) => setTimeout(r, 5000));
  expect(await job(id)).toMatchObject({ status: 'running', accepted: paused.accepted, rowsRead: paused.rowsRead });
  expect(paused.accepted).toBeLessThan(first.length);

  await engines.up('kafka');
  const done = await running;
  expect(done.body).toMatchObject({ status: 'completed', accepted: first.length, rejected: 3 * first.length, failure: null });

  await eventually(async () => {
    const docs = await profiles();
    return docs.size === files.length && [...docs.values()].reduce((s, d) => s + d.visits.lifetime, 0) === first.length;
  }, 180_000);
});

test('Elasticsearch stopped while profiles are indexed: indexing resumes and every profile is exact', async () => {
  const emitted = enricher!.enricher.profilesEmitted;
  await engines.down('elasticsearch');
  const id = await createJob('transactions');
  expect((await upload(id, second)).body).toMatchObject({ status: 'completed', accepted: second.length });
  // The enricher produces the profiles; the indexer cannot write them while Elasticsearch is away.
  await eventually(async () => enricher!.enricher.profilesEmitted >= emitted + files.length, 120_000);
  await new Promise((r) => setTimeout(r, 3000));
  await engines.up('elasticsearch');

  await eventually(async () => {
    const docs = await profiles();
    return docs.size === files.length && [...docs.values()].reduce((s, d) => s + d.visits.lifetime, 0) === first.length + second.length;
  }, 240_000);
  const docs = await profiles();
  for (const f of files) {
    expect({ id: f.member.memberId, lifetime: docs.get(f.member.memberId)?.visits.lifetime }).toEqual({ id: f.member.memberId, lifetime: visitsOf(f.member.memberId, first, second) });
  }
});
