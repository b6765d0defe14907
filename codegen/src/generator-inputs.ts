/**
 * What the generator's output depends on besides the specs and the project's config: the
 * workspace sources its code is built from and the npm packages whose version shapes what it
 * writes. `make generate`'s up-to-date check (cli.ts) hashes all of them, and the request-validator
 * emitter's cache key the validator ones, so a change to any of them regenerates.
 * codegen/test/generator-inputs.test.ts bundles the generator and fails when it reads a
 * workspace file not covered here. Light: a no-op run loads it before anything else.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tryGit } from '@marquee/diff/git';
import { repoRoot } from './repo-root';

/** Workspace packages whose every source is an input (relative to the repository root). */
export const GENERATOR_SOURCE_DIRS: readonly string[] = ['codegen/src', 'openapi/src', 'diff/src'];

/**
 * The runtime's request validation the generated validators.gen.ts is compiled with: its
 * options and format mode (compiled-validation.ts, precompiled-types.ts) decide the emitted code.
 */
export const VALIDATOR_RUNTIME_SOURCES: readonly string[] = ['runtime/src/fast/compiled-validation.ts', 'runtime/src/fast/content-type-key.ts', 'runtime/src/fast/precompiled-types.ts'];

/** Single workspace files outside GENERATOR_SOURCE_DIRS that the generator imports. */
export const GENERATOR_SOURCE_FILES: readonly string[] = [
  'diff/git.ts',
  'runtime/client-media.ts',
  'runtime/src/client-core/media.ts',
  'runtime/spec-literals.ts',
  'runtime/src/spec-literals.ts',
  ...VALIDATOR_RUNTIME_SOURCES,
];

/** npm packages whose code decides the output: the types (openapi-typescript) and the standalone request validators. */
export const OUTPUT_PACKAGES: readonly string[] = ['openapi-typescript', 'express-openapi-validator', 'ajv', 'ajv-formats'];

function listFiles(dir: string, filter: (p: string) => boolean): string[] {
  if (!existsSync(dir)) {
    return [];
  }
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((p) => join(dir, p))
    .filter((p) => statSync(p).isFile() && filter(p))
    .sort();
}

/**
 * The hash of everything that can change the output: the project's specs, registry and
 * marquee.config.yaml (relative to the working directory), the generator's sources above (from
 * `root`, the checkout, whether the generator runs as TypeScript or compiled), the versions of
 * OUTPUT_PACKAGES, the release tags (pinned clients come from them), and the project's plugin
 * files (those the last run loaded: any change to the list changes marquee.config.yaml).
 */
export function inputsHash({ pluginFiles, registry, root = repoRoot() }: { pluginFiles: readonly string[]; registry: string; root?: string }): string {
  const hash = createHash('sha256');
  const sources = [...GENERATOR_SOURCE_DIRS.flatMap((dir) => listFiles(join(root, dir), (p) => p.endsWith('.ts'))), ...GENERATOR_SOURCE_FILES.map((file) => join(root, file))];
  const config = existsSync('marquee.config.yaml') ? ['marquee.config.yaml'] : []; // lint severities
  for (const file of [...listFiles('specs', (p) => /\.(ya?ml|json|md)$/.test(p)), registry, ...config]) {
    hash.update(relative(process.cwd(), file)).update('\0').update(readFileSync(file)).update('\0');
  }
  for (const file of sources) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  for (const file of pluginFiles) {
    hash.update(file).update('\0').update(existsSync(file) ? readFileSync(file) : 'missing').update('\0');
  }
  for (const pkg of OUTPUT_PACKAGES) {
    hash.update(readFileSync(require.resolve(`${pkg}/package.json`))).update('\0');
  }
  hash.update(tryGit(process.cwd(), ['tag', '--list']) ?? '');
  return hash.digest('hex');
}
