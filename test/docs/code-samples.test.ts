/**
 * The portal's code samples are real code: every TypeScript sample type-checks (strict) against
 * the generated client it names (`@marquee/<service>-sdk` mapped to generated/<service>/
 * client.gen.ts, whose request types come from the spec), every Python sample parses, and every
 * curl sample is valid shell.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRegistry } from '../../codegen/src/deploy/registry';
import { buildIR } from '../../codegen/src/ir';
import type { JsonObject } from '../../codegen/src/load';
import { codeSamples } from '../../codegen/src/portal/code-samples';

const ROOT = join(__dirname, '../..');
const TMP = join(__dirname, '.tmp-samples');
const services = loadRegistry(join(ROOT, 'services/registry.yaml')).services.map((s) => s.name);

function samplesBy(lang: string): { name: string; source: string; secured: boolean }[] {
  return services.flatMap((service) => {
    const document = JSON.parse(readFileSync(join(ROOT, 'generated', service, 'openapi.json'), 'utf8')) as JsonObject;
    const baseUrl = 'http://127.0.0.1:4010';
    // As the spec is, and with credentials required everywhere (the samples then send them).
    const secured: JsonObject = { ...document, security: [{ oauth2: [`${service}:read`] }, { apiKey: [] }] };
    // Whether a sample must send credentials: what the operation requires in that document (its own
    // security, else the root default; x-public operations keep their `security: []`).
    const requires = (doc: JsonObject) => new Map(buildIR(service, doc).operations.map((o) => [o.operationId, (o.security ?? []).length > 0]));
    const required = [requires(document), requires(secured)];
    return buildIR(service, document).operations.flatMap((op) =>
      [document, secured].map((doc, i) => ({
        secured: required[i]!.get(op.operationId) === true,
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

test('TypeScript samples type-check against the generated clients', () => {
  const dir = join(TMP, 'ts');
  mkdirSync(dir, { recursive: true });
  const samples = samplesBy('typescript');
  for (const { name, source } of samples) {
    const lines = source.split('\n');
    const imports = lines.filter((l) => l.startsWith('import '));
    const body = lines.filter((l) => !l.startsWith('import ')).join('\n');
    writeFileSync(join(dir, `${name}.ts`), `${imports.join('\n')}\n\nexport async function sample(): Promise<void> {\n${body}\n}\n`);
  }
  const paths = Object.fromEntries(services.map((s) => [`@marquee/${s}-sdk`, [join(ROOT, 'generated', s, 'client.gen.ts')]]));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: join(ROOT, 'tsconfig.base.json'), compilerOptions: { types: ['node'], paths }, include: ['*.ts'] }));
  const result = run(process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '--pretty', 'false', '-p', join(dir, 'tsconfig.json')]);
  expect(result.output).toBe('');
  expect(samples.length).toBeGreaterThanOrEqual(40);
  expect(samples.filter((s) => s.source.includes('Authorization: `Bearer') !== s.secured).map((s) => s.name)).toEqual([]);
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
