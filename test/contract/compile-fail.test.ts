/**
 * Compile-time proof that the generated stubs and clients hold code to the contract. Every
 * `@ts-expect-error` in compile-fail/ must be consumed by a real type error (tsc reports an
 * unused directive otherwise), and with the directives stripped each one becomes an error.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(__dirname, 'compile-fail');
const tsc = require.resolve('typescript/bin/tsc');

function typecheck(project: string): { ok: boolean; output: string } {
  try {
    execFileSync(process.execPath, [tsc, '--noEmit', '--pretty', 'false', '-p', project], { encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, output: '' };
  } catch (err) {
    return { ok: false, output: String((err as { stdout?: string }).stdout ?? err) };
  }
}

const fixtures = readdirSync(dir).filter((f) => f.endsWith('.ts'));
/** `file(line)` of the line after each directive: where the error must be. */
const expectedErrors = fixtures.flatMap((f) =>
  readFileSync(join(dir, f), 'utf8')
    .split('\n')
    .flatMap((line, i) => (/^\s*\/\/ @ts-expect-error/.test(line) ? [`${f}(${i + 2}`] : [])),
);
const directives = expectedErrors.length;

test('When fixtures make contract mistakes, Then each marked line fails to type-check', () => {
  const result = typecheck(join(dir, 'tsconfig.json'));
  expect(result.output).toBe('');
  expect(result.ok).toBe(true);
  expect(directives).toBeGreaterThanOrEqual(12);
});

test('When the @ts-expect-error directives are removed, Then tsc reports at least one error per directive', () => {
  const stripped = join(__dirname, '.tmp-compile-fail');
  rmSync(stripped, { recursive: true, force: true });
  mkdirSync(stripped);
  try {
    for (const f of fixtures) {
      writeFileSync(join(stripped, f), readFileSync(join(dir, f), 'utf8').replace(/^(\s*)\/\/ @ts-expect-error.*$/gm, '$1//'));
    }
    writeFileSync(join(stripped, 'tsconfig.json'), readFileSync(join(dir, 'tsconfig.json'), 'utf8'));
    const result = typecheck(join(stripped, 'tsconfig.json'));
    expect(result.ok).toBe(false);
    const errorAt = new Set(result.output.split('\n').filter((l) => /error TS\d+/.test(l)).map((l) => l.replace(/^.*\//, '').replace(/,\d+\).*/, '')));
    expect(expectedErrors.filter((at) => !errorAt.has(at))).toEqual([]);
  } finally {
    rmSync(stripped, { recursive: true, force: true });
  }
}, 60000);
