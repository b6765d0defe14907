/**
 * Feature coverage: our own small specs under fixtures/features/<feature>/ (openapi.yaml, plus
 * any files it refers to) are generated, and each fixture's usage.ts (handlers, client calls and
 * `@ts-expect-error` lines that must stay errors) is copied next to its output and type-checked
 * with the outputs in one `tsc` run. Outputs go to a temp dir outside the repo.
 */
import { copyFileSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { generateMany, makeTempDir, typecheck, type JobReport } from './fixtures/harness';

const FEATURES = join(__dirname, 'fixtures/features');
const FIXTURES = readdirSync(FEATURES).sort();

/** The operationIds each fixture must produce (given a feature, want these operations). */
const WANT_OPERATIONS: Record<string, string[]> = {
  'additional-properties': ['putSettings'],
  callbacks: ['subscribe', 'getSubscription'],
  composition: ['createPet', 'listShapes'],
  enums: ['listScreenings'],
  forms: ['login', 'uploadPoster', 'createNote'],
  'multi-file': ['getOrder', 'listOrderLines', 'createOrder'],
  'nullable-30': ['getNote', 'putNote'],
  // '' (no id) -> get; 'http'/'constructor' are taken by the client class; 'items.files/get-one'
  // -> camelCase; '1st delete' -> op prefix; 'get-items' and 'getItems' clash -> suffix.
  odd: ['get', 'constructor2', 'http2', 'itemsFilesGetOne', 'op1stDelete', 'getItems', 'getItems2', 'traceItems', 'itemSearch'],
  'path-params': ['listMembers', 'addMember'],
  'read-write': ['createAccount'],
  recursive: ['getTree', 'createFolder'],
  'third-party-types': ['createCharge', 'listEvents'],
  'type-arrays-31': ['recordReading'],
};

const WANT_WARNINGS: Record<string, string[]> = {
  callbacks: [
    'webhooks are not supported yet; skipped 2 webhook(s)',
    'subscribe: callbacks are not supported yet; skipped',
  ],
};

describe('feature fixtures', () => {
  let dir: string;
  let reports: Map<string, JobReport>;
  let passed = false;

  beforeAll(() => {
    dir = makeTempDir('features');
    const jobs = FIXTURES.map((name) => ({ spec: join(FEATURES, name, 'openapi.yaml'), name, out: join(dir, name) }));
    reports = new Map(generateMany(jobs).map((r, i) => [FIXTURES[i]!, r]));
    for (const name of FIXTURES) {
      copyFileSync(join(FEATURES, name, 'usage.ts'), join(dir, name, 'usage.ts'));
    }
  }, 60_000);

  afterAll(() => {
    if (passed) {
      rmSync(dir, { recursive: true, force: true });
    } else if (dir) {
      process.stderr.write(`feature outputs kept for inspection in ${dir}\n`);
    }
  });

  it('every fixture has an expectation', () => {
    expect(FIXTURES).toEqual(Object.keys(WANT_OPERATIONS).sort());
  });

  it.each(FIXTURES)('%s generates the expected operations and warnings', (name) => {
    const report = reports.get(name)!;
    expect(report.error).toBeUndefined();
    expect(report.operations).toEqual(WANT_OPERATIONS[name]);
    expect(report.warnings).toEqual(WANT_WARNINGS[name] ?? []);
  });

  it('multi-file: external refs are bundled into one self-contained document', () => {
    const bundled = JSON.parse(readFileSync(join(dir, 'multi-file/openapi.json'), 'utf8')) as {
      paths: Record<string, unknown>;
      components: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(bundled.components.schemas!).sort()).toEqual(['Currency', 'Error', 'Error2', 'Money', 'Order', 'OrderLine', 'address']);
    expect(Object.keys(bundled.components.parameters!)).toEqual(['OrderId']);
    expect(Object.keys(bundled.components.responses!)).toEqual(['NotFound']);
    expect(Object.keys(bundled.components.requestBodies!)).toEqual(['NewOrder']);
    // Path items from other files are inlined, not turned into components.
    expect(bundled.paths['/orders/{orderId}/lines']).toHaveProperty('get.operationId', 'listOrderLines');
    const refs = JSON.stringify(bundled).match(/"\$ref":"[^"]*"/g) ?? [];
    expect(refs.filter((r) => !r.startsWith('"$ref":"#/components/'))).toEqual([]);
  });

  it('outputs and usage files type-check in one tsc run', () => {
    expect(typecheck(dir)).toEqual([]);
    passed = true;
  }, 60_000);
});
