/**
 * The pipeline bench's enricher and audience indexer, either in the bench's own process (as
 * before) or as separate processes running the compiled build (dist/build, as production runs
 * them; the same entry points the crash test kills). Separate processes report their CPU time
 * from /proc, not their internal timings.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createLogger, createSearch, type SearchClient } from '@marquee/runtime';
import { loadEnricherConfig } from '../../services/enricher/src/config';
import { buildEnricherService } from '../../services/enricher/src/server';
import { loadIndexerConfig } from '../../services/audience/src/indexer/config';
import { startProfileIndexer } from '../../services/audience/src/indexer/profile-indexer';
import { ProfilesIndex } from '../../services/audience/src/data-access/profiles-index';
import { nodeArgs, REPO_ROOT } from '../../test/support/compiled';
import { testEnv } from '../../test/support/databases';
import { ELASTICSEARCH_URL, KAFKA_BROKERS } from '../../test/support/engines';

export interface PipelineWorkers {
  search: SearchClient;
  index: ProfilesIndex;
  /** Where the time went (in-process only). */
  timings(): string;
  /** Profiles emitted / deadlocks retried (in-process only). */
  enricherFigures(): string;
  /** CPU seconds used by separate worker processes so far (0 in-process: counted in the bench's own). */
  childCpuS(): number;
  stop(): Promise<void>;
}

const quiet = createLogger('bench', process.env.BENCH_LOG_LEVEL ?? 'silent');

function cpuOf(child: ChildProcess): number {
  try {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

export async function startPipelineWorkers(args: { separate: boolean; prefix: string; alias: string; catalogUrl: string; serviceEnv: Record<string, string>; profileNow: string; knobs: (prefix: string) => Record<string, string> }): Promise<PipelineWorkers> {
  const { prefix, alias } = args;
  const enricherEnv = testEnv('enricher', { KAFKA_BROKERS: KAFKA_BROKERS.join(','), TOPIC_PREFIX: prefix, GROUP_ID: `${prefix}enricher`, CATALOG_URL: args.catalogUrl, ...args.serviceEnv, PROFILE_NOW: args.profileNow, ...args.knobs('ENRICH_') });
  const indexerEnv = { KAFKA_BROKERS: KAFKA_BROKERS.join(','), TOPIC_PREFIX: prefix, GROUP_ID: `${prefix}indexer`, ELASTICSEARCH_URL, PROFILES_ALIAS: alias, ...args.knobs('INDEX_') };
  if (!args.separate) {
    const enricher = buildEnricherService({ config: loadEnricherConfig(enricherEnv), log: quiet });
    await enricher.start();
    const indexer = await startProfileIndexer(loadIndexerConfig(indexerEnv), quiet);
    const round = (o: object) => JSON.stringify(Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v) : v])));
    return {
      search: indexer.search,
      index: indexer.index,
      timings: () => `enricher ${round(enricher.enricher.timings)}; indexer ${round(indexer.timings)}`,
      enricherFigures: () => `${enricher.enricher.profilesEmitted.toLocaleString('en-US')} / ${enricher.enricher.deadlocksRetried}`,
      childCpuS: () => 0,
      stop: async () => {
        await indexer.stop();
        await enricher.close();
      },
    };
  }
  const env = { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'silent' };
  const children = [
    spawn(process.execPath, nodeArgs('services/enricher/src/start.ts'), { cwd: REPO_ROOT, env: { ...env, ...enricherEnv }, stdio: 'ignore' }),
    spawn(process.execPath, nodeArgs('services/audience/src/indexer/start-indexer.ts'), { cwd: REPO_ROOT, env: { ...env, ...indexerEnv }, stdio: 'ignore' }),
  ];
  const search = createSearch({ node: ELASTICSEARCH_URL, requestTimeoutMs: 30_000 });
  const index = new ProfilesIndex(search, alias);
  // The indexer creates the index at start; wait for it (and for the enricher to have joined, roughly).
  const deadline = Date.now() + 60_000;
  while (!(await search.indices.exists({ index: alias }).catch(() => false))) {
    if (children.some((c) => c.exitCode !== null)) throw new Error('a pipeline worker process exited at start');
    if (Date.now() > deadline) throw new Error(`index ${alias} not created by the indexer process within 60 s`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    search,
    index,
    timings: () => '(separate processes: no internal timings)',
    enricherFigures: () => 'n/a (separate process)',
    childCpuS: () => children.reduce((s, c) => s + cpuOf(c), 0),
    stop: async () => {
      await Promise.all(children.filter((c) => c.exitCode === null).map((c) => (c.kill('SIGTERM'), once(c, 'exit'))));
      await search.close();
    },
  };
}
