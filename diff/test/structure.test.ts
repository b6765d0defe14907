/**
 * The package's shape: its modules import each other without cycles, and nothing in it (or in
 * @marquee/openapi, which it builds on) imports the generator, so codegen can depend on both.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/** Module specifiers of every import and re-export in a file, `import type` included. */
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'/gms)].map((m) => m[1]!);
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f))
    .sort();
}

/** Import cycles among the files, each as `a.ts -> b.ts -> a.ts`. */
function cycles(files: string[]): string[] {
  const known = new Set(files);
  const edges = new Map(
    files.map((f) => [
      f,
      specifiers(f)
        .filter((s) => s.startsWith('.'))
        .map((s) => resolve(dirname(f), s))
        .flatMap((p) => [`${p}.ts`, join(p, 'index.ts')].filter((c) => known.has(c)).slice(0, 1)),
    ]),
  );
  const found: string[] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    stack.push(file);
    for (const next of edges.get(file) ?? []) {
      const at = stack.indexOf(next);
      if (at >= 0) found.push([...stack.slice(at), next].map((f) => relative(ROOT, f)).join(' -> '));
      else if (!done.has(next)) visit(next);
    }
    stack.pop();
    done.add(file);
  };
  files.forEach((f) => done.has(f) || visit(f));
  return found;
}

describe.each(['diff/src', 'openapi/src'])('%s', (dir) => {
  const files = tsFiles(join(ROOT, dir));

  test('When its modules import each other (types included), Then there is no cycle', () => {
    expect(files.length).toBeGreaterThan(3);
    expect(cycles(files)).toEqual([]);
  });

  test('When it imports other code, Then it is a package or a module of its own, never codegen', () => {
    const outside = files.flatMap((f) =>
      specifiers(f)
        .filter((s) => (s.startsWith('.') ? !resolve(dirname(f), s).startsWith(join(ROOT, dir)) : s.startsWith('@marquee/codegen')))
        .map((s) => `${relative(ROOT, f)}: ${s}`),
    );
    expect(outside).toEqual([]);
  });
});

test('When two modules import each other, Then the cycle check reports it (it can fail)', () => {
  const fixture = join(__dirname, 'fixtures', 'cycle');
  expect(cycles([join(fixture, 'a.ts'), join(fixture, 'b.ts')])).toEqual(['diff/test/fixtures/cycle/a.ts -> diff/test/fixtures/cycle/b.ts -> diff/test/fixtures/cycle/a.ts']);
});
