/**
 * `make bench BENCH=coldstart` (issue #11): how fast a service answers its first 200, and how
 * fast `make generate` is, compiled (dist/build, `make build`) vs tsx.
 *
 * Cold start: each target is spawned once (not counted: it writes the compiled services' V8 code
 * cache, as the first start after `make build` does), then N times, interleaved; /healthz polled
 * every 10 ms until the first 200; wall time from spawn, and the process's own CPU time at that
 * moment (/proc/<pid>/stat; on a loaded shared machine the CPU time is the steadier figure).
 * Targets: compiled catalog and audience under node (with their test databases; audience with a
 * bench alias in Elasticsearch), both also without the code cache (MARQUEE_COMPILE_CACHE=0), a
 * bare Express app (bench/lib/bare-express.cjs) as written, bundled by esbuild, and with a
 * MariaDB `select 1` before it listens (what the services' migration check costs), and the
 * catalog through tsx for reference. One more compiled catalog and audience start each run
 * under --cpu-prof: where their start-up time goes.
 *
 * Codegen: bench/codegen-bench.ts with the compiled generator (no-op = `make generate`, cold =
 * `node dist/build/codegen/src/cli.js --force`) and the same through tsx for reference.
 *
 * Knobs: BENCH_COLDSTART_RUNS (7), BENCH_CODEGEN_RUNS (5), BENCH_COLDSTART_ONLY=1 (no make generate).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { testEnv } from '../test/support/databases';
import { freePort } from '../scripts/lib/ports';
import { runCodegenBench, type CodegenBenchResult } from './codegen-bench';
import { summarizeProfile, type ProfileSummary } from './lib/cpuprofile';
import { machineInfo, REPO_ROOT } from './lib/machine';
import { fixed, median } from './lib/stats';

type Log = (message: string) => void;

interface Target {
  name: string;
  args: (port: number) => string[];
  env: (port: number) => NodeJS.ProcessEnv;
  /** Run before each start. */
  prepare?: () => void;
}

interface Sample {
  wallMs: number;
  cpuMs: number;
}

const ES = process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200';
const ALIAS = `profiles-coldstart-${process.pid}`;
const NODE = ['--enable-source-maps'];
const dist = (entry: string) => join(REPO_ROOT, 'dist', 'build', entry);

/** bench/lib/bare-express.cjs bundled with esbuild (what a user who bundles gets), built by the bench into bench/.tmp. */
const BARE_BUNDLED = join(REPO_ROOT, 'bench', '.tmp', 'bare-express.bundle.cjs');

const CATALOG = 'catalog, compiled (node dist/build)';
const AUDIENCE = 'audience, compiled (node dist/build)';
const BARE = 'bare Express (node)';
const BARE_BUNDLE = 'bare Express, bundled (esbuild, node)';
const BARE_DB = 'bare Express + MariaDB select 1 (node)';
const NO_CACHE = { MARQUEE_COMPILE_CACHE: '0' };

/** As in a read-only image: only the caches `make build` wrote (`.build.v8cache`); those a start wrote are removed before each start. */
function buildCachesOnly(): void {
  const root = dist('services');
  for (const f of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    if (f.endsWith('.v8cache') && !f.endsWith('.build.v8cache')) rmSync(join(root, f), { force: true });
  }
}
const audienceEnv = (port: number, extra: NodeJS.ProcessEnv = {}) => testEnv('audience', { PORT: String(port), ELASTICSEARCH_URL: ES, PROFILES_ALIAS: ALIAS, ...extra });

const TARGETS: Target[] = [
  { name: CATALOG, args: () => [...NODE, dist('services/catalog/src/start.js')], env: (port) => testEnv('catalog', { PORT: String(port) }) },
  { name: AUDIENCE, args: () => [...NODE, dist('services/audience/src/start.js')], env: (port) => audienceEnv(port) },
  { name: 'catalog, compiled, build-time code cache only (read-only image)', args: () => [...NODE, dist('services/catalog/src/start.js')], env: (port) => testEnv('catalog', { PORT: String(port) }), prepare: buildCachesOnly },
  { name: 'audience, compiled, build-time code cache only (read-only image)', args: () => [...NODE, dist('services/audience/src/start.js')], env: (port) => audienceEnv(port), prepare: buildCachesOnly },
  { name: 'catalog, compiled, no code cache', args: () => [...NODE, dist('services/catalog/src/start.js')], env: (port) => testEnv('catalog', { PORT: String(port), ...NO_CACHE }) },
  { name: 'audience, compiled, no code cache', args: () => [...NODE, dist('services/audience/src/start.js')], env: (port) => audienceEnv(port, NO_CACHE) },
  { name: BARE, args: () => [join(REPO_ROOT, 'bench', 'lib', 'bare-express.cjs')], env: (port) => ({ PORT: String(port) }) },
  { name: BARE_BUNDLE, args: () => [BARE_BUNDLED], env: (port) => ({ PORT: String(port) }) },
  { name: BARE_DB, args: () => [join(REPO_ROOT, 'bench', 'lib', 'bare-express.cjs'), '--mysql'], env: (port) => testEnv('catalog', { PORT: String(port) }) },
  { name: 'catalog, tsx (node --import tsx, reference)', args: () => ['--import', 'tsx', join(REPO_ROOT, 'services/catalog/src/start.ts')], env: (port) => testEnv('catalog', { PORT: String(port) }) },
];

/** The bundled bare Express: one esbuild bundle, no code cache (knex stays out: only the --mysql variant loads it). */
async function bundleBareExpress(): Promise<void> {
  const esbuild = await import('esbuild');
  await esbuild.build({ entryPoints: [join(REPO_ROOT, 'bench', 'lib', 'bare-express.cjs')], outfile: BARE_BUNDLED, bundle: true, platform: 'node', target: 'node20', format: 'cjs', external: ['knex'], logLevel: 'error' });
}

/** utime + stime of a process, in ms (USER_HZ 100). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** A start that lost its free port to another process meanwhile (EADDRINUSE) is tried again on a new one. */
async function startOnce(target: Target, extraArgs: string[] = []): Promise<Sample> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnPort(target, extraArgs, await freePort());
    } catch (err) {
      if (attempt >= 3 || !/EADDRINUSE/.test((err as Error).message)) throw err;
    }
  }
}

async function startOnPort(target: Target, extraArgs: string[], port: number): Promise<Sample> {
  const started = performance.now();
  const child = spawn(process.execPath, [...extraArgs, ...target.args(port)], { cwd: REPO_ROOT, env: { ...process.env, LOG_LEVEL: 'warn', NODE_ENV: 'production', ...target.env(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  try {
    for (;;) {
      if (exited !== undefined) throw new Error(`${target.name} exited with ${String(exited)} before answering: ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
      if (performance.now() - started > 60_000) throw new Error(`${target.name}: no 200 on /healthz within 60 s`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false);
      if (ok) {
        const wallMs = performance.now() - started;
        return { wallMs, cpuMs: cpuMsOf(child.pid!) };
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    if (exited === undefined) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 10_000))]);
      if (exited === undefined) child.kill('SIGKILL');
    }
  }
}

async function profile(target: Target): Promise<ProfileSummary> {
  const dir = mkdtempSync(join(tmpdir(), 'marquee-coldstart-prof-'));
  try {
    await startOnce(target, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error(`the profiled ${target.name} wrote no .cpuprofile`);
    return summarizeProfile(join(dir, file), 0, 12, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function profileTable(title: string, p: ProfileSummary | string): string[] {
  return [
    `### ${title}`,
    '',
    ...(typeof p === 'string'
      ? [`Profile failed: ${p}`]
      : [`${ms(p.busyMs)} busy, ${ms(p.idleMs)} idle (waiting for MariaDB and Elasticsearch) until the service handled its first request (the poll that got the first 200; the shutdown the profiler also records is not counted).`, '', '| package / area | self ms | share |', '|---|---:|---:|', ...p.selfByCategory.map((r) => `| ${r.name} | ${Math.round(r.ms)} | ${(r.share * 100).toFixed(1)}% |`)]),
  ];
}

function ms(v: number): string {
  return `${Math.round(v)} ms`;
}

function codegenTable(title: string, c: CodegenBenchResult): string[] {
  return [
    `| ${title} | command | runs | wall median | wall min | CPU median (user+sys) | in-process median |`,
    '|---|---|---:|---:|---:|---:|---:|',
    ...c.stats.map((s) => `| ${s.kind} | \`${s.command}\` | ${s.runs} | ${fixed(s.wallMedianS, 3)} s | ${fixed(s.wallMinS, 3)} s | ${s.cpuMedianS === undefined ? '?' : `${fixed(s.cpuMedianS, 3)} s`} | ${fixed(s.inProcessMedianS, 3)} s |`),
    '',
    c.generatedUnchanged || c.codeUnchanged ? `Output unchanged: all ${c.filesChecked} generated files hash identically before and after the runs.` : `**Output changed during the runs**: ${c.differences.join('; ')}`,
  ];
}

const NOTES = `### Reading these figures

Wall times on this machine are several times the CPU times (load average well above its 2 cores): compare the CPU columns and the ratios measured side by side. What the compiled build changed: services and commands run as esbuild bundles under plain node (no tsx compile at start-up); kafkajs and the Elasticsearch client load on first use (catalog and identity never load them); the generator loads YAML, openapi-typescript and TypeScript only after its up-to-date check fails, parses YAML with js-yaml, skips openapi-typescript's Redocly lint and re-bundle, renders each schema block once per document, and keeps a V8 code cache for typescript.js. Request validation is compiled at generate time (issue #11, item 2): a service in production compiles no schema and loads no spec at start-up. Cold start (issue #11, item 5): the services' npm packages are bundled into one vendor bundle (dist/build/services/vendor.bundle.js; JSON as JSON.parse text, ASCII so node reads it as a one-byte string, the Elasticsearch client's apache-arrow loaded only if its ES|QL Arrow helpers run), so a start reads two files instead of resolving and loading 600 (catalog) to 1,100 (audience) modules; each service's start.js compiles its bundle and the vendor bundle with a V8 code cache written by \`make build\` and, where the folder is writable, rewritten by the first start (scripts/lib/run-bundle.cjs), and source maps are read on the first stack trace rather than at start-up; mime-types loads on first use and its four identical copies (under express, send, accepts, type-is) are bundled once, and /healthz and /readyz write their JSON without Express's res (which would load it). What remains in a service start (profiles above): node's own bootstrap, deserialising the code cache (node core: vm) and reading the 8 MB vendor bundle, running the packages' module initialisation (mysql2's error tables; jose's createRemoteJWKSet builds a Headers, which loads node's internal undici), GC, and the MariaDB round trips of the migration check. What remains in a cold generate: TypeScript's own module initialisation and openapi-typescript's transform and printer, and the request validators (Ajv compiling each operation's validators against the whole document, then the standalone code: about half a second of CPU per large spec, skipped when node_modules/.cache/marquee-codegen holds them for the same document and code), the HTML reference.`;

/** Starts each target `runs` times, interleaved, after one start each that is not counted. */
async function measureStarts(runs: number, log: Log): Promise<{ samples: Map<string, Sample[]>; failures: Map<string, string[]> }> {
  const samples = new Map<string, Sample[]>(TARGETS.map((t) => [t.name, []]));
  const failures = new Map<string, string[]>(TARGETS.map((t) => [t.name, []]));
  for (let i = 0; i <= runs; i++) {
    for (const target of TARGETS) {
      const label = i === 0 ? 'warm-up (not counted)' : `run ${i}/${runs}`;
      try {
        target.prepare?.();
        const s = await startOnce(target);
        if (i > 0) samples.get(target.name)!.push(s);
        log(`coldstart · ${label} · ${target.name}: ${ms(s.wallMs)} wall, ${ms(s.cpuMs)} CPU`);
      } catch (err) {
        if (i > 0) failures.get(target.name)!.push((err as Error).message);
        log(`coldstart · ${label} · ${target.name}: FAILED ${(err as Error).message}`);
      }
    }
  }
  return { samples, failures };
}

const signed = (v: number) => `${v >= 0 ? '+' : ''}${ms(v)}`;

export async function runColdstartBench(log: Log): Promise<string> {
  const runs = Number(process.env.BENCH_COLDSTART_RUNS ?? 7);
  const machine = machineInfo();
  const started = new Date().toISOString();
  await bundleBareExpress();
  const { samples, failures } = await measureStarts(runs, log);
  log('coldstart · one compiled catalog and one compiled audience start under --cpu-prof');
  const catalogProfile = await profile(TARGETS[0]!).catch((err: unknown) => (err as Error).message);
  const audienceProfile = await profile(TARGETS[1]!).catch((err: unknown) => (err as Error).message);
  await fetch(`${ES}/${ALIAS}*`, { method: 'DELETE' }).catch(() => undefined);
  const codegen = process.env.BENCH_COLDSTART_ONLY === '1' ? undefined : await measureCodegen(log);
  const stat = (name: string) => {
    const s = samples.get(name)!;
    return { n: s.length, wall: median(s.map((x) => x.wallMs)), wallMin: Math.min(...s.map((x) => x.wallMs)), cpu: median(s.map((x) => x.cpuMs)) };
  };
  const bare = stat(BARE);
  const bareBundled = stat(BARE_BUNDLE);
  const bareDb = stat(BARE_DB);
  const verdict = (name: string) => {
    const s = stat(name);
    const over = s.wall - bare.wall;
    return `${name.replace(/,.*/, '')} ${ms(s.wall)} (≤ 400 ms: ${s.wall <= 400 ? 'met' : 'missed'}), ${signed(over)} over bare Express (≤ +150 ms: ${over <= 150 ? 'met' : 'missed'})`;
  };
  const load = machine.loadavgAtStart.map((l) => l.toFixed(1)).join(' ');
  const out = [
    '## Cold start and generate speed (#11)',
    '',
    `Measured ${started} on ${machine.nproc} CPUs (${machine.cpuModel}), Node ${machine.node}, commit ${machine.commit}; load average at start ${load}, at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')} (a shared machine: other sessions' builds and tests ran meanwhile). \`make bench BENCH=coldstart\` (bench/coldstart-bench.ts).`,
    '',
    `### Service start to first 200 on /healthz (${runs} runs each, interleaved, after one start each not counted)`,
    '',
    '| target | ok | wall median | wall min | CPU median | vs bare Express (wall) | vs bundled bare Express (wall) | vs bare Express + MariaDB (wall) | CPU ÷ bare Express |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...TARGETS.map((t) => {
      const s = stat(t.name);
      return `| ${t.name} | ${s.n}/${runs} | ${ms(s.wall)} | ${ms(s.wallMin)} | ${ms(s.cpu)} | ${signed(s.wall - bare.wall)} | ${signed(s.wall - bareBundled.wall)} | ${signed(s.wall - bareDb.wall)} | ${(s.cpu / bare.cpu).toFixed(2)}× |`;
    }),
    '',
    ...[...failures].filter(([, f]) => f.length > 0).map(([name, f]) => `- ${name}: ${f.length} failed start(s): ${f[0]}`),
    '',
    `Targets (issue #11): compiled service ≤ 400 ms, and ≤ bare Express + 150 ms (wall). This run: ${verdict(CATALOG)}; ${verdict(AUDIENCE)}.`,
    '',
    "CPU is the process's own user+system time at its first 200. `make build` writes each entry point's V8 code cache (`.build.v8cache`, a warm-up run up to the first wait for I/O); the start not counted writes the service's own (`.v8cache`, on its exit: it also covers listen and the first requests), as the first start after `make build` does where the folder is writable, and the first two rows use it. *Build-time code cache only*: the services' own caches removed before each start, as in the image (read-only root), and as the first start after a build. *No code cache* (MARQUEE_COMPILE_CACHE=0): what every start cost before the build wrote one. *Bundled bare Express*: bench/lib/bare-express.cjs as one esbuild bundle, no code cache.",
    '',
    ...profileTable('Where a compiled catalog start spends its CPU (--cpu-prof, self time by package)', catalogProfile),
    '',
    ...profileTable('Where a compiled audience start spends its CPU (--cpu-prof, self time by package)', audienceProfile),
    '',
    '### make generate',
    '',
    ...(codegen ?? ['Not measured in this run (BENCH_COLDSTART_ONLY=1).']),
    '',
    NOTES,
  ];
  return out.join('\n');
}

async function measureCodegen(log: Log): Promise<string[]> {
  log('codegen · compiled generator');
  const compiled = await runCodegenBench({ runs: Number(process.env.BENCH_CODEGEN_RUNS ?? 5), log });
  log('codegen · tsx generator (reference)');
  const tsx = await runCodegenBench({ runs: 2, log, commands: { cold: ['npx', 'tsx', 'codegen/src/cli.ts', '--force'], 'no-op': ['npx', 'tsx', 'codegen/src/cli.ts'] } });
  return [...codegenTable('compiled', compiled), '', ...codegenTable('tsx (reference)', tsx), '', 'Targets (issue #11): no-op `make generate` ≤ 0.25 s wall, cold (all specs, `--force`) ≤ 1.0 s wall.'];
}

if (require.main === module) {
  runColdstartBench((m) => process.stderr.write(`[bench] ${m}\n`)).then(
    (md) => process.stdout.write(`${md}\n`),
    (err: unknown) => {
      process.stderr.write(`coldstart-bench: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
