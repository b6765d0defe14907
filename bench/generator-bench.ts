/**
 * Generator vs openapi-typescript alone, whole process, side by side on large public specs from
 * the corpus (codegen/corpus/manifest.json, fetched once into the cache):
 *
 *   openapi-typescript   node node_modules/openapi-typescript/bin/cli.js SPEC -o OUT        (types only)
 *   marquee types+code   node dist/build/codegen/src/cli.js --spec SPEC --no-lint --no-docs (types, routes, server stub, client)
 *   marquee default      node dist/build/codegen/src/cli.js --spec SPEC                     (the same plus lint and the API reference)
 *
 * The generator runs compiled, as `make build` leaves it (built first if needed; tsx adds ~0.7 s
 * of start-up that is not the generator's). The default run's docs size (all files, largest
 * file) is recorded too.
 *
 * Runs are interleaved (one of each tool per round) so machine load hits all alike; the median
 * and min wall time per spec go to bench/results/generator.json and a table on stdout that
 * bench/RESULTS.md quotes.
 *
 *   npx tsx bench/generator-bench.ts [--specs stripe,twilio] [--runs 3]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusSpecs, fetchCorpus } from '../codegen/corpus/fetch';
import { REPO_ROOT, machineInfo } from './lib/machine';
import { median } from './lib/stats';

const DEFAULT_SPECS = ['stripe', 'zoom', 'docusign', 'twilio', 'box', 'slack'];

interface Tool {
  name: string;
  argv: (spec: string, out: string) => string[];
}

const OTS = join(REPO_ROOT, 'node_modules/openapi-typescript/bin/cli.js');
const CLI = join(REPO_ROOT, 'dist/build/codegen/src/cli.js');
/** Runs happen in an empty folder, as in a user's project without marquee.config.yaml (this repo's makes house style errors). */
let projectDir = tmpdir();
const TOOLS: Tool[] = [
  { name: 'openapi-typescript', argv: (spec, out) => [OTS, spec, '-o', join(out, 'types.ts'), '--silent'] },
  { name: 'marquee types+code', argv: (spec, out) => [CLI, '--spec', spec, '--name', 'bench', '--out', out, '--no-lint', '--no-docs'] },
  { name: 'marquee default', argv: (spec, out) => [CLI, '--spec', spec, '--name', 'bench', '--out', out] },
];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

function timeRun(tool: Tool, spec: string, out: string): number {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const started = performance.now();
  const run = spawnSync(process.execPath, tool.argv(spec, out), { cwd: projectDir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) {
    throw new Error(`${tool.name} failed on ${spec} (exit ${String(run.status)}): ${(run.stderr || run.stdout).split('\n').slice(-3).join(' | ')}`);
  }
  return seconds;
}

/** Total and largest file of the API reference a run wrote (MB). */
function docsSize(out: string): { totalMb: number; largestMb: number; files: number } {
  const dir = join(out, 'docs');
  const sizes = readdirSync(dir).map((f) => statSync(join(dir, f)).size);
  return { totalMb: sizes.reduce((a, b) => a + b, 0) / 1e6, largestMb: Math.max(...sizes) / 1e6, files: sizes.length };
}

function main(): void {
  const build = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/build.cjs'), 'codegen'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (build.status !== 0) {
    throw new Error(`the compiled generator did not build: ${build.stderr}`);
  }
  const names = (arg('--specs') ?? DEFAULT_SPECS.join(',')).split(',');
  const runs = Number(arg('--runs') ?? process.env.BENCH_GENERATOR_RUNS ?? 3);
  const paths = fetchCorpus((l) => process.stdout.write(`${l}\n`));
  const machine = machineInfo();
  const dir = mkdtempSync(join(tmpdir(), 'marquee-generator-bench-'));
  projectDir = join(dir, 'project');
  mkdirSync(projectDir);
  const rows: { spec: string; mb: number; docs: ReturnType<typeof docsSize>; tools: Record<string, { medianS: number; minS: number; runsS: number[] }> }[] = [];
  for (const name of names) {
    const spec = corpusSpecs().find((s) => s.name === name);
    if (!spec) {
      throw new Error(`no spec '${name}' in codegen/corpus/manifest.json`);
    }
    const times: Record<string, number[]> = Object.fromEntries(TOOLS.map((t) => [t.name, []]));
    for (let round = 0; round < runs; round++) {
      for (const tool of TOOLS) {
        const s = timeRun(tool, paths.get(name)!, join(dir, name, tool.name.replace(/\W+/g, '-')));
        times[tool.name]!.push(s);
        process.stdout.write(`${name} round ${round + 1}/${runs} ${tool.name}: ${s.toFixed(2)}s\n`);
      }
    }
    rows.push({
      spec: name,
      mb: spec.bytes / 1e6,
      docs: docsSize(join(dir, name, 'marquee-default')),
      tools: Object.fromEntries(Object.entries(times).map(([t, v]) => [t, { medianS: median(v), minS: Math.min(...v), runsS: v }])),
    });
  }
  rmSync(dir, { recursive: true, force: true });
  const header = `| spec | size | ${TOOLS.map((t) => `${t.name} median (min)`).join(' | ')} | types+code / openapi-typescript | default / openapi-typescript | docs: files, total, largest |`;
  const lines = [header, `|---|---|${TOOLS.map(() => '---|').join('')}---|---|---|`];
  for (const r of rows) {
    const cell = (t: string) => `${r.tools[t]!.medianS.toFixed(2)} s (${r.tools[t]!.minS.toFixed(2)})`;
    const ratio = (t: string) => `${(r.tools[t]!.medianS / r.tools['openapi-typescript']!.medianS).toFixed(2)}×`;
    const docs = `${r.docs.files}, ${r.docs.totalMb.toFixed(1)} MB, ${r.docs.largestMb.toFixed(2)} MB`;
    lines.push(`| ${r.spec} | ${r.mb.toFixed(1)} MB | ${TOOLS.map((t) => cell(t.name)).join(' | ')} | ${ratio('marquee types+code')} | ${ratio('marquee default')} | ${docs} |`);
  }
  const table = lines.join('\n');
  mkdirSync(join(REPO_ROOT, 'bench/results'), { recursive: true });
  const loadAtEnd = loadavg();
  writeFileSync(join(REPO_ROOT, 'bench/results/generator.json'), `${JSON.stringify({ date: new Date().toISOString(), runs, machine, loadAtEnd, rows }, null, 2)}\n`);
  process.stdout.write(`\n${table}\n\nmachine: ${machine.nproc} cores ${machine.cpuModel}, node ${machine.node}, load at start ${machine.loadavgAtStart.map((l) => l.toFixed(1)).join(' ')}, at end ${loadAtEnd.map((l) => l.toFixed(1)).join(' ')}\n`);
}

try {
  main();
} catch (err) {
  process.stderr.write(`generator-bench: ${(err as Error).message}\n`);
  process.exit(1);
}
