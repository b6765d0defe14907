/**
 * The portal's code samples are real code: every TypeScript sample type-checks (strict) against
 * the SDK it names (`@marquee/<service>-sdk`, built by `make sdk` into dist/sdk/ts/<service>,
 * whose request types come from the spec), every Python sample parses, and every
 * curl sample is valid shell.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { httpServices, loadRegistry } from '../../codegen/src/deploy/registry';
import { buildIR } from '../../codegen/src/ir';
import type { JsonObject } from '@marquee/openapi';
import { codeSamples } from '../../codegen/src/portal/code-samples';
import { buildTsSdks } from '../../codegen/src/sdk/build';

const ROOT = join(__dirname, '../..');
const TMP = join(__dirname, '.tmp-samples');
const services = httpServices(loadRegistry(join(ROOT, 'services/registry.yaml')).services).map((s) => s.name);

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
type Operation = JsonObject & { security?: unknown[] };

/** A copy of `document` as it was before issue #10: no security schemes, no `security` anywhere. */
function withoutSecurity(document: JsonObject): JsonObject {
  const copy = structuredClone(document) as JsonObject & { paths: Record<string, Record<string, Operation>> };
  delete copy.security;
  delete (copy.components as JsonObject | undefined)?.securitySchemes;
  for (const item of Object.values(copy.paths)) {
    for (const method of METHODS) {
      delete item[method]?.security;
    }
  }
  return copy;
}

/** Whether the spec (read here, not through the generator) asks for credentials on this operation. */
function specAsksForCredentials(document: JsonObject, path: string, method: string): boolean {
  const op = (document.paths as Record<string, Record<string, Operation>>)[path]![method]!;
  const security = op.security ?? (document.security as unknown[] | undefined) ?? [];
  return security.length > 0;
}

function samplesBy(lang: string): { name: string; source: string; auth: boolean }[] {
  return services.flatMap((service) => {
    const document = JSON.parse(readFileSync(join(ROOT, 'generated', service, 'openapi.json'), 'utf8')) as JsonObject;
    const baseUrl = 'http://127.0.0.1:4010';
    // As the spec is (public and secured operations), and with no security declared at all.
    const open = withoutSecurity(document);
    return buildIR(service, document).operations.flatMap((op) =>
      [document, open].map((doc, i) => ({
        name: `${service}-${op.operationId}${i === 1 ? '-open' : ''}`,
        source: codeSamples({ service, baseUrl, document: doc }, op).find((s) => s.lang === lang)!.source,
        auth: specAsksForCredentials(doc, op.path, op.method),
      })),
    );
  });
}

function run(command: string, args: string[]): { ok: boolean; output: string } {
  try {
    execFileSync(command, args, { encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, output: '' };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? String(err)}` };
  }
}

beforeAll(() => mkdirSync(TMP, { recursive: true }));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

test('TypeScript samples type-check against the TypeScript SDKs', () => {
  const sdkDir = join(TMP, 'sdk'); // its own build: other tests build the SDKs too
  buildTsSdks(services, ROOT, sdkDir);
  const dir = join(TMP, 'ts');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' })); // the SDKs are ESM
  const samples = samplesBy('typescript');
  for (const { name, source } of samples) {
    const lines = source.split('\n');
    const imports = lines.filter((l) => l.startsWith('import '));
    const body = lines.filter((l) => !l.startsWith('import ')).join('\n');
    writeFileSync(join(dir, `${name}.ts`), `${imports.join('\n')}\n\nexport async function sample(): Promise<void> {\n${body}\n}\n`);
  }
  const paths = Object.fromEntries(services.map((s) => [`@marquee/${s}-sdk`, [join(sdkDir, s, 'dist/index.d.ts')]]));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: join(ROOT, 'tsconfig.base.json'), compilerOptions: { types: ['node'], paths }, include: ['*.ts'] }));
  const result = run(process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '--pretty', 'false', '-p', join(dir, 'tsconfig.json')]);
  expect(result.output).toBe('');
  expect(samples.length).toBeGreaterThanOrEqual(40);
  const withToken = samples.map((s) => ({ name: s.name, token: s.source.includes('token: process.env.MARQUEE_TOKEN') }));
  expect(withToken).toEqual(samples.map((s) => ({ name: s.name, token: s.auth })));
  // Both kinds are covered: secured operations, and public ones (identity's token endpoint, every -open sample).
  expect(samples.filter((s) => s.auth).length).toBeGreaterThan(samples.length / 4);
  expect(samples.filter((s) => !s.auth && !s.name.endsWith('-open')).length).toBeGreaterThan(0);
}, 120_000);

test('Python samples parse', () => {
  const dir = join(TMP, 'py');
  mkdirSync(dir, { recursive: true });
  const files = samplesBy('python').map(({ name, source }) => {
    const file = join(dir, `${name}.py`);
    writeFileSync(file, `${source}\n`);
    return file;
  });
  const result = run('python3', ['-c', 'import ast, sys\nfor f in sys.argv[1:]: ast.parse(open(f).read(), f)', ...files]);
  expect(result.output).toBe('');
});

test('curl samples are valid shell', () => {
  for (const { name, source } of samplesBy('shell')) {
    const result = run('bash', ['-n', '-c', source]);
    expect({ name, ...result }).toEqual({ name, ok: true, output: '' });
  }
});
