/**
 * Lint rule transport-responses (codegen/src/lint-transport.ts): every operation declares the
 * statuses the platform answers around its handler: 431 always, 429 and 503 when it is secured,
 * 413 and 415 when it takes a body. One finding per operation, naming file, operation and statuses.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { JsonObject } from '@marquee/openapi';
import { lintSpec, type Finding } from '../src/lint';

const FIXTURES = join(__dirname, 'fixtures');
const REPO = join(__dirname, '../..');
const problem = { description: 'A problem.', content: { 'application/problem+json': { schema: { type: 'string' } } } };
const declaring = (...statuses: string[]) => Object.fromEntries([['200', { description: 'OK' }], ...statuses.map((s) => [s, problem])]);
const secured = [{ oauth2: ['things:read'] }];
const oauth2 = { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'http://127.0.0.1:4000/oauth/token', scopes: { 'things:read': 'Read.' } } } };
const body = { required: true, content: { 'application/json': { schema: { type: 'string' } } } };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'marquee-lint-transport-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The rule's findings for one POST /things operation in a spec with an optional root security and shared responses. */
function transportFindings(op: JsonObject, rootSecurity?: JsonObject[], responses: JsonObject = {}): Finding[] {
  const file = join(dir, `spec-${Math.random().toString(36).slice(2)}.json`);
  const components = { securitySchemes: { oauth2 }, responses };
  const doc = { openapi: '3.0.3', info: { title: 'T', version: '1.0.0' }, ...(rootSecurity ? { security: rootSecurity } : {}), components, paths: { '/things': { post: { operationId: 'createThing', ...op } } } };
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return lintSpec(file).filter((f) => f.rule === 'transport-responses');
}
const missingIn = (f: Finding | undefined) => [...(f?.fix ?? '').matchAll(/'(\d{3})'/g)].map((m) => m[1]);

type TestCase = [string, { given: { op: JsonObject; rootSecurity?: JsonObject[] }; want: string[] }];
test.each<TestCase>([
  ['a public operation without a body needs only 431', { given: { op: { security: [], 'x-public': true, responses: declaring() } }, want: ['431'] }],
  ['a secured operation (its own security) also needs 429 and 503', { given: { op: { security: secured, responses: declaring() } }, want: ['431', '429', '503'] }],
  ['a secured operation through the root default too', { given: { op: { responses: declaring('431') }, rootSecurity: secured }, want: ['429', '503'] }],
  ['an operation taking a body also needs 413 and 415', { given: { op: { security: secured, requestBody: body, responses: declaring('431', '429', '503') } }, want: ['413', '415'] }],
  ['optional credentials (an empty alternative) are not secured', { given: { op: { security: [...secured, {}], responses: declaring() } }, want: ['431'] }],
  ['public overriding a secured root default', { given: { op: { security: [], 'x-public': true, requestBody: body, responses: declaring('431') }, rootSecurity: secured }, want: ['413', '415'] }],
  ['everything declared', { given: { op: { security: secured, requestBody: body, responses: declaring('431', '429', '503', '413', '415') } }, want: [] }],
])('%s', (_, { given, want }) => {
  const findings = transportFindings(given.op, given.rootSecurity);
  expect(missingIn(findings[0])).toEqual(want);
  expect(findings).toHaveLength(want.length > 0 ? 1 : 0);
});

test('Given an operation missing statuses, Then the one finding names the file, line of its responses, operation and each missing status, and fails at error severity', () => {
  const [finding] = transportFindings({ security: secured, responses: declaring('431') });
  expect(finding).toMatchObject({ severity: 'error', line: expect.any(Number) as number });
  expect(finding!.file).toMatch(/spec-\w+\.json$/);
  expect(finding!.message).toMatch(/^POST \/things \(createThing\) does not declare 429 \(.+\), 503 \(.+\), which the platform answers$/);
});

test("Given shared responses in the spec's own file and in a file it refers to, Then the fix refers to them; without one it names no file", () => {
  writeFileSync(join(dir, 'shared.json'), JSON.stringify({ components: { responses: { ServiceUnavailable: problem } } }));
  const op = { security: secured, requestBody: body, responses: { ...declaring('431'), '404': { $ref: './shared.json#/components/responses/ServiceUnavailable' } } };
  const [finding] = transportFindings(op, undefined, { TooManyRequests: problem });
  expect(finding!.fix).toBe(
    "add '429': { $ref: '#/components/responses/TooManyRequests' }, '503': { $ref: './shared.json#/components/responses/ServiceUnavailable' }, " +
      "'413' (an application/problem+json response, ideally one shared as components/responses/PayloadTooLarge), " +
      "'415' (an application/problem+json response, ideally one shared as components/responses/UnsupportedMediaType) to its responses",
  );
});

test("Given one of this repository's specs missing a status, Then the fix is the $ref to specs/common/components.yaml its siblings use", () => {
  const specs = join(dir, 'specs');
  cpSync(join(REPO, 'specs'), specs, { recursive: true });
  const spec = join(specs, 'catalog/openapi.yaml');
  writeFileSync(spec, readFileSync(spec, 'utf8').replace(/\n {8}'429':\n {10}\$ref: '[^']+'/, ''));
  const [finding, ...more] = lintSpec(spec).filter((f) => f.rule === 'transport-responses');
  expect(more).toEqual([]);
  expect(finding!.fix).toBe("add '429': { $ref: '../common/components.yaml#/components/responses/TooManyRequests' } to its responses");
});

test('Given the lint fixture, Then transport-responses fires once on each of its 9 operations, at their responses', () => {
  const where = (f: Finding) => `${relative(FIXTURES, resolve(f.file))}:${f.line} ${missingIn(f).join(',')}`;
  const got = lintSpec(join(FIXTURES, 'lint/bad.yaml'))
    .filter((f) => f.rule === 'transport-responses')
    .map(where)
    .sort();
  expect(got).toEqual([
    'lint/bad.yaml:14 431',
    'lint/bad.yaml:32 431',
    'lint/bad.yaml:45 431',
    'lint/bad.yaml:59 431',
    'lint/bad.yaml:70 431',
    'lint/bad.yaml:80 431,429,503',
    'lint/bad.yaml:89 431,429,503',
    'lint/bad.yaml:98 431,429,503',
    'lint/paths/parts.yaml:14 431',
  ]);
});
