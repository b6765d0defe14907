/**
 * `marquee diff` as a user outside this repository runs it: the real bin, from a temp folder,
 * on YAML and JSON files and on `REF:PATH` of a git repository of their own.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';

const BIN = resolve(__dirname, '../bin/marquee.cjs');
let dir: string;

const spec = (extra: { limitMax?: number; tagsParam?: boolean; withDelete?: boolean; listId?: string } = {}) => ({
  openapi: '3.0.3',
  info: { title: 'Pets', version: '1.0.0' },
  paths: {
    '/pets': {
      get: {
        operationId: extra.listId ?? 'listPets',
        parameters: [
          { name: 'limit', in: 'query', schema: { type: 'integer', maximum: extra.limitMax ?? 100 } },
          ...(extra.tagsParam ? [{ name: 'tags', in: 'query', schema: { type: 'string' } }] : []),
        ],
        responses: { '200': { description: 'Pets.', content: { 'application/json': { schema: { $ref: './models.yaml#/Pets' } } } } },
      },
      ...(extra.withDelete === false ? {} : { delete: { operationId: 'deletePets', responses: { '204': { description: 'Gone.' } } } }),
    },
  },
});

function run(args: string[], cwd = dir): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'marquee-cli-'));
  writeFileSync(join(dir, 'models.yaml'), stringify({ Pets: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' } } } } }));
  writeFileSync(join(dir, 'base.yaml'), stringify(spec()));
  writeFileSync(join(dir, 'removed.json'), JSON.stringify(spec({ withDelete: false }), null, 2));
  writeFileSync(join(dir, 'added.yaml'), stringify(spec({ tagsParam: true })));
  writeFileSync(join(dir, 'renamed.yaml'), stringify(spec({ listId: 'findPets' })));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('When an operation is removed (JSON revision), Then exit 1 and the text names rule, operation and base file:line:column', () => {
  const r = run(['diff', 'base.yaml', 'removed.json']);
  expect(r.status).toBe(1);
  expect(r.stdout).toContain('operation-removed  DELETE /pets (deletePets)  base.yaml:');
  expect(r.stdout).toMatch(/base\.yaml:\d+:\d+/);
  expect(r.stdout).toContain('1 breaking, 0 source-breaking, 0 non-breaking, 0 info: FAIL');
});

test('When only an operationId changes, Then it is source-breaking: exit 0 by default, 1 with --fail-on source-breaking', () => {
  const r = run(['diff', 'base.yaml', 'renamed.yaml']);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('SOURCE-BREAKING (1)');
  expect(r.stdout).toContain('operation-id-changed');
  expect(r.stdout).toContain('0 breaking, 1 source-breaking, 0 non-breaking, 0 info: PASS');
  expect(run(['diff', 'base.yaml', 'renamed.yaml', '--fail-on', 'source-breaking']).status).toBe(1);
});

test('When a project config moves a rule to another severity, Then the verdict follows it; a bad config is a usage error naming the key', () => {
  writeFileSync(join(dir, 'strict.yaml'), stringify({ diff: { severity: { 'operation-id-changed': 'breaking' } } }));
  const strict = run(['diff', 'base.yaml', 'renamed.yaml', '--config', 'strict.yaml']);
  expect(strict.status).toBe(1);
  expect(strict.stdout).toContain('1 breaking, 0 source-breaking, 0 non-breaking, 0 info: FAIL');
  writeFileSync(join(dir, 'typo.yaml'), stringify({ diff: { severity: { 'operation-id-changd': 'info' } } }));
  const typo = run(['diff', 'base.yaml', 'renamed.yaml', '--config', 'typo.yaml']);
  expect(typo.status).toBe(2);
  expect(typo.stderr).toContain('typo.yaml: diff.severity.operation-id-changd is not a rule');
  writeFileSync(join(dir, 'level.yaml'), stringify({ diff: { severity: { 'operation-id-changed': 'fatal' } } }));
  expect(run(['diff', 'base.yaml', 'renamed.yaml', '--config', 'level.yaml']).stderr).toContain('must be one of breaking, source-breaking, non-breaking, info, not "fatal"');
  // The default config is picked up from the working directory.
  const project = mkdtempSync(join(dir, 'project-'));
  writeFileSync(join(project, 'marquee.config.yaml'), stringify({ diff: { severity: { 'operation-id-changed': 'info' } } }));
  const quiet = run(['diff', '../base.yaml', '../renamed.yaml', '--fail-on', 'source-breaking'], project);
  expect(quiet.status).toBe(0);
  expect(quiet.stdout).toContain('0 breaking, 0 source-breaking, 0 non-breaking, 1 info: PASS');
});

test('When a change lives in a shared file, Then its location is file:line:column in that file', () => {
  const v2 = join(dir, 'v2');
  mkdirSync(v2, { recursive: true });
  writeFileSync(join(v2, 'openapi.yaml'), stringify(spec()));
  writeFileSync(join(v2, 'models.yaml'), stringify({ Pets: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } } }));
  const r = run(['diff', 'base.yaml', 'v2/openapi.yaml', '--format', 'json']);
  const change = JSON.parse(r.stdout).changes.find((c: { rule: string }) => c.rule === 'response-property-removed');
  // `id` was removed: the base's models.yaml, line 6 (`id:` under items.properties).
  expect(change.location).toMatchObject({ file: 'models.yaml', pointer: '/Pets/items/properties/id', line: 6, column: 7 });
  const added = JSON.parse(r.stdout).changes.find((c: { rule: string }) => c.rule === 'response-property-added');
  expect(added.location).toMatchObject({ file: join('v2', 'models.yaml'), pointer: '/Pets/items/properties/name' });
});

test('When only additions happen, Then exit 0 by default and 1 with --fail-on non-breaking', () => {
  expect(run(['diff', 'base.yaml', 'added.yaml']).status).toBe(0);
  expect(run(['diff', 'base.yaml', 'added.yaml', '--fail-on', 'non-breaking']).status).toBe(1);
  expect(run(['diff', 'base.yaml', 'removed.json', '--fail-on=never']).status).toBe(0);
});

test('When asked for JSON, Markdown and SARIF, Then each is well formed and carries the location', () => {
  const json = JSON.parse(run(['diff', 'base.yaml', 'removed.json', '--format', 'json']).stdout);
  expect(json).toMatchObject({ verdict: 'fail', summary: { breaking: 1, 'non-breaking': 0, info: 0 } });
  expect(json.changes[0]).toMatchObject({ rule: 'operation-removed', location: { file: 'base.yaml', pointer: '/paths/~1pets/delete', line: expect.any(Number) } });
  const md = run(['diff', 'base.yaml', 'removed.json', '--format', 'markdown']).stdout;
  expect(md).toContain('| Severity | Rule | Operation | Where | Change | Fix |');
  expect(md).toContain('| breaking | `operation-removed` | `DELETE /pets (deletePets)` |');
  const sarif = JSON.parse(run(['diff', 'base.yaml', 'removed.json', '--format', 'sarif']).stdout);
  expect(sarif.version).toBe('2.1.0');
  expect(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['operation-removed']);
  expect(sarif.runs[0].results[0]).toMatchObject({ ruleId: 'operation-removed', level: 'error', locations: [{ physicalLocation: { artifactLocation: { uri: 'base.yaml' }, region: { startLine: json.changes[0].location.line } } }] });
});

test('When a shared model changes under a response, Then JSON and SARIF also point at the media type that reaches it', () => {
  writeFileSync(join(dir, 'models-v2.yaml'), stringify({ Pets: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' } } } } }));
  writeFileSync(join(dir, 'retyped.yaml'), stringify(spec()).replace('./models.yaml#/Pets', './models-v2.yaml#/Pets'));
  const json = JSON.parse(run(['diff', 'base.yaml', 'retyped.yaml', '--format', 'json']).stdout);
  const retyped = json.changes.find((c: { rule: string }) => c.rule === 'response-type-changed');
  expect(retyped).toMatchObject({
    location: { file: 'models-v2.yaml' },
    site: { name: 'response 200 (application/json)' },
    siteLocation: { file: 'retyped.yaml', pointer: '/paths/~1pets/get/responses/200/content/application~1json', line: expect.any(Number) },
  });
  const sarif = JSON.parse(run(['diff', 'base.yaml', 'retyped.yaml', '--format', 'sarif']).stdout);
  const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'response-type-changed');
  expect(result.relatedLocations[0]).toMatchObject({
    physicalLocation: { artifactLocation: { uri: 'retyped.yaml' }, region: { startLine: retyped.siteLocation.line } },
    message: { text: 'Reached from response 200 (application/json).' },
  });
});

test.each([
  { given: 'a missing file', args: ['diff', 'base.yaml', 'nope.yaml'], status: 3, want: /nope\.yaml: no such file/ },
  { given: 'Swagger 2.0', file: ['old.yaml', 'swagger: "2.0"\ninfo: { title: x, version: "1" }\npaths: {}\n'], args: ['diff', 'old.yaml', 'base.yaml'], status: 3, want: /not an OpenAPI 3\.0 or 3\.1 document \(swagger: 2\.0\)/ },
  { given: 'broken YAML', file: ['broken.yaml', 'openapi: 3.1.0\npaths: [\n'], args: ['diff', 'broken.yaml', 'base.yaml'], status: 3, want: /broken\.yaml:\d+: / },
  { given: 'one document', args: ['diff', 'base.yaml'], status: 2, want: /exactly two documents/ },
  { given: 'an unknown format', args: ['diff', 'base.yaml', 'added.yaml', '--format', 'html'], status: 2, want: /--format must be one of text, json, markdown, sarif/ },
])('When given $given, Then exit $status with a message saying what to do', ({ args, status, want, file }) => {
  if (file) {
    writeFileSync(join(dir, file[0]!), file[1]!);
  }
  const r = run(args);
  expect(r.status).toBe(status);
  expect(r.stderr).toMatch(want);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
});

test('When a side is REF:PATH, Then the file (and the files it $refs) come from that git ref', () => {
  const repo = join(dir, 'repo');
  mkdirSync(join(repo, 'api'), { recursive: true });
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: repo, stdio: 'pipe' });
  git('init', '-q');
  writeFileSync(join(repo, 'api', 'models.yaml'), stringify({ Pets: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' } } } } }));
  writeFileSync(join(repo, 'api', 'openapi.yaml'), stringify(spec()));
  git('add', '.');
  git('commit', '-qm', 'v1');
  writeFileSync(join(repo, 'api', 'models.yaml'), stringify({ Pets: { type: 'array', items: { type: 'object', properties: {} } } }));
  const r = run(['diff', 'HEAD:api/openapi.yaml', 'api/openapi.yaml', '--format', 'json'], repo);
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout).changes.map((c: { rule: string }) => c.rule)).toEqual(['response-property-removed']);
  expect(r.status).toBe(1);
});
