/**
 * Emitter plugins (#14): a project's own emitter named in marquee.config.yaml runs through the
 * real CLI on a temp project beside the built-in ones, its files are in the manifest and the
 * up-to-date check, and a broken plugin fails with a message naming its file, never a stack.
 * The checks on what a plugin returns are pure and run in-process.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { buildIR } from '../src/ir';
import type { JsonObject } from '@marquee/openapi';
import { BUILTIN_PLUGINS } from '../src/plugins/builtins';
import { pluginEntries, type LoadedPlugin } from '../src/plugins/config';
import { PluginError, definePlugin, type EmitterPlugin } from '../src/plugins/plugin';
import { runPlugins } from '../src/plugins/run';

const REPO = join(__dirname, '../..');
const EXAMPLE = join(__dirname, 'fixtures/plugins/route-table.mjs');
const SPEC = {
  openapi: '3.0.3',
  info: { title: 'Pets', version: '1.2.0' },
  paths: {
    '/pets': { get: { operationId: 'listPets', responses: { '200': { description: 'OK', content: { 'application/json': { schema: { type: 'array', items: { type: 'string' } } } } } } } },
    '/pets/{id}': { delete: { operationId: 'deletePet', deprecated: true, parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '204': { description: 'Deleted' } } } },
  },
};
const REGISTRY = {
  engines: { mariadb: { image: 'mariadb:11.4', port: 3306 }, kafka: { image: 'apache/kafka:4.1.0', port: 9092 }, elasticsearch: { image: 'elasticsearch:8.19.2', port: 9200 } },
  services: { pets: { port: 5000, spec: 'specs/pets/openapi.yaml' } },
};

let dir: string;
const write = (path: string, content: string) => {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), content);
};
const read = (path: string) => readFileSync(join(dir, path), 'utf8');

/** The generator as a user runs it, in its own process in the project folder. */
function generate(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(join(REPO, 'node_modules/.bin/tsx'), [join(REPO, 'codegen/src/cli.ts'), ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, MARQUEE_DEBUG: '' } });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'marquee-plugins-'));
  write('specs/pets/openapi.yaml', stringify(SPEC));
  write('services/registry.yaml', stringify(REGISTRY));
  mkdirSync(join(dir, 'tools'));
  copyFileSync(EXAMPLE, join(dir, 'tools/route-table.mjs'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('through the CLI', () => {
  test('When marquee.config.yaml names a plugin file, Then make generate writes its files, lists them in the manifest, and a change to the plugin regenerates', () => {
    write('marquee.config.yaml', stringify({ plugins: [{ file: 'tools/route-table.mjs', options: { file: 'route-table.json' } }] }));
    const first = generate();
    expect(first.stderr).not.toMatch(/error/);
    expect(first.status).toBe(0);
    expect(JSON.parse(read('generated/pets/route-table.json'))).toEqual({
      service: 'pets',
      version: '1.2.0',
      routes: [
        { method: 'GET', path: '/pets', operationId: 'listPets', deprecated: false },
        { method: 'DELETE', path: '/pets/{id}', operationId: 'deletePet', deprecated: true },
      ],
    });
    expect(existsSync(join(dir, 'generated/pets/types.gen.ts'))).toBe(true); // the built-ins still run
    expect(first.stdout).toMatch(/route-table \d+ms/);
    const manifest = JSON.parse(read('generated/.manifest.json')) as { plugins: string[]; files: Record<string, string> };
    expect(manifest.plugins).toEqual(['tools/route-table.mjs']);
    expect(Object.keys(manifest.files)).toContain('generated/pets/route-table.json');

    expect(generate().stdout).toMatch(/^generate: up to date/m);

    // The plugin's own content is an input: an edit regenerates, and its new output lands.
    writeFileSync(join(dir, 'tools/route-table.mjs'), read('tools/route-table.mjs').replace('routes }', 'routes, count: routes.length }'));
    const edited = generate();
    expect(edited.stdout).not.toMatch(/up to date/);
    expect(JSON.parse(read('generated/pets/route-table.json'))).toMatchObject({ count: 2 });
    expect(generate().stdout).toMatch(/^generate: up to date/m); // deterministic

    // Dropping the plugin from the config removes what it wrote.
    write('marquee.config.yaml', 'plugins: []\n');
    expect(generate().stdout).toContain('removed generated/pets/route-table.json');
  }, 120_000);

  test('When a plugin throws, Then generation fails naming the plugin file and line, with no stack trace', () => {
    write('tools/broken.mjs', "export default {\n  name: 'broken',\n  emit({ ir }) {\n    return ir.missing.map((x) => x);\n  },\n};\n");
    write('marquee.config.yaml', 'plugins:\n  - tools/broken.mjs\n');
    const run = generate('--spec', 'specs/pets/openapi.yaml', '--out', 'out', '--no-lint');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^generate: plugin tools\/broken\.mjs \(broken\) failed on service openapi: TypeError: .*'map'.* \(at tools\/broken\.mjs:4:\d+\)$/m);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(join(dir, 'out'))).toBe(false); // nothing written
  }, 60_000);

  test('When the plugin is CommonJS (module.exports), Then --spec mode on any spec runs it too', () => {
    write('tools/route-table.cjs', read('tools/route-table.mjs').replace('export default', 'module.exports ='));
    write('marquee.config.yaml', 'plugins:\n  - tools/route-table.cjs\n');
    const run = generate('--spec', 'specs/pets/openapi.yaml', '--name', 'pets', '--out', 'out', '--no-lint', '--no-docs');
    expect(run.stderr).toBe('');
    expect(JSON.parse(read('out/routes.json'))).toMatchObject({ service: 'pets', routes: [{ operationId: 'listPets' }, { operationId: 'deletePet' }] });
  }, 60_000);

  test.each([
    { name: 'a missing file', config: 'plugins:\n  - tools/nope.mjs\n', want: /^generate: plugin tools\/nope\.mjs: no such file/m },
    { name: 'a syntax error', config: 'plugins:\n  - tools/syntax.mjs\n', want: /^generate: plugin tools\/syntax\.mjs failed to load: SyntaxError: .*node --check tools\/syntax\.mjs/m },
    { name: 'no emit function', config: 'plugins:\n  - tools/empty.mjs\n', want: /^generate: plugin tools\/empty\.mjs: its default export must be an emitter plugin/m },
    { name: "a built-in's name", config: 'plugins:\n  - tools/types.mjs\n', want: /^generate: plugin tools\/types\.mjs: the name 'types' is already taken by a built-in emitter/m },
    { name: 'an unknown key', config: 'plugins:\n  - { file: tools/route-table.mjs, option: {} }\n', want: /marquee\.config\.yaml: plugins\[0\]\.option is not a setting/m },
  ])('When the config names $name, Then the CLI says so in one line and exits 1', ({ config, want }) => {
    write('tools/syntax.mjs', 'export default { name: "x", emit( {\n');
    write('tools/empty.mjs', 'export default { name: "empty" };\n');
    write('tools/types.mjs', 'export default { name: "types", emit: () => [] };\n');
    write('marquee.config.yaml', config);
    const run = generate('--spec', 'specs/pets/openapi.yaml', '--out', 'out', '--no-lint');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(want);
    expect(run.stderr).not.toMatch(/^\s+at |internal error/m);
  }, 60_000);
});

describe('what a plugin returns', () => {
  const document = SPEC as unknown as JsonObject;
  const context = { service: 'pets', ir: buildIR('pets', document), document };
  const project = (plugin: EmitterPlugin): LoadedPlugin => ({ plugin, file: 'tools/p.mjs', path: join(dir, 'tools/p.mjs'), options: {} });
  const run = (plugin: EmitterPlugin) => runPlugins([...BUILTIN_PLUGINS.filter((p) => p.name !== 'types').map((p) => ({ plugin: p })), project(plugin)], context, dir);

  test('When a plugin emits files, Then they follow the built-in files and get their options from the config entry', async () => {
    const outputs = await runPlugins([{ plugin: BUILTIN_PLUGINS[1]! }, { ...project(definePlugin<{ n: number }>({ name: 'p', emit: ({ options }) => [{ path: 'a/b.txt', content: String(options.n) }] })), options: { n: 3 } }], context, dir);
    expect(outputs.map((o) => [o.name, o.output, o.files.map((f) => f.path)])).toEqual([
      ['operations', 'code', ['operations.gen.ts']],
      ['p', 'code', ['a/b.txt']],
    ]);
    expect(outputs[1]!.files[0]!.content).toBe('3');
  });

  test.each([
    { name: 'a path outside its folder', files: [{ path: '../escape.ts', content: '' }], want: /tools\/p\.mjs \(p\) returned the path "\.\.\/escape\.ts"/ },
    { name: 'an absolute path', files: [{ path: '/etc/x', content: '' }], want: /returned the path "\/etc\/x"/ },
    { name: 'a hidden file', files: [{ path: '.manifest.json', content: '' }], want: /returned the path "\.manifest\.json"/ },
    { name: 'content that is not a string', files: [{ path: 'x.json', content: {} }], want: /returned x\.json with object content/ },
    { name: 'no array', files: undefined, want: /returned nothing; emit must return an array/ },
    { name: "a built-in's file", files: [{ path: 'client.gen.ts', content: '' }], want: /plugin tools\/p\.mjs \(p\) and the built-in client emitter both write client\.gen\.ts for service pets/ },
  ])('When a plugin returns $name, Then a PluginError names the plugin and the file', async ({ files, want }) => {
    const plugin = { name: 'p', emit: () => files } as unknown as EmitterPlugin;
    await expect(run(plugin)).rejects.toThrow(PluginError);
    await expect(run(plugin)).rejects.toThrow(want);
  });

  test('When a plugin is not deterministic, Then the run fails naming the file that changed', async () => {
    let n = 0;
    await expect(run({ name: 'p', emit: () => [{ path: 'stamp.txt', content: String(n++) }] })).rejects.toThrow(/tools\/p\.mjs \(p\) is not deterministic: a second run gave different content for stamp\.txt/);
  });

  test('When the plugins section is malformed, Then the error names marquee.config.yaml and the entry', () => {
    write('marquee.config.yaml', 'plugins: tools/x.mjs\n');
    expect(() => pluginEntries(dir)).toThrow(/marquee\.config\.yaml: plugins must be a list/);
    write('marquee.config.yaml', 'plugins:\n  - file: tools/x.mjs\n    options: [1]\n');
    expect(() => pluginEntries(dir)).toThrow(/plugins\[0\]\.options must be a map/);
    write('marquee.config.yaml', 'lint: { house-style: error }\nplugins:\n  - tools/x.mjs\n  - { file: /abs/y.mjs, options: { a: 1 } }\n');
    expect(pluginEntries(dir)).toEqual([
      { file: 'tools/x.mjs', path: join(dir, 'tools/x.mjs'), options: {} },
      { file: '/abs/y.mjs', path: '/abs/y.mjs', options: { a: 1 } },
    ]);
  });
});
