/**
 * Real-world specs (../shared/corpus/openapi/, read-only, see its PROVENANCE.md): every one
 * generates, unsupported features (callbacks, webhooks) are skipped with warnings, and
 * all outputs together type-check in one `tsc` run. Outputs go to a temp dir outside the repo,
 * removed when everything passed (kept, and its path printed, when not).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, generateMany, makeTempDir, typecheck, type JobReport } from './fixtures/harness';

/** The corpus lives beside the repository; MARQUEE_OPENAPI_CORPUS points elsewhere (e.g. a clone in another folder). */
const CORPUS_CANDIDATES = [process.env.MARQUEE_OPENAPI_CORPUS, join(REPO, '../shared/corpus/openapi'), '/work/shared/corpus/openapi'].filter((p): p is string => !!p);
const CORPUS: string =
  CORPUS_CANDIDATES.find((p) => existsSync(p)) ??
  (() => {
    throw new Error(`the real-world spec corpus was not found (looked in ${CORPUS_CANDIDATES.join(', ')}); set MARQUEE_OPENAPI_CORPUS to its folder`);
  })();
const SPECS = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const CODE_FILES = ['types.gen.ts', 'operations.gen.ts', 'server.gen.ts', 'client.gen.ts', 'openapi.json', 'validators.gen.ts'];

/** Warnings each spec must produce (in order); specs not listed must produce none. */
const WANT_WARNINGS: Record<string, RegExp[]> = {
  'oai-callback-example.yaml': [/^postStreams: callbacks are not supported yet/],
  'oai-tictactoe.yaml': [/^webhooks are not supported yet; skipped 1 webhook/, /^putSquare: callbacks/],
  'oai-webhook-example.yaml': [/^webhooks are not supported yet; skipped 1 webhook/],
  'openapi-typescript-simple-example.yaml': [/^webhooks are not supported yet; skipped 1 webhook/],
  'redocly-museum.yaml': [/^webhooks are not supported yet; skipped 1 webhook/],
};

/** Operation counts from PROVENANCE.md's table (| file | source | OpenAPI | operations | license |). */
function provenanceCounts(): Map<string, number> {
  const rows = readFileSync(join(CORPUS, 'PROVENANCE.md'), 'utf8')
    .split('\n')
    .map((l) => l.split('|').map((c) => c.trim()))
    .filter((cells) => cells[1]?.endsWith('.yaml'));
  return new Map(rows.map((cells) => [cells[1]!, Number(cells[4])]));
}

const outName = (spec: string) => spec.replace(/\.yaml$/, '');

describe('third-party OpenAPI corpus', () => {
  let dir: string;
  let reports: Map<string, JobReport>;
  let passed = false;

  beforeAll(() => {
    dir = makeTempDir('corpus');
    const jobs = SPECS.map((spec) => ({ spec: join(CORPUS, spec), name: outName(spec), out: join(dir, outName(spec)) }));
    reports = new Map(generateMany(jobs).map((r, i) => [SPECS[i]!, r]));
  }, 60_000);

  afterAll(() => {
    if (passed) {
      rmSync(dir, { recursive: true, force: true });
    } else if (dir) {
      process.stderr.write(`corpus outputs kept for inspection in ${dir}\n`);
    }
  });

  it('has specs to test, each listed in PROVENANCE.md', () => {
    expect(SPECS.length).toBeGreaterThanOrEqual(11);
    expect(SPECS.filter((s) => !provenanceCounts().has(s))).toEqual([]);
  });

  it.each(SPECS)('%s generates every operation, with identifier-safe unique ids', (spec) => {
    const report = reports.get(spec)!;
    expect(report.error).toBeUndefined();
    expect(report.files).toEqual(CODE_FILES);
    expect(report.operations).toHaveLength(provenanceCounts().get(spec)!);
    expect(new Set(report.operations).size).toBe(report.operations.length);
    expect(report.operations.filter((id) => !/^[a-z_$][A-Za-z0-9_$]*$/.test(id))).toEqual([]);
    for (const file of CODE_FILES) {
      expect(existsSync(join(dir, outName(spec), file))).toBe(true);
    }
  });

  it.each(SPECS)('%s: callbacks and webhooks become warnings, not crashes', (spec) => {
    const warnings = reports.get(spec)!.warnings;
    const want = WANT_WARNINGS[spec] ?? [];
    expect(warnings).toHaveLength(want.length);
    want.forEach((pattern, i) => expect(warnings[i]).toMatch(pattern));
  });

  it('the CLI generates one spec anywhere and prints its warnings', () => {
    const out = join(dir, 'cli-oai-callback-example');
    const run = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'codegen/src/cli.ts', '--spec', join(CORPUS, 'oai-callback-example.yaml'), '--name', 'cli-callback', '--out', out, '--no-lint', '--no-docs'], {
      cwd: REPO,
      encoding: 'utf8',
    });
    expect(run.stderr).toMatch(/warning: .*oai-callback-example\.yaml: postStreams: callbacks are not supported yet; skipped/);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^cli-callback: 1 operations -> /);
    expect(readdirSync(out).sort()).toEqual([...CODE_FILES].sort());
  }, 30_000);

  it('all outputs type-check in one tsc run', () => {
    expect(typecheck(dir)).toEqual([]);
    passed = true;
  }, 60_000);
});
