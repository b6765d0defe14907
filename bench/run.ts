/**
 * `make bench`: runs the benchmark suites, writes each one's section to bench/results/<suite>.md
 * and assembles bench/RESULTS.md from every section on disk, so one suite can be re-run alone
 * (`make bench BENCH=audience`) without losing the others' figures. Progress goes to stderr.
 *
 * Suites (BENCH, comma-separated; default all, in this order):
 *   http      generated stack vs bare Express, plus `make generate` cold and no-op (bench/http-bench.ts, bench/codegen-bench.ts)
 *   diff      spec diff over ~1,000 operations (bench/diff-bench.ts)
 *   oasdiff   marquee diff vs oasdiff, whole process, on GitHub's GHES 3.18 → 3.19 spec (bench/oasdiff-bench.ts)
 *   audience  count / breakdown / sample over 1M profiles, API vs raw Elasticsearch; compiler; bulk load (bench/audience-bench.ts)
 *   infra     Kafka and Elasticsearch cold and warm start, idle memory (bench/infra-bench.ts)
 *   pipeline  ingest produce rate, end to end vs raw Elasticsearch bulk, streamed latency (bench/pipeline-bench.ts)
 *   auth      GET /films/{filmId} with and without bearer verification, side by side (bench/auth-bench.ts)
 *   edge      GET /films/{filmId} direct and through the nginx edge proxy, side by side (bench/edge-bench.ts)
 *   sdk       TypeScript SDK bundle sizes; SDK call vs raw fetch (bench/sdk-bench.ts)
 *   coldstart compiled service start to first 200 vs bare Express and tsx; make generate compiled vs tsx (bench/coldstart-bench.ts)
 *
 * Knobs (environment): see each suite's file.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderAudienceSection, runAudienceBench } from './audience-bench';
import { runAuthBench } from './auth-bench';
import { runEdgeBench } from './edge-bench';
import { runCodegenBench } from './codegen-bench';
import { runColdstartBench } from './coldstart-bench';
import { diffBench } from './diff-bench';
import { oasdiffBench } from './oasdiff-bench';
import { httpOptionsFromEnv, runHttpBench } from './http-bench';
import { renderInfraSection, runInfraBench } from './infra-bench';
import { runPipelineBench } from './pipeline-bench';
import { machineInfo, REPO_ROOT } from './lib/machine';
import { sdkBench } from './sdk-bench';
import { renderResults } from './lib/report';

type Log = (message: string) => void;

const SUITES: { id: string; title: string; run: (log: Log) => Promise<string> }[] = [
  { id: 'http', title: 'HTTP: generated stack vs bare Express; codegen', run: httpAndCodegen },
  { id: 'diff', title: 'Spec diff over ~1,000 operations', run: () => diffBench() },
  { id: 'oasdiff', title: 'marquee diff vs oasdiff on a large public spec', run: (log) => oasdiffBench(log) },
  { id: 'audience', title: 'Audience queries over 1M profiles: API vs raw Elasticsearch; DSL compiler; bulk load', run: async (log) => renderAudienceSection(await runAudienceBench(log)) },
  { id: 'infra', title: 'Engines: cold and warm start, idle memory', run: async (log) => renderInfraSection(await runInfraBench(log)) },
  { id: 'pipeline', title: 'Ingestion pipeline: produce rate, end to end vs raw bulk, streamed latency', run: (log) => runPipelineBench(log) },
  { id: 'auth', title: 'Authentication: req/s with and without token verification', run: runAuthBench },
  { id: 'sdk', title: 'TypeScript SDKs: bundle size; SDK call vs raw fetch', run: (log) => sdkBench(log) },
  { id: 'edge', title: 'Edge proxy (nginx): direct vs through the edge', run: runEdgeBench },
  { id: 'coldstart', title: 'Cold start to first 200 and make generate, compiled vs tsx', run: (log) => runColdstartBench(log) },
];

const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results');

async function httpAndCodegen(log: Log): Promise<string> {
  const started = performance.now();
  const date = new Date().toISOString();
  const machine = machineInfo();
  const http = await runHttpBench(httpOptionsFromEnv(log));
  const codegen = await runCodegenBench({ runs: Number(process.env.BENCH_CODEGEN_RUNS ?? 5), log }).catch((err: unknown) => {
    log(`codegen benchmark failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
    return { error: err instanceof Error ? err.message : String(err) };
  });
  mkdirSync(join(REPO_ROOT, 'bench', '.tmp'), { recursive: true });
  writeFileSync(join(REPO_ROOT, 'bench', '.tmp', 'results.json'), `${JSON.stringify({ date, machine, http, codegen }, null, 2)}\n`);
  if (!('error' in codegen) && !codegen.codeUnchanged) {
    log(`generated/ changed during the codegen runs: ${codegen.differences.join('; ')}`);
    process.exitCode = 1;
  }
  const report = renderResults({ date, command: 'make bench BENCH=http', totalS: (performance.now() - started) / 1000, machine, http, codegen });
  // One level down: the report is a section of RESULTS.md.
  return report.replace(/^# Benchmarks$/m, '# HTTP and codegen').replace(/^#/gm, '##');
}

function assemble(): string {
  const parts = [
    '# Benchmarks',
    '',
    'Assembled by `make bench` (bench/run.ts) from bench/results/*.md; do not edit by hand. Each section says when and on what it was measured;',
    're-run one with `make bench BENCH=<suite>`. This machine is shared and noisy: read ratios measured side by side in one run, not absolute figures.',
    '',
    ...SUITES.map((s) => `- [${s.title}](#${s.id}) (\`BENCH=${s.id}\`)`),
    '',
  ];
  for (const s of SUITES) {
    const file = join(RESULTS_DIR, `${s.id}.md`);
    parts.push(`<a id="${s.id}"></a>`, '', existsSync(file) ? readFileSync(file, 'utf8').trimEnd() : `## ${s.title}\n\nNot measured yet: \`make bench BENCH=${s.id}\`.`, '');
  }
  // Sections of stand-alone benches (bench/generator-bench.ts and others run on their own) are kept after the suites'.
  const suiteFiles = new Set(SUITES.map((s) => `${s.id}.md`));
  for (const file of readdirSync(RESULTS_DIR).filter((f) => f.endsWith('.md') && !suiteFiles.has(f)).sort()) {
    parts.push(`<a id="${file.slice(0, -3)}"></a>`, '', readFileSync(join(RESULTS_DIR, file), 'utf8').trimEnd(), '');
  }
  return parts.join('\n');
}

async function main(): Promise<void> {
  const started = performance.now();
  const log: Log = (m) => {
    const s = Math.round((performance.now() - started) / 1000);
    process.stderr.write(`[bench ${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}] ${m}\n`);
  };
  const wanted = (process.env.BENCH || SUITES.map((s) => s.id).join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = wanted.filter((w) => !SUITES.some((s) => s.id === w));
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown suite(s) ${unknown.join(', ')}; known: ${SUITES.map((s) => s.id).join(', ')}\n`);
    process.exit(2);
  }
  const machine = machineInfo();
  log(`machine: ${machine.nproc} CPUs, ${machine.cpuModel}, ${machine.totalMemoryGiB} GiB, Node ${machine.node}; load average ${machine.loadavgAtStart.map((l) => l.toFixed(2)).join(' ')}`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  for (const suite of SUITES.filter((s) => wanted.includes(s.id))) {
    log(`suite ${suite.id}: ${suite.title}`);
    try {
      writeFileSync(join(RESULTS_DIR, `${suite.id}.md`), `${(await suite.run(log)).trimEnd()}\n`);
    } catch (err) {
      log(`suite ${suite.id} failed: ${err instanceof Error ? err.message : String(err)} (its previous section, if any, is kept)`);
      process.exitCode = 1;
    }
  }
  const out = join(REPO_ROOT, 'bench', 'RESULTS.md');
  writeFileSync(out, assemble());
  log(`wrote ${out}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
