/**
 * Fuzzing from the contracts: Schemathesis (scripts/reliability/schemathesis.sh, pinned) against
 * identity, catalog, audience and ingest, started in-process on free ports (platform.ts). Every
 * operation, positive and negative data, stateful sequences through the specs' OpenAPI links,
 * every check. Fails on any 5xx, off-spec status, content type or header, schema-violating body,
 * accepted invalid input or rejected valid input.
 *
 *   tsx scripts/reliability/fuzz.ts [--examples N] [--max-time S] [--seed N] [--only catalog,audience]
 *
 * Set LOG_LEVEL=error to see the services' own logs (a 5xx's stack) next to the fuzzer's output.
 * Reports (JUnit XML and Schemathesis' own NDJSON) go to bench/.tmp/fuzz/<service>/; a summary
 * JSON to bench/.tmp/fuzz/summary.json (bench/reliability.ts reads it for RELIABILITY.md).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync, createWriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SERVICES, startPlatform, type ServiceName, type ServiceUnderTest } from './platform';

const root = resolve(__dirname, '..', '..');

export interface FuzzResult {
  service: ServiceName;
  exitCode: number;
  seconds: number;
  /** Schemathesis' closing summary lines (operations, test cases, failures). */
  summary: string[];
  /** Its FAILURES/ERRORS sections when the run failed (see failureSection). */
  failures: string[];
}

function schemathesis(): string {
  return execFileSync(join(root, 'scripts', 'reliability', 'schemathesis.sh'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

async function fuzzOne(st: string, service: ServiceUnderTest, options: { examples: number; maxTime?: number; seed: number }): Promise<FuzzResult> {
  const dir = join(root, 'bench', '.tmp', 'fuzz', service.name);
  mkdirSync(dir, { recursive: true });
  const args = [
    '--config-file', join(root, 'scripts', 'reliability', 'schemathesis.toml'),
    'run', join(root, service.spec),
    '--url', service.url,
    '--checks', 'all',
    '--mode', 'all',
    '--phases', 'examples,coverage,fuzzing,stateful',
    '--max-examples', String(options.examples),
    '--seed', String(options.seed),
    '--workers', '1',
    '--request-timeout', '15',
    '--suppress-health-check', 'all',
    '--no-color',
    '--report', 'junit,ndjson',
    '--report-dir', dir,
    ...(options.maxTime ? ['--max-time', String(options.maxTime)] : []),
  ];
  const started = Date.now();
  const log = createWriteStream(join(dir, 'output.txt'));
  const lines: string[] = [];
  // cwd: Schemathesis keeps its cache (.schemathesis/) in the working directory: the run's own.
  const child = spawn(st, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', SCHEMATHESIS_TELEMETRY: 'false', FUZZ_API_KEY: service.apiKey, SCHEMATHESIS_HOOKS: join(root, 'scripts', 'reliability', 'schemathesis_hooks.py') } });
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk: Buffer) => {
      log.write(chunk);
      if (process.env.FUZZ_VERBOSE === '1') process.stdout.write(chunk);
      lines.push(...chunk.toString().split('\n'));
    });
  }
  const exitCode = await new Promise<number>((done) => child.on('close', (code) => done(code ?? 1)));
  log.end();
  const seconds = Math.round((Date.now() - started) / 1000);
  const summary = lines.map((l) => l.trim()).filter((l) => /^(API Operations|Test Phases|Test cases|Failures|Errors|Warnings|Seed|✅|❌|⏭|🚫|\d+ (passed|failed))/.test(l) || /passed|failed/.test(l) && /in \d/.test(l));
  return { service: service.name, exitCode, seconds, summary, failures: exitCode === 0 ? [] : failureSection(lines) };
}

/**
 * Schemathesis' FAILURES and ERRORS sections (each failing case with its request, response and the
 * curl line that reproduces it), at most 200 lines of at most 400 characters: printed on failure, so a CI log names the
 * operation and the check without the report files.
 */
export function failureSection(lines: string[]): string[] {
  const out: string[] = [];
  let inside = false;
  for (const line of lines) {
    const header = /^=+ ([A-Z]+) =+$/.exec(line.trim());
    if (header) inside = header[1] === 'FAILURES' || header[1] === 'ERRORS';
    if (inside) out.push(line.length > 400 ? `${line.slice(0, 400)} … (${line.length - 400} more characters)` : line);
  }
  return out.length > 200 ? [...out.slice(0, 200), `… ${out.length - 200} more lines in the output file`] : out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { examples: { type: 'string', default: '50' }, 'max-time': { type: 'string' }, seed: { type: 'string', default: '20261202' }, only: { type: 'string' } } });
  const only = values.only ? (values.only.split(',') as ServiceName[]) : [...SERVICES];
  const st = schemathesis();
  console.log(`fuzz: ${execFileSync(st, ['--version'], { encoding: 'utf8' }).trim()}; ${values.examples} examples per operation${values['max-time'] ? `, at most ${values['max-time']} s per service` : ''}; services ${only.join(', ')}`);
  const platform = await startPlatform({ only });
  const results: FuzzResult[] = [];
  try {
    for (const service of platform.services) {
      console.log(`fuzz: ${service.name} at ${service.url} ...`);
      const result = await fuzzOne(st, service, { examples: Number(values.examples), seed: Number(values.seed), ...(values['max-time'] ? { maxTime: Number(values['max-time']) } : {}) });
      results.push(result);
      console.log(`fuzz: ${service.name}: ${result.exitCode === 0 ? 'passed' : `FAILED (exit ${result.exitCode}; see bench/.tmp/fuzz/${service.name}/output.txt)`} in ${result.seconds} s`);
      for (const line of result.summary) console.log(`  ${line}`);
      for (const line of result.failures) console.log(`  | ${line}`);
    }
  } finally {
    await platform.stop();
  }
  mkdirSync(join(root, 'bench', '.tmp', 'fuzz'), { recursive: true });
  writeFileSync(join(root, 'bench', '.tmp', 'fuzz', 'summary.json'), JSON.stringify({ at: new Date().toISOString(), examples: Number(values.examples), ...(values['max-time'] ? { maxTime: Number(values['max-time']) } : {}), results }, null, 2));
  const failed = results.filter((r) => r.exitCode !== 0);
  console.log(`fuzz: ${results.length - failed.length} passed, ${failed.length} failed`);
  process.exit(failed.length === 0 ? 0 : 1);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`fuzz: ${(err as Error).stack ?? String(err)}`);
    process.exit(2);
  });
}
