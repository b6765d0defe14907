/**
 * `marquee diff` vs oasdiff, whole process, side by side, on a real public change pair: GitHub
 * Enterprise Server's REST API description 3.18 → 3.19 (api.github.com's family of specs,
 * ~11 MB of JSON each, ~1,000 operations), as published in the npm package @octokit/openapi
 * (MIT), pinned below. oasdiff is built from the Go module proxy at a pinned version. Both
 * are cached outside git (bench/.tmp, $MARQUEE_HOME/cache/go-bin); nothing comes from a vendor site.
 *
 *   npx tsx bench/oasdiff-bench.ts      (or make bench BENCH=oasdiff)
 *
 * Runs alternate (marquee, oasdiff changelog, oasdiff breaking, marquee, ...) so load on this
 * shared machine hits both alike; wall and CPU (user+sys) times come from GNU time.
 * Knobs: BENCH_OASDIFF_RUNS (3).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machineInfo, REPO_ROOT } from './lib/machine';

export const OCTOKIT_OPENAPI = '@octokit/openapi@23.0.2';
export const OASDIFF = 'github.com/oasdiff/oasdiff@v1.37.0';
const BASE = 'ghes-3.18.json';
const REVISION = 'ghes-3.19.json';

type Log = (message: string) => void;

interface Timing {
  wall: number;
  cpu: number;
}

interface Tool {
  name: string;
  command: string[];
  timings: Timing[];
  breaking?: number;
  changes?: number;
}

function specPair(log: Log): { base: string; revision: string } {
  const dir = join(REPO_ROOT, 'bench', '.tmp', 'octokit-openapi');
  const base = join(dir, 'package', 'generated', BASE);
  const revision = join(dir, 'package', 'generated', REVISION);
  if (!existsSync(base) || !existsSync(revision)) {
    mkdirSync(dir, { recursive: true });
    log(`oasdiff bench: npm pack ${OCTOKIT_OPENAPI} (about 29 MB, once)`);
    const tarball = execFileSync('npm', ['pack', OCTOKIT_OPENAPI, '--silent'], { cwd: dir, encoding: 'utf8' }).trim().split('\n').at(-1)!;
    execFileSync('tar', ['xzf', tarball, `package/generated/${BASE}`, `package/generated/${REVISION}`, 'package/LICENSE'], { cwd: dir });
  }
  return { base, revision };
}

function oasdiffBinary(log: Log): string {
  const home = process.env.MARQUEE_HOME ?? join(REPO_ROOT, '.marquee');
  const gobin = join(home, 'cache', 'go-bin');
  const binary = join(gobin, 'oasdiff');
  const stamp = join(gobin, 'oasdiff.version');
  if (!existsSync(binary) || !existsSync(stamp) || readFileSync(stamp, 'utf8').trim() !== OASDIFF) {
    mkdirSync(gobin, { recursive: true });
    log(`oasdiff bench: go install ${OASDIFF} (a few minutes the first time)`);
    execFileSync('go', ['install', OASDIFF], { env: { ...process.env, GOBIN: gobin, GOFLAGS: '-mod=mod' }, stdio: ['ignore', 'inherit', 'inherit'] });
    writeFileSync(stamp, `${OASDIFF}\n`);
  }
  return binary;
}

/** Runs a command under GNU time; returns its timing and stdout. */
function timed(command: string[]): { timing: Timing; stdout: string } {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S', ...command], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, cwd: REPO_ROOT });
  const last = r.stderr.trim().split('\n').at(-1) ?? '';
  const [wall, user, sys] = last.split(' ').map(Number);
  if (wall === undefined || user === undefined || sys === undefined || Number.isNaN(wall)) {
    throw new Error(`${command.join(' ')} failed (exit ${r.status}): ${r.stderr.slice(-500)}`);
  }
  return { timing: { wall, cpu: user + sys }, stdout: r.stdout };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

export async function oasdiffBench(log: Log = (m) => process.stderr.write(`${m}\n`)): Promise<string> {
  const date = new Date().toISOString();
  const runs = Number(process.env.BENCH_OASDIFF_RUNS ?? 3);
  const { base, revision } = specPair(log);
  const oasdiff = oasdiffBinary(log);
  const tools: Tool[] = [
    { name: 'marquee diff (all changes, JSON)', command: [process.execPath, join(REPO_ROOT, 'codegen', 'bin', 'marquee.cjs'), 'diff', base, revision, '--format', 'json', '--fail-on', 'never'], timings: [] },
    { name: 'oasdiff changelog (all changes, JSON)', command: [oasdiff, 'changelog', base, revision, '--format', 'json'], timings: [] },
    { name: 'oasdiff breaking (breaking only, JSON)', command: [oasdiff, 'breaking', base, revision, '--format', 'json'], timings: [] },
  ];
  for (let run = 1; run <= runs; run++) {
    for (const tool of tools) {
      log(`oasdiff bench: run ${run}/${runs}: ${tool.name}`);
      const { timing, stdout } = timed(tool.command);
      tool.timings.push(timing);
      const parsed = JSON.parse(stdout || '[]') as { summary?: { breaking: number }; changes?: unknown[] } | { level: number }[];
      if (Array.isArray(parsed)) {
        tool.changes = parsed.length;
        tool.breaking = parsed.filter((c) => c.level === 3).length;
      } else {
        tool.changes = parsed.changes?.length ?? 0;
        tool.breaking = parsed.summary?.breaking ?? 0;
      }
    }
  }
  const ours = tools[0]!;
  const rows = tools.map((t) => {
    const wall = median(t.timings.map((x) => x.wall));
    const cpu = median(t.timings.map((x) => x.cpu));
    const ratio = t === ours ? '1.00' : (median(ours.timings.map((x) => x.wall)) / wall).toFixed(2);
    return `| ${t.name} | ${t.changes ?? '?'} | ${t.breaking ?? '?'} | ${wall.toFixed(2)} | ${cpu.toFixed(2)} | ${ratio} |`;
  });
  const machine = machineInfo();
  return [
    '## `marquee diff` vs oasdiff, whole process, on a large public spec',
    '',
    `Measured ${date} on ${machine.nproc} × ${machine.cpuModel}, ${machine.totalMemoryGiB} GiB, Node ${machine.node}, commit ${machine.commit}.`,
    '',
    `GitHub Enterprise Server REST API ${BASE} → ${REVISION} from \`${OCTOKIT_OPENAPI}\` (MIT; ~11 MB JSON each), oasdiff \`${OASDIFF}\``,
    `built from the Go module proxy. Median of ${runs} alternating runs of each whole command (start-up, load, diff, JSON`,
    'output), timed by GNU time. oasdiff counts breaking as level 3 (ERR); its changelog also lists changes marquee',
    'does not report (e.g. descriptions), so the counts differ by design. "marquee ÷ tool" < 1 means marquee is faster.',
    '',
    '| command | changes | breaking | wall median (s) | CPU median (s) | marquee ÷ tool (wall) |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n');
}

if (require.main === module) {
  void oasdiffBench().then((section) => console.log(section));
}
