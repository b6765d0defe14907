import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Linter, type ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const marquee = require('../plugin') as ESLint.Plugin;

const root = join(__dirname, '..', '..', '..');
const config: Linter.Config[] = [
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser as Linter.Parser },
    plugins: { marquee },
    rules: { 'marquee/no-sibling-service-access': 'error' },
  },
];

function lint(file: string): string[] {
  const messages = new Linter({ configType: 'flat', cwd: root }).verify(readFileSync(file, 'utf8'), config, file);
  const fatal = messages.find((m) => m.fatal);
  if (fatal) throw new Error(`${file}: ${fatal.message}`);
  return messages.map((m) => `${m.line}:${m.message.split(' ')[0]}`);
}

test('When a service imports a sibling or makes raw HTTP calls, Then the rule reports each one with its line', () => {
  expect(lint(join(__dirname, 'fixtures', 'services', 'audience', 'src', 'bad-calls.ts'))).toEqual([
    "2:'node:http'",
    "3:'axios'",
    "4:'../../catalog/src/data-access/films-repository'",
    "5:'@marquee/catalog'",
    '11:fetch()',
    '12:globalThis.fetch()',
    "13:'../../catalog/src/server'",
  ]);
});

test('When services use generated clients, the runtime and their own files, Then the rule is silent', () => {
  const files = readdirSync(join(root, 'services'), { recursive: true, encoding: 'utf8' })
    .filter((p) => /^[^/]+\/src\/.*\.ts$/.test(p))
    .map((p) => join(root, 'services', p));
  expect(files.length).toBeGreaterThan(10);
  expect(files.flatMap((f) => lint(f).map((m) => `${f}:${m}`))).toEqual([]);
});
