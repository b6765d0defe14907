/**
 * The types emitter calls openapi-typescript's transform directly (codegen/src/emit/openapi-ts.ts)
 * instead of `openapiTS()`, which runs Redocly's lint and bundle first. This proves the two give
 * byte-identical TypeScript for every spec we have: the platform's, the feature fixtures and the
 * third-party corpus (when present beside the repository). Both run in one tsx child process
 * (fixtures/compare-openapi-ts.ts): openapi-typescript requires ES-module-only packages that
 * jest's module system cannot load.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CompareReport } from './fixtures/compare-openapi-ts';

const REPO = join(__dirname, '..', '..');

function specs(): string[] {
  const platform = readdirSync(join(REPO, 'specs'))
    .map((d) => join(REPO, 'specs', d, 'openapi.yaml'))
    .filter((p) => existsSync(p));
  const featuresDir = join(__dirname, 'fixtures', 'features');
  const features = readdirSync(featuresDir)
    .map((d) => join(featuresDir, d, 'openapi.yaml'))
    .filter((p) => existsSync(p));
  const corpusDir = [process.env.MARQUEE_OPENAPI_CORPUS, join(REPO, '../shared/corpus/openapi'), '/work/shared/corpus/openapi'].find((p) => p && existsSync(p));
  const corpus = corpusDir ? readdirSync(corpusDir).filter((f) => f.endsWith('.yaml')).map((f) => join(corpusDir, f)) : [];
  return [...platform, ...features, ...corpus];
}

const all = specs();
let reports = new Map<string, CompareReport>();

beforeAll(() => {
  const run = spawnSync(process.execPath, [require.resolve('tsx/cli'), join(__dirname, 'fixtures', 'compare-openapi-ts.ts'), JSON.stringify(all)], {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.status !== 0) {
    throw new Error(`compare-openapi-ts exited with ${String(run.status)}:\n${run.stderr}`);
  }
  reports = new Map((JSON.parse(run.stdout) as CompareReport[]).map((r) => [r.spec, r]));
}, 180_000);

test('covers the platform specs and the feature fixtures', () => {
  expect(all.filter((p) => p.includes('/specs/')).length).toBeGreaterThanOrEqual(4);
  expect(all.filter((p) => p.includes('/features/')).length).toBeGreaterThanOrEqual(5);
});

test.each(all.map((p) => [p.replace(/^.*\/(specs|features|openapi)\//, '$1/'), p]))('%s: same TypeScript as openapiTS()', (_label, path) => {
  const report = reports.get(path);
  expect(report).toBeDefined();
  expect(report!.direct.length).toBeGreaterThan(100);
  expect(report!.direct).toBe(report!.upstream);
});
