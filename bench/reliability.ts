/**
 * `make reliability`: runs the fuzzing (scripts/reliability/fuzz.ts), the hostile input suite
 * (test/reliability, jest), the soak (scripts/reliability/soak.ts) and fault injection under load
 * (scripts/reliability/faults.ts) one after the other, then writes bench/RELIABILITY.md with their
 * figures, the machine, the date and the commit.
 *
 *   tsx bench/reliability.ts --engines shared|<dir> [--examples 50] [--minutes 10] [--only fuzz,hostile,soak,faults]
 *
 * `--only` runs just those steps and takes the others' figures from their last reports
 * (bench/.tmp/fuzz/summary.json, bench/.tmp/reliability/{hostile,soak}.json,
 * bench/.tmp/faults/summary.json); a step with no report here keeps its section of the
 * bench/RELIABILITY.md on disk as it is (with its own date).
 * `--engines` is the faults' engine set (scripts/lib/private-engines.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, type } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { FuzzResult } from '../scripts/reliability/fuzz';
import type { SoakSummary } from '../scripts/reliability/soak';
import { faultsSection } from './reliability-faults';

const root = resolve(__dirname, '..');
const tmp = join(root, 'bench', '.tmp');

function step(name: string, command: string, args: string[], env: Record<string, string> = {}): { code: number; seconds: number } {
  if (!selected.has(name)) {
    console.log(`reliability: ${name} not run; its last report is used`);
    return { code: 0, seconds: 0 };
  }
  console.log(`reliability: ${name} ...`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(`reliability: ${name} ${result.status === 0 ? 'passed' : `FAILED (exit ${result.status})`} in ${seconds} s`);
  return { code: result.status ?? 1, seconds };
}

const STEPS = ['fuzz', 'hostile', 'soak', 'faults'];
let selected = new Set(STEPS);

/** "Tested: 17" and "988 generated, 7 found 7 unique failures" from a service's Schemathesis output. */
function fuzzFigures(service: string): string {
  const path = join(tmp, 'fuzz', service, 'output.txt');
  if (!existsSync(path)) return '';
  const text = readFileSync(path, 'utf8');
  const tested = /Tested:\s+(\d+)/.exec(text)?.[1];
  const cases = /^\s*(\d+ generated[^\n]*)$/m.exec(text)?.[1];
  return [tested ? `${tested} operations` : '', cases ?? ''].filter(Boolean).join('; ');
}

/** The sections of the bench/RELIABILITY.md on disk, by the first word of their heading ('Fuzzing', 'Hostile', 'Soak', 'Fault'). */
function previousSections(): Map<string, string[]> {
  const path = join(root, 'bench', 'RELIABILITY.md');
  const sections = new Map<string, string[]>();
  if (!existsSync(path)) return sections;
  for (const chunk of readFileSync(path, 'utf8').split(/\n(?=## )/).slice(1)) {
    const lines = chunk.replace(/\n+$/, '').split('\n');
    sections.set(/^## (\S+)/.exec(lines[0] ?? '')?.[1] ?? '', lines);
  }
  return sections;
}

/** A step's section from its report, or, with no report (not run here), the section as it stands in bench/RELIABILITY.md. */
function section(name: string, previous: Map<string, string[]>, fromReport: string[] | undefined): string[] {
  return fromReport ?? previous.get(name) ?? [`## ${name}`, '', 'no report'];
}

function soakLines(s: SoakSummary): string[] {
  const kinds = Object.entries(s.errorKinds ?? {}).map(([k, n]) => `${k} ${n}`).join(', ');
  return [
    `## Soak — ${s.passed ? 'passed' : 'FAILED'}, ${s.at.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `${s.rate} requests/s for ${s.minutes} min over the mix in scripts/reliability/load.ts; warm-up ${s.warmupSeconds} s; ${s.errors} errors${kinds ? ` (${kinds})` : ''}.` +
      (s.load ? ` Load average (1 min) ${s.load.start.toFixed(1)} at the start, ${s.load.end.toFixed(1)} at the end, on 2 cores shared with other work.` : '') +
      (s.stalls?.length ? ` ${s.stalls.length} freezes of ${s.stalls[0]!.seconds} s (scripts/reliability/stall.ts): ${s.stalls.map((x) => `${x.target} at ${x.atSeconds} s`).join(', ')}.` : ''),
    '',
    '| until (s) | requests | errors | p50 ms | p95 ms | p99 ms | max ms |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...s.intervals.map((i) => `| ${i.seconds} | ${i.requests} | ${i.errors} | ${i.p50} | ${i.p95} | ${i.p99} | ${i.max} |`),
    '',
    `Resident memory (scripts/reliability/rss-rule.ts: ${s.rss[0]?.rule ?? 'median after warm-up vs median at the end'}; 10% or more fails):`,
    '',
    '| service | reference (MB) | late (MB) | growth |',
    '| --- | --- | --- | --- |',
    ...s.rss.map((r) => `| ${r.service} | ${r.afterWarmupMb} | ${r.endMb} | ${r.growthPct}% |`),
    ...(s.failures.length ? ['', 'Failures: ' + s.failures.join('; ')] : []),
  ];
}

const readJson = <T>(path: string): T | undefined => (existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : undefined);

function main(): void {
  const { values } = parseArgs({ options: { examples: { type: 'string', default: '50' }, minutes: { type: 'string', default: '10' }, only: { type: 'string' }, engines: { type: 'string', default: '/tmp/marquee-faults-engines' } } });
  if (values.only) selected = new Set(values.only.split(',').filter((s) => STEPS.includes(s)));
  mkdirSync(join(tmp, 'reliability'), { recursive: true });
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  const fuzz = step('fuzz', tsx, ['scripts/reliability/fuzz.ts', '--examples', values.examples!]);
  const hostile = step('hostile', join(root, 'node_modules', '.bin', 'jest'), ['test/reliability', '--json', `--outputFile=${join(tmp, 'reliability', 'hostile.json')}`], { NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const soak = step('soak', tsx, ['scripts/reliability/soak.ts', '--minutes', values.minutes!]);
  const faults = step('faults', tsx, ['scripts/reliability/faults.ts', '--engines', values.engines!]);

  const fuzzSummary = readJson<{ at: string; examples: number; maxTime?: number; results: FuzzResult[] }>(join(tmp, 'fuzz', 'summary.json'));
  const hostileSummary = readJson<{ numPassedTests: number; numFailedTests: number; numTotalTests: number }>(join(tmp, 'reliability', 'hostile.json'));
  const soakSummary = readJson<SoakSummary>(join(tmp, 'reliability', 'soak.json'));
  const previous = previousSections();
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  const cpu = cpus();
  const lines = [
    '# Reliability figures',
    '',
    `Written by \`make reliability\` (bench/reliability.ts) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, commit ${commit}.`,
    `Machine: ${type()} ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 1073741824)} GB RAM; load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min) when this was written: the machine is shared, so latencies include other work.`,
    '',
    ...section('Fuzzing', previous, fuzzSummary && [
      `## Fuzzing (Schemathesis, every check, every phase) — ${fuzzSummary.results.every((r) => r.exitCode === 0) ? 'passed' : 'FAILED'}, ${fuzzSummary.at.slice(0, 16).replace('T', ' ')} UTC`,
      '',
      `${fuzzSummary.examples} examples per operation${fuzzSummary.maxTime ? `, at most ${fuzzSummary.maxTime} s per service` : ''}; positive and negative data; stateful sequences through the specs' links.`,
      '',
      '| service | verdict | seconds | operations tested; test cases |',
      '| --- | --- | --- | --- |',
      ...fuzzSummary.results.map((r) => `| ${r.service} | ${r.exitCode === 0 ? 'passed' : 'FAILED'} | ${r.seconds} | ${fuzzFigures(r.service)} |`),
    ]),
    '',
    ...section('Hostile', previous, hostileSummary && [
      `## Hostile input (test/reliability/hostile.test.ts) — ${hostileSummary.numFailedTests === 0 ? 'passed' : 'FAILED'}`,
      '',
      `${hostileSummary.numPassedTests} passed, ${hostileSummary.numFailedTests} failed of ${hostileSummary.numTotalTests}.`,
    ]),
    '',
    ...section('Soak', previous, soakSummary && soakLines(soakSummary)),
    '',
    ...section('Fault', previous, faultsSection(join(tmp, 'faults', 'summary.json'))),
  ];
  writeFileSync(join(root, 'bench', 'RELIABILITY.md'), `${lines.join('\n')}\n`);
  console.log('reliability: wrote bench/RELIABILITY.md');
  process.exit(fuzz.code === 0 && hostile.code === 0 && soak.code === 0 && faults.code === 0 ? 0 : 1);
}

main();
