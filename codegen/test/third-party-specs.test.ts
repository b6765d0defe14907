/**
 * The generator on specs shaped like large public ones (#14), built in a temp dir: operations and
 * path items pulled in by `$ref` from other files stay operations, relative refs in
 * discriminator.mapping are rewritten, a spec of several hundred files with shared models
 * bundles, load errors name the `$ref` and file:line, and lint treats house style as warnings
 * unless the project's marquee.config.yaml says otherwise.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { bundleSpec, SpecLoadError } from '@marquee/openapi';
import { buildIR } from '../src/ir';
import { lintSpec, suggestId } from '../src/lint';
import { DEFAULT_LINT_CONFIG, LintConfigError, applyLintConfig, loadLintConfig } from '../src/lint-config';
import { REPO } from './fixtures/harness';

let dir: string;
const write = (path: string, data: unknown) => {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), typeof data === 'string' ? data : stringify(data));
};
const ok = { '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } } };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'marquee-third-party-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('When operations and path items are $refs into other files, Then they stay operations and their own refs resolve from their file', () => {
  write('ops/pets.yaml', {
    listPets: { operationId: 'listPets', responses: { '200': { description: 'Pets', content: { 'application/json': { schema: { $ref: '../models/pet.yaml' } } } } } },
  });
  write('models/pet.yaml', { type: 'object', properties: { name: { type: 'string' } } });
  write('paths/owner.yaml', { get: { operationId: 'getOwner', responses: ok } });
  write('openapi.yaml', { openapi: '3.0.3', info: { title: 'T', version: '1' }, paths: { '/pets': { get: { $ref: 'ops/pets.yaml#/listPets' } }, '/owner': { $ref: 'paths/owner.yaml' } } });
  const { document } = bundleSpec(join(dir, 'openapi.yaml'));
  expect(Object.keys((document.components as { schemas?: object }).schemas ?? {})).toEqual(['pet']);
  expect(JSON.stringify(document)).not.toContain('listPets"}'); // no operation imported as a schema
  expect(buildIR('t', document).operations.map((o) => `${o.method} ${o.path} ${o.operationId}`)).toEqual(['get /pets listPets', 'get /owner getOwner']);
});

test('When a discriminator.mapping names schemas by relative refs in another file, Then they are rewritten to the bundled components', () => {
  write('models/shapes.yaml', {
    Shape: { oneOf: [{ $ref: './circle.yaml' }, { $ref: './square.yaml' }], discriminator: { propertyName: 'kind', mapping: { circle: './circle.yaml', square: './square.yaml' } } },
  });
  write('models/circle.yaml', { type: 'object', properties: { kind: { type: 'string' }, r: { type: 'number' } } });
  write('models/square.yaml', { type: 'object', properties: { kind: { type: 'string' }, side: { type: 'number' } } });
  write('openapi.yaml', { openapi: '3.0.3', info: { title: 'T', version: '1' }, paths: { '/s': { get: { responses: { '200': { description: 'x', content: { 'application/json': { schema: { $ref: 'models/shapes.yaml#/Shape' } } } } } } } } });
  const { document } = bundleSpec(join(dir, 'openapi.yaml'));
  const shape = (document.components as { schemas: Record<string, { discriminator?: { mapping: object } }> }).schemas.Shape!;
  expect(shape.discriminator!.mapping).toEqual({ circle: '#/components/schemas/circle', square: '#/components/schemas/square' });
});

test('When a spec spans several hundred files with shared models, Then it bundles into one document with every operation', () => {
  const n = 300;
  write('models/common/money.yaml', { type: 'object', properties: { amount: { type: 'integer' }, currency: { $ref: './currency.yaml' } } });
  write('models/common/currency.yaml', { type: 'string', enum: ['usd', 'eur'] });
  const paths: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    write(`models/m${i}.yaml`, { type: 'object', properties: { id: { type: 'string' }, price: { $ref: './common/money.yaml' }, next: { $ref: `./m${(i + 1) % n}.yaml` } } });
    write(`paths/p${i}.yaml`, { get: { operationId: `get${i}`, responses: { '200': { description: 'x', content: { 'application/json': { schema: { $ref: `../models/m${i}.yaml` } } } } } } });
    paths[`/r${i}`] = { $ref: `paths/p${i}.yaml` };
  }
  write('openapi.yaml', { openapi: '3.0.3', info: { title: 'Big', version: '1' }, paths });
  const bundled = bundleSpec(join(dir, 'openapi.yaml'));
  expect(bundled.files).toHaveLength(2 * n + 3);
  expect(Object.keys((bundled.document.components as { schemas: object }).schemas)).toHaveLength(n + 2);
  expect(buildIR('big', bundled.document).operations).toHaveLength(n);
  expect((JSON.stringify(bundled.document).match(/"\$ref":"(?!#\/components\/)/g) ?? []).length).toBe(0);
});

test.each([
  { name: 'a missing file', ref: './nope.yaml#/X', want: /openapi\.yaml:\d+:\d+: \$ref '\.\/nope\.yaml#\/X' points at .*nope\.yaml, which does not exist: fix the path/ },
  { name: 'a missing pointer', ref: './models.yaml#/Nope', want: /openapi\.yaml:\d+:\d+: \$ref target '.*models\.yaml#\/Nope' does not exist \(\$ref '\.\/models\.yaml#\/Nope'\): fix the pointer/ },
  { name: 'a remote ref', ref: 'https://example.com/x.yaml', want: /openapi\.yaml:\d+:\d+: remote \$ref 'https:\/\/example\.com\/x\.yaml' is not supported: download it/ },
  { name: 'a dangling local pointer', ref: '#/components/schemas/Nope', want: /openapi\.yaml:\d+:\d+: \$ref target '.*openapi\.yaml#\/components\/schemas\/Nope' does not exist \(\$ref '#\/components\/schemas\/Nope'\): fix the pointer/ },
])('When a $ref is $name ($ref), Then the error names the ref, file:line:column and what to do, without a stack', ({ ref, want }) => {
  write('models.yaml', { Thing: { type: 'string' } });
  write('openapi.yaml', `openapi: 3.0.3\ninfo: { title: T, version: '1' }\npaths: {}\ncomponents:\n  schemas:\n    Broken:\n      $ref: '${ref}'\n`);
  const run = () => bundleSpec(join(dir, 'openapi.yaml'));
  expect(run).toThrow(SpecLoadError);
  expect(run).toThrow(want);
  try {
    run();
  } catch (err) {
    expect((err as Error).message).toMatch(/openapi\.yaml:7:\d+:/);
    expect((err as Error).message).not.toMatch(/\n\s+at /);
  }
});

describe('lint on third-party specs', () => {
  const spec = {
    openapi: '3.0.3',
    info: { title: 'T', version: '1' },
    paths: {
      '/v2/user-profiles.json': { get: { $ref: 'ops.yaml#/profiles' } },
      '/responses?beta=true': { post: { operationId: 'createBeta', responses: ok } },
    },
  };
  beforeEach(() => {
    write('ops.yaml', { profiles: { operationId: 'Get_Profiles', responses: ok } });
    write('openapi.yaml', spec);
  });

  it('follows operation-level $refs and reports house style as warnings by default; a path with a query string is a warning and is skipped', () => {
    const findings = applyLintConfig(lintSpec(join(dir, 'openapi.yaml')), DEFAULT_LINT_CONFIG);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    const caseFinding = findings.find((f) => f.rule === 'operation-id-case');
    expect(caseFinding).toMatchObject({ severity: 'warning', message: "operationId 'Get_Profiles' is not camelCase" });
    expect(caseFinding!.file).toMatch(/ops\.yaml$/);
    expect(findings.find((f) => f.rule === 'path-query-string')).toMatchObject({ severity: 'warning', message: expect.stringContaining("'/responses?beta=true'") });
    expect(buildIR('t', bundleSpec(join(dir, 'openapi.yaml')).document).operations.map((o) => o.operationId)).toEqual(['get_Profiles']);
  });

  it('takes severities from marquee.config.yaml: house-style error, per-rule overrides, off; unknown rules are errors naming the key', () => {
    write('marquee.config.yaml', { lint: { 'house-style': 'error', severity: { 'schema-example': 'off', 'path-query-string': 'error' } } });
    const config = loadLintConfig(dir);
    const findings = applyLintConfig(lintSpec(join(dir, 'openapi.yaml')), config);
    expect(findings.find((f) => f.rule === 'operation-id-case')!.severity).toBe('error');
    expect(findings.find((f) => f.rule === 'path-query-string')!.severity).toBe('error');
    write('marquee.config.yaml', { lint: { severity: { 'schema-exampel': 'off' } } });
    expect(() => loadLintConfig(dir)).toThrow(LintConfigError);
    expect(() => loadLintConfig(dir)).toThrow(/lint\.severity\.schema-exampel is not a lint rule/);
  });

  it('never suggests a fix that names a file the project does not have', () => {
    write('marquee.config.yaml', { lint: { 'house-style': 'error' } });
    const findings = applyLintConfig(lintSpec(join(dir, 'openapi.yaml')), loadLintConfig(dir));
    expect(findings.length).toBeGreaterThan(3);
    const named = findings.flatMap((f) => (f.fix.match(/[\w./-]+\.(?:ya?ml|json)\b/g) ?? []).map((file) => ({ rule: f.rule, file })));
    // Our own specs' shared file (../common/components.yaml) is not theirs: only files next to the spec may be named.
    expect(named.filter(({ file }) => !existsSync(join(dir, file)))).toEqual([]);
  });

  it.each([
    { command: 'one spec (--spec)', at: '', args: ['--spec', 'openapi.yaml', '--out', 'out'] },
    { command: 'every spec (make generate)', at: 'specs/pets/', args: [] },
  ])('$command: prints its findings when a later stage fails, then the load error at its $ref, without a stack', ({ at, args }) => {
    write(`${at}ops.yaml`, { profiles: { operationId: 'Get_Profiles', responses: ok } });
    write(`${at}openapi.yaml`, { ...spec, components: { schemas: { Pet: { type: 'object', properties: { owner: { $ref: './owner.yaml' } } } } } });
    write('services/registry.yaml', {});
    const run = spawnSync(process.execPath, [require.resolve('tsx/cli'), join(REPO, 'codegen/src/cli.ts'), ...args], { cwd: dir, encoding: 'utf8' });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    const file = at.replace(/\//g, '\\/');
    const failure = lines.findIndex((l) => new RegExp(`^generate: ${file}openapi\\.yaml:\\d+:\\d+: \\$ref '\\./owner\\.yaml' points at ${file}owner\\.yaml, which does not exist`).test(l));
    expect(failure).toBe(lines.length - 1);
    expect(lines.slice(0, failure).some((l) => new RegExp(`^${file}ops\\.yaml:\\d+:\\d+ warning operation-id-case: operationId 'Get_Profiles'`).test(l))).toBe(true);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  }, 30_000);

  it.each([
    ['get', '/v2/user-profiles.json', 'listUserProfilesJson'],
    ['post', '/1st/items', 'createItems'],
    ['delete', '/users/{id}', 'deleteUser'],
    ['get', '/', 'listResource'],
    ['get', '/responses?beta=true', 'listResponses'],
  ])('suggests a valid identifier for %s %s', (method, path, want) => {
    const id = suggestId(method, path);
    expect(id).toBe(want);
    expect(id).toMatch(/^[a-z][A-Za-z0-9]*$/);
  });
});
