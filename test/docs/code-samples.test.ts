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
import type { JsonObject } from '../../codegen/src/load';
import { codeSamples } from '../../codegen/src/portal/code-samples';
import { buildTsSdks } from '../../codegen/src/sdk/build';

const ROOT = join(__dirname, '../..');
const TMP = join(__dirname, '.tmp-samples');
const services = httpServices(loadRegistry(join(ROOT, 'services/registry.yaml')).services).map((s) => s.name);

function samplesBy(lang: string): { name: string; source: string; secured: boolean }[] {
  return services.flatMap((service) => {
    const document = JSON.parse(readFileSync(join(ROOT, 'generated', service, 'openapi.json'), 'utf8')) as JsonObject;
    const baseUrl = 'http://127.0.0.1:4010';
    // As the spec is, and with credentials required everywhere (the samples then send them).
    const secured: JsonObject = { ...document, security: [{ oauth2: [`${service}:read`] }, { apiKey: [] }] };
    return buildIR(service, document).operations.flatMap((op) =>
      [document, secured].map((doc, i) => ({
        // Whether the sample must send credentials: the operation (or the forced root default) requires them.
        // A public operation (its own `security: []`, like identity's token endpoint) overrides the root default.
        secured: (i === 1 && op.public !== true) || (op.security ?? []).length > 0,
        name: `${service}-${op.operationId}${i === 1 ? '-auth' : ''}`,
        source: codeSamples({ service, baseUrl, document: doc }, op).find((s) => s.lang === lang)!.source,
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
  // A sample sends credentials exactly when its operation requires them.
  expect(samples.filter((s) => s.source.includes('token: process.env.MARQUEE_TOKEN') !== s.secured).map((s) => s.name)).toEqual([]);
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
