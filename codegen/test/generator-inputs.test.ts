/**
 * `make generate`'s up-to-date check hashes the generator's sources (codegen/src/generator-inputs.ts).
 * A workspace file the generator reads but the hash leaves out makes a change to it alone leave
 * the output stale ("up to date"): the runtime's validator options once were such a file. The
 * generator is bundled here as `make build` bundles it (npm packages external, workspaces inside),
 * and every workspace source the bundle reads must be covered.
 */
import { build } from 'esbuild';
import { appendFileSync, cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENERATOR_SOURCE_DIRS, GENERATOR_SOURCE_FILES, VALIDATOR_RUNTIME_SOURCES, inputsHash } from '../src/generator-inputs';

const ROOT = join(__dirname, '../..');

async function workspaceSourcesOf(entry: string): Promise<string[]> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    metafile: true,
    logLevel: 'silent',
    plugins: [
      {
        name: 'external-npm-packages',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@marquee/') || args.path.startsWith('node:') ? undefined : { path: args.path, external: true }));
        },
      },
    ],
  });
  return Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules/'));
}

test('Given the generator as make generate runs it, Then every workspace source it reads is an input of the up-to-date check', async () => {
  const read = await workspaceSourcesOf('codegen/src/cli.ts');
  const covered = (file: string) => GENERATOR_SOURCE_FILES.includes(file) || GENERATOR_SOURCE_DIRS.some((dir) => file.startsWith(`${dir}/`));
  expect(read.filter((file) => !covered(file))).toEqual([]);
  // The validators' options and format mode are read, so a change to either alone regenerates.
  expect(read).toEqual(expect.arrayContaining(['runtime/src/fast/compiled-validation.ts', 'runtime/src/fast/precompiled-types.ts']));
});

test('Given the listed inputs, Then each exists (a renamed file would otherwise drop out of the hash unnoticed)', () => {
  for (const file of [...GENERATOR_SOURCE_DIRS, ...GENERATOR_SOURCE_FILES, ...VALIDATOR_RUNTIME_SOURCES]) {
    expect([file, existsSync(join(ROOT, file))]).toEqual([file, true]);
  }
});

test.each(VALIDATOR_RUNTIME_SOURCES)('Given a checkout whose %s alone changes, Then the up-to-date check sees a change', (file) => {
  const root = mkdtempSync(join(tmpdir(), 'marquee-inputs-'));
  try {
    for (const source of [...GENERATOR_SOURCE_DIRS, ...GENERATOR_SOURCE_FILES]) {
      cpSync(join(ROOT, source), join(root, source), { recursive: true });
    }
    const hash = () => inputsHash({ pluginFiles: [], registry: 'services/registry.yaml', root });
    const before = hash();
    expect(hash()).toBe(before);
    appendFileSync(join(root, file), '\n// a changed validator option\n');
    expect(hash()).not.toBe(before);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
