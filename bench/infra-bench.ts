/**
 * Engine start-up benchmark: `scripts/infra.sh up` for Kafka and Elasticsearch, cold (an empty
 * MARQUEE_HOME: Maven resolves and downloads every jar from Maven Central, then formats storage)
 * and warm (cache and data present), and each engine's resident memory once idle. It runs in a
 * scratch MARQUEE_HOME on other ports, so the engines `make infra-up` started keep running.
 * MariaDB is not part of it: it is a Debian package installed once per machine, and its warm
 * start is the one `make infra-up` prints.
 *
 *   npx tsx bench/infra-bench.ts    (prints the markdown section; bench/run.ts embeds it)
 *
 * Knobs (environment): BENCH_INFRA_IDLE_S (30, seconds idle before reading RSS).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { machineInfo, REPO_ROOT } from './lib/machine';
import { fixed } from './lib/stats';

type Log = (message: string) => void;
const ENGINES = ['kafka', 'elasticsearch'] as const;
type Engine = (typeof ENGINES)[number];

export interface InfraBenchResult {
  date: string;
  coldS: Record<Engine, number>;
  warmS: Record<Engine, number>;
  rssMiB: Record<Engine, number>;
  idleS: number;
  cacheMB: number;
}

const HOME = join(REPO_ROOT, 'bench', '.tmp', 'infra-home');
const ENV = {
  ...process.env,
  MARQUEE_HOME: HOME,
  MARQUEE_KAFKA_PORT: '19092',
  MARQUEE_KAFKA_CONTROLLER_PORT: '19093',
  MARQUEE_ES_PORT: '19200',
  MARQUEE_ES_TRANSPORT_PORT: '19300',
};

function infra(args: string[]): number {
  const started = performance.now();
  const run = spawnSync(join(REPO_ROOT, 'scripts', 'infra.sh'), args, { cwd: REPO_ROOT, env: ENV, stdio: ['ignore', 2, 2] }); // its progress goes with ours, to stderr
  if (run.status !== 0) throw new Error(`scripts/infra.sh ${args.join(' ')} failed (exit ${run.status}); its messages are above`);
  return (performance.now() - started) / 1000;
}

function rssMiB(engine: Engine): number {
  const pidFile = join(HOME, 'run', `${engine}.pid`);
  const pid = readFileSync(pidFile, 'utf8').trim();
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

function duMB(path: string): number {
  const out = spawnSync('du', ['-sm', path], { encoding: 'utf8' }).stdout;
  return Number(out.split('\t')[0]);
}

export async function runInfraBench(log: Log): Promise<InfraBenchResult> {
  const date = new Date().toISOString();
  const idleS = Number(process.env.BENCH_INFRA_IDLE_S ?? 30);
  if (existsSync(HOME)) {
    infra(['down', ...ENGINES]);
    rmSync(HOME, { recursive: true, force: true });
  }
  const coldS = {} as Record<Engine, number>;
  const warmS = {} as Record<Engine, number>;
  const rss = {} as Record<Engine, number>;
  try {
    for (const e of ENGINES) {
      log(`infra: cold start of ${e} in ${HOME} (downloads from Maven Central)...`);
      coldS[e] = infra(['up', e]);
    }
    const cacheMB = duMB(join(HOME, 'cache'));
    infra(['down', ...ENGINES]);
    for (const e of ENGINES) {
      log(`infra: warm start of ${e}...`);
      warmS[e] = infra(['up', e]);
    }
    log(`infra: idle ${idleS} s, then resident memory...`);
    await new Promise((r) => setTimeout(r, idleS * 1000));
    for (const e of ENGINES) rss[e] = rssMiB(e);
    return { date, coldS, warmS, rssMiB: rss, idleS, cacheMB };
  } finally {
    infra(['down', ...ENGINES]);
    rmSync(HOME, { recursive: true, force: true });
  }
}

export function renderInfraSection(r: InfraBenchResult): string {
  const m = machineInfo();
  return [
    '## Engines: `scripts/infra.sh up` (what `make infra-up` runs)',
    '',
    `Measured ${r.date} on ${m.nproc} × ${m.cpuModel}, ${m.totalMemoryGiB} GiB, commit ${m.commit}, in a scratch MARQUEE_HOME on other ports (bench/infra-bench.ts). Cold: empty home, so Maven resolves and downloads the jars from Maven Central (${fixed(r.cacheMB, 0)} MB cache for both, Maven's own plugins included) and the storage is formatted. Warm: cache and data present, no network. Each time runs until the engine answers (Kafka a metadata request, Elasticsearch cluster health yellow or green). Resident memory after ${r.idleS} s idle.`,
    '',
    '| engine | cold s | warm s | idle RSS MiB | heap |',
    '|---|---:|---:|---:|---|',
    ...ENGINES.map((e) => `| ${e} | ${fixed(r.coldS[e], 1)} | ${fixed(r.warmS[e], 1)} | ${fixed(r.rssMiB[e], 0)} | ${e === 'kafka' ? '512m' : '1g'} |`),
    '',
    'MariaDB is a Debian package: `apt-get install` once per machine (about 17 s here), then `make infra-up` starts it and provisions the service databases in about 1.5 s.',
    '',
  ].join('\n');
}

if (require.main === module) {
  const started = performance.now();
  const log: Log = (msg) => process.stderr.write(`[infra-bench ${Math.round((performance.now() - started) / 1000)}s] ${msg}\n`);
  runInfraBench(log)
    .then((r) => process.stdout.write(renderInfraSection(r)))
    .catch((err: unknown) => {
      process.stderr.write(`infra-bench: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    });
}
