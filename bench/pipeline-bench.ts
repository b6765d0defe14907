/**
 * The ingestion pipeline, short (BENCH=pipeline): ingest, the enricher and the audience indexer
 * in one process over the real engines, on their own topics, test databases and index alias.
 *
 *   produce rate   rows/s of `PUT /imports/{id}/data` (parse, validate, produce, acks) for a
 *                  generated transactions file
 *   end to end     from the first upload to every profile searchable, against a raw Elasticsearch
 *                  bulk of the same final profiles in the same run
 *   streamed       one POST /events/transactions to the member's profile showing it (realtime
 *                  GET by id), sequentially, p50/p95
 *
 * Knobs: BENCH_PIPELINE_MEMBERS (default 2000), BENCH_PIPELINE_MONTHS (12), BENCH_PIPELINE_STREAMED (30).
 */
import { createLogger } from '@marquee/runtime';
import { loadEnricherConfig } from '../services/enricher/src/config';
import { buildEnricherService } from '../services/enricher/src/server';
import { loadIndexerConfig } from '../services/audience/src/indexer/config';
import { startProfileIndexer } from '../services/audience/src/indexer/profile-indexer';
import { ProfilesIndex, profileId } from '../services/audience/src/data-access/profiles-index';
import type { ProfileDocument } from '../services/audience/src/domain/query';
import { DEFAULT_RAW_NOW, generateRaw } from '../scripts/pipeline-data/generate-raw';
import { testEnv } from '../test/support/databases';
import { ELASTICSEARCH_URL, KAFKA_BROKERS } from '../test/support/engines';
import { bearer, http } from '../test/support/platform';
import { dropTopics, startCatalogWithIdentity, startIngest, uniquePrefix } from '../test/support/pipeline';
import { machineInfo } from './lib/machine';

type Log = (m: string) => void;
const quiet = createLogger('bench', process.env.BENCH_LOG_LEVEL ?? 'silent');

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const ndjson = (rows: object[]) => rows.map((r) => `${JSON.stringify(r)}\n`).join('');

export async function runPipelineBench(log: Log): Promise<string> {
  const members = Number(process.env.BENCH_PIPELINE_MEMBERS ?? 2000);
  const months = Number(process.env.BENCH_PIPELINE_MONTHS ?? 12);
  const streamedN = Number(process.env.BENCH_PIPELINE_STREAMED ?? 30);
  const date = new Date().toISOString();
  const machine = machineInfo();
  const prefix = uniquePrefix();
  const alias = `profiles-bench-pipeline-${process.pid}`;
  const files = [...generateRaw({ members, months, seed: 99, idPrefix: `b${process.pid}-` })];
  const tenantId = files[0]!.tenantId;
  const transactions = files.flatMap((f) => f.transactions);
  const memberBody = ndjson(files.map((f) => f.member));
  const txBody = ndjson(transactions);
  log(`pipeline: ${members} members, ${transactions.length} transactions (${(txBody.length / 1e6).toFixed(1)} MB NDJSON)`);

  const secured = await startCatalogWithIdentity();
  const catalog = secured.catalog;
  const ingest = await startIngest(prefix);
  const enricher = buildEnricherService({ config: loadEnricherConfig(testEnv('enricher', { KAFKA_BROKERS: KAFKA_BROKERS.join(','), TOPIC_PREFIX: prefix, GROUP_ID: `${prefix}enricher`, CATALOG_URL: catalog.url, ...secured.serviceEnv, PROFILE_NOW: DEFAULT_RAW_NOW.toISOString() })), log: quiet });
  await enricher.start();
  const indexer = await startProfileIndexer(loadIndexerConfig({ KAFKA_BROKERS: KAFKA_BROKERS.join(','), TOPIC_PREFIX: prefix, GROUP_ID: `${prefix}indexer`, ELASTICSEARCH_URL, PROFILES_ALIAS: alias }), quiet);
  const raw = new ProfilesIndex(indexer.search, `${alias}-raw`);
  try {
    const headers = await bearer(tenantId);
    const upload = async (kind: string, body: string) => {
      const job = await http(`${ingest.url}/imports`, { method: 'POST', headers, json: { kind, format: 'ndjson' } });
      const t0 = performance.now();
      const done = await http(`${ingest.url}/imports/${job.body.id}/data`, { method: 'PUT', headers: { ...headers, 'content-type': 'application/x-ndjson' }, body });
      if (done.body.status !== 'completed') throw new Error(`import ${kind} ended ${done.body.status}: ${done.body.failure}`);
      return performance.now() - t0;
    };
    const rssBefore = process.memoryUsage().rss;
    const e2eStart = performance.now();
    const memberMs = await upload('members', memberBody);
    const txMs = await upload('transactions', txBody);
    const rssAfter = process.memoryUsage().rss;
    log(`pipeline: uploads done (${Math.round(txMs)} ms for transactions); waiting for the index`);
    let docs: ProfileDocument[] = [];
    for (;;) {
      await indexer.index.refresh();
      const count = (await indexer.search.count({ index: alias })).count;
      if (count >= files.length) {
        const page = await indexer.search.search<ProfileDocument>({ index: alias, size: 10_000, query: { match_all: {} } });
        docs = page.hits.hits.map((h) => h._source!);
        if (docs.reduce((s, d) => s + d.visits.lifetime, 0) === transactions.length) break;
      }
      if (performance.now() - e2eStart > 20 * 60_000) throw new Error('the index did not fill within 20 minutes');
      await new Promise((r) => setTimeout(r, 250));
    }
    const e2eMs = performance.now() - e2eStart;
    log(`pipeline: end to end ${Math.round(e2eMs)} ms`);

    await raw.migrate();
    const rawStart = performance.now();
    for (let i = 0; i < docs.length; i += 2000) await raw.bulkIndex(docs.slice(i, i + 2000));
    await raw.refresh();
    const rawMs = performance.now() - rawStart;

    const member = files.find((f) => f.transactions.length > 0)!;
    const latencies: number[] = [];
    for (let k = 0; k < streamedN; k++) {
      const doc = await indexer.search.get<ProfileDocument>({ index: alias, id: profileId({ tenantId, memberId: member.member.memberId }) });
      const before = doc._source!.visits.lifetime;
      const tx = { ...member.transactions[0]!, transactionId: `${member.member.memberId}-stream${k}`, occurredAt: '2026-11-27T20:00:00Z' };
      const t0 = performance.now();
      const res = await http(`${ingest.url}/events/transactions`, { method: 'POST', headers, json: { transactions: [tx] } });
      if (res.status !== 202) throw new Error(`streamed event answered ${res.status}`);
      for (;;) {
        const now = await indexer.search.get<ProfileDocument>({ index: alias, id: profileId({ tenantId, memberId: member.member.memberId }) });
        if (now._source!.visits.lifetime > before) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      latencies.push(performance.now() - t0);
    }
    const e2eRate = files.length / (e2eMs / 1000);
    const rawRate = docs.length / (rawMs / 1000);
    return [
      '## Ingestion pipeline (`BENCH=pipeline`)',
      '',
      `Measured ${date} on ${machine.nproc} CPUs (${machine.cpuModel}), Node ${machine.node}, load average at start ${machine.loadavgAtStart.map((l) => l.toFixed(2)).join(' ')}; commit ${machine.commit}.`,
      `ingest, enricher and audience indexer in one Node process (in-process, port 0) over the shared MariaDB, Kafka (4 partitions per topic) and Elasticsearch; ${members.toLocaleString('en-US')} generated members, ${transactions.length.toLocaleString('en-US')} transactions over ${months} months (\`scripts/pipeline-data/generate-raw.ts\`, seed 99).`,
      '',
      '| Measure | Figure |',
      '|---|---|',
      `| Produce rate (upload -> validated -> Kafka acks), transactions | ${Math.round(transactions.length / (txMs / 1000)).toLocaleString('en-US')} rows/s (${(txBody.length / 1e6 / (txMs / 1000)).toFixed(1)} MB/s; ${Math.round(txMs)} ms) |`,
      `| Produce rate, members | ${Math.round(members / (memberMs / 1000)).toLocaleString('en-US')} rows/s |`,
      `| End to end: first upload -> every profile searchable | ${(e2eMs / 1000).toFixed(1)} s = ${Math.round(e2eRate).toLocaleString('en-US')} profiles/s, ${Math.round((transactions.length + members) / (e2eMs / 1000)).toLocaleString('en-US')} events/s |`,
      `| Raw Elasticsearch bulk of the same ${docs.length.toLocaleString('en-US')} final profiles (batches of 2,000) | ${(rawMs / 1000).toFixed(2)} s = ${Math.round(rawRate).toLocaleString('en-US')} profiles/s |`,
      `| End to end / raw bulk | **${(e2eRate / rawRate).toFixed(2)}x** (target 0.80x) |`,
      `| Streamed event -> visible in the profile (${streamedN} sequential, realtime GET) | p50 ${Math.round(pct(latencies, 50))} ms, p95 ${Math.round(pct(latencies, 95))} ms |`,
      `| Process RSS before / after the uploads | ${Math.round(rssBefore / 1e6)} / ${Math.round(rssAfter / 1e6)} MB (the ${(txBody.length / 1e6).toFixed(1)} MB body is built in memory by the bench client itself) |`,
      '',
      'Reading (not profiled, so a reading, not a finding): the produce path is fast enough (upload to Kafka acks is about a quarter of the end-to-end time); the rest is the enricher, which for every batch that touches a member re-reads the member\'s whole state under a row lock and emits a full profile, so a member whose visits arrive spread over many batches is rebuilt many times, while the raw bulk writes each final profile once. The target of 0.80x is far from met; batching the per-member reads and writes (one query per batch) is the next step. The machine\'s load average was about 10 on 2 CPUs (other helpers\' suites), so absolute figures are low; the 1M-transaction run of the issue was not attempted here.',
      '',
    ].join('\n');
  } finally {
    await raw.drop().catch(() => undefined);
    await indexer.index.drop().catch(() => undefined);
    await indexer.stop();
    await enricher.close();
    await ingest.stop();
    await secured.stop();
    await dropTopics(prefix).catch(() => undefined);
  }
}
