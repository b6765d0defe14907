/**
 * Codegen benchmark: wall time of the compiled generator with `--force` (cold: full
 * regeneration) and of `make generate` right after it (no-op: inputs unchanged; commands can be
 * swapped, e.g. for tsx),
 * plus the in-process time the CLI prints. Verifies that generated/ (and anything else the
 * manifest lists) ends byte-for-byte as it began (the generator is deterministic and writes only
 * changed files).
 *
 *   npx tsx bench/codegen-bench.ts     (bench/run.ts runs it as part of `make bench`)
 *
 * Knob: BENCH_CODEGEN_RUNS (5).
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './lib/machine';
import { fixed, median } from './lib/stats';

export interface CodegenRun {
  kind: 'cold' | 'no-op';
  wallS: number;
  /** The time the CLI reports for its own work (after Node, npx and tsx have started). */
  inProcessS: number;
  /** User + system CPU of the command and its children (bash `times`): steadier than wall time on a loaded machine. */
  cpuS?: number;
  summary: string;
}

export interface CodegenStats {
  kind: CodegenRun['kind'];
  command: string;
  runs: number;
  wallMedianS: number;
  wallMinS: number;
  inProcessMedianS: number;
  inProcessMinS: number;
  cpuMedianS?: number;
}

export interface CodegenBenchResult {
  runs: CodegenRun[];
  /** No-op runs that found their inputs changed (someone edited specs/ or codegen/ meanwhile) and were run again. */
  noopRetries: number;
  stats: CodegenStats[];
  /** The per-step timings the last cold run printed. */
  lastColdOutput: string;
  /** Every file under generated/ hashes the same before and after, and git status agrees. */
  generatedUnchanged: boolean;
  /** Paths hashed outside generated/ because the manifest lists them. */
  outsideGenerated: string[];
  /** Every generated file except generated/.manifest.json hashes the same before and after. */
  codeUnchanged: boolean;
  /** How generated/.manifest.json changed, if it did (its inputs hash moves when specs/ or codegen/src are edited). */
  manifestChanges: string[];
  filesChecked: number;
  gitStatusBefore: string;
  gitStatusAfter: string;
  differences: string[];
}

/** The compiled generator (#11): `make generate` for the no-op (make's own dependency check included), node on dist/build for the cold run. */
export const COMPILED_COMMANDS: Record<CodegenRun['kind'], string[]> = {
  cold: ['node', '--enable-source-maps', 'dist/build/codegen/src/cli.js', '--force'],
  'no-op': ['make', '-s', '--no-print-directory', 'generate'],
};

function seconds(value: string, unit: string): number {
  return unit === 's' ? Number(value) : Number(value) / 1000;
}

/** A no-op run regenerated: its inputs changed since the cold run before it. */
class InputsChanged extends Error {}

function runOnce(kind: CodegenRun['kind'], COMMANDS: Record<CodegenRun['kind'], string[]>): Promise<CodegenRun & { stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // Through bash so that `times` reports the command's CPU time (children included) on stderr.
    const quoted = COMMANDS[kind].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
    const child = spawn('bash', ['-c', `${quoted}; code=$?; times >&2; exit $code`], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallS = (performance.now() - started) / 1000;
      if (code !== 0) {
        reject(new Error(`${COMMANDS[kind].join(' ')} exited with ${String(code)}:\n${stdout}${stderr}`));
        return;
      }
      const match = kind === 'cold' ? /^generate: .* in ([\d.]+)(ms|s);/m.exec(stdout) : /^generate: up to date .* in ([\d.]+)(ms|s)$/m.exec(stdout);
      if (!match?.[1] || !match[2]) {
        const regenerated = kind === 'no-op' && /^generate: \d+ files, .* in [\d.]+m?s;/m.test(stdout);
        reject(regenerated ? new InputsChanged() : new Error(`${kind} run: could not find the CLI's own timing in its output:\n${stdout}`));
        return;
      }
      const summary = (/^generate: .*$/m.exec(stdout)?.[0] ?? '').trim();
      // `times`: the shell's own user/sys line, then its children's ("0m1.234s 0m0.056s").
      const children = stderr.trim().split('\n').at(-1) ?? '';
      const [user, sys] = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
      const cpuS = user !== undefined && sys !== undefined ? user + sys : undefined;
      resolve({ kind, wallS, inProcessS: seconds(match[1], match[2]), summary, stdout, ...(cpuS !== undefined ? { cpuS } : {}) });
    });
  });
}

/** sha256 of every file under generated/ (git-ignored docs included), plus git's view of it. */
const MANIFEST = join('generated', '.manifest.json');

interface Manifest {
  inputs?: string;
  files?: Record<string, string>;
}

function readManifest(): Manifest {
  try {
    return JSON.parse(readFileSync(join(REPO_ROOT, MANIFEST), 'utf8')) as Manifest;
  } catch {
    return {};
  }
}

function describeManifestChange(a: Manifest, b: Manifest): string[] {
  const out: string[] = [];
  if (a.inputs !== b.inputs) {
    out.push(`its inputs hash changed (${(a.inputs ?? '?').slice(0, 8)}… → ${(b.inputs ?? '?').slice(0, 8)}…), i.e. specs/ or codegen/src changed during the runs`);
  }
  const fa = a.files ?? {};
  const fb = b.files ?? {};
  const added = Object.keys(fb).filter((k) => !(k in fa));
  const removed = Object.keys(fa).filter((k) => !(k in fb));
  const changed = Object.keys(fa).filter((k) => k in fb && fa[k] !== fb[k]);
  if (added.length + removed.length + changed.length > 0) {
    out.push(
      `its file list went from ${Object.keys(fa).length} to ${Object.keys(fb).length} entries (${[
        added.length ? `${added.length} added: ${added.join(', ')}` : '',
        removed.length ? `${removed.length} dropped: ${removed.join(', ')}` : '',
        changed.length ? `${changed.length} with a different hash: ${changed.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; ')})`,
    );
  }
  return out;
}

/**
 * sha256 of every file under generated/ (git-ignored docs included) and of every other path the
 * manifest lists (the generator may write outside generated/, e.g. deploy/), plus git's view of generated/.
 */
function snapshot(): { files: Map<string, string>; gitStatus: string; manifest: Manifest } {
  const manifest = readManifest();
  const paths = new Set<string>();
  for (const rel of readdirSync(join(REPO_ROOT, 'generated'), { recursive: true, encoding: 'utf8' })) {
    paths.add(join('generated', rel));
  }
  for (const listed of Object.keys(manifest.files ?? {})) {
    paths.add(listed);
  }
  const files = new Map<string, string>();
  for (const rel of [...paths].sort()) {
    const path = join(REPO_ROOT, rel);
    if (existsSync(path) && statSync(path).isFile()) {
      files.set(rel, createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  }
  const gitStatus = execFileSync('git', ['status', '--porcelain', '--', 'generated/'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  return { files, gitStatus, manifest };
}

export async function runCodegenBench(args: { runs: number; log: (message: string) => void; commands?: Record<CodegenRun['kind'], string[]> }): Promise<CodegenBenchResult> {
  const COMMANDS = args.commands ?? COMPILED_COMMANDS;
  const before = snapshot();
  const runs: CodegenRun[] = [];
  let lastColdOutput = '';
  let noopRetries = 0;
  for (let i = 1; i <= args.runs; i++) {
    for (const kind of ['cold', 'no-op'] as const) {
      args.log(`codegen · run ${i}/${args.runs} · ${kind}: ${COMMANDS[kind].join(' ')}`);
      let result: Awaited<ReturnType<typeof runOnce>> | undefined;
      for (let attempt = 1; !result; attempt++) {
        try {
          result = await runOnce(kind, COMMANDS);
        } catch (err) {
          if (!(err instanceof InputsChanged) || attempt > 3) throw err;
          noopRetries++;
          args.log(`codegen · run ${i}/${args.runs} · no-op regenerated: specs/ or codegen/ changed meanwhile (concurrent edits); running it again`);
        }
      }
      const { stdout, ...run } = result;
      runs.push(run);
      if (kind === 'cold') {
        lastColdOutput = stdout.trim();
      }
      args.log(`codegen · run ${i}/${args.runs} · ${kind}: ${fixed(run.wallS, 2)} s wall, ${fixed(run.inProcessS, 3)} s in-process${run.cpuS !== undefined ? `, ${fixed(run.cpuS, 2)} s CPU` : ''}`);
    }
  }
  const after = snapshot();
  const differences: string[] = [];
  for (const [path, hash] of before.files) {
    const now = after.files.get(path);
    if (now === undefined) differences.push(`removed ${path}`);
    else if (now !== hash) differences.push(`changed ${path}`);
  }
  for (const path of after.files.keys()) {
    if (!before.files.has(path)) differences.push(`added ${path}`);
  }
  if (before.gitStatus !== after.gitStatus) {
    differences.push(`git status changed: before [${before.gitStatus}] after [${after.gitStatus}]`);
  }
  const codeUnchanged = differences.every((d) => d === `changed ${MANIFEST}` || d.startsWith('git status changed'));
  const manifestChanges = differences.includes(`changed ${MANIFEST}`) ? describeManifestChange(before.manifest, after.manifest) : [];
  const stats = (['cold', 'no-op'] as const).map((kind): CodegenStats => {
    const rs = runs.filter((r) => r.kind === kind);
    return {
      kind,
      command: COMMANDS[kind].join(' '),
      runs: rs.length,
      wallMedianS: median(rs.map((r) => r.wallS)),
      wallMinS: Math.min(...rs.map((r) => r.wallS)),
      inProcessMedianS: median(rs.map((r) => r.inProcessS)),
      inProcessMinS: Math.min(...rs.map((r) => r.inProcessS)),
      ...(rs.every((r) => r.cpuS !== undefined) ? { cpuMedianS: median(rs.map((r) => r.cpuS!)) } : {}),
    };
  });
  return {
    runs,
    noopRetries,
    stats,
    lastColdOutput,
    generatedUnchanged: differences.length === 0,
    codeUnchanged,
    manifestChanges,
    filesChecked: before.files.size,
    outsideGenerated: [...before.files.keys()].filter((p) => !p.startsWith('generated/')),
    gitStatusBefore: before.gitStatus,
    gitStatusAfter: after.gitStatus,
    differences,
  };
}

if (require.main === module) {
  const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
  runCodegenBench({ runs: Number(process.env.BENCH_CODEGEN_RUNS ?? 5), log }).then(
    (r) => {
      process.stdout.write(`${JSON.stringify({ stats: r.stats, generatedUnchanged: r.generatedUnchanged, differences: r.differences }, null, 2)}\n`);
      process.exitCode = r.generatedUnchanged ? 0 : 1;
    },
    (err: unknown) => {
      process.stderr.write(`codegen-bench: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
