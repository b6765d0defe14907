/**
 * The pinned openapi-generator jar, fetched once from Maven Central by mvn into the cache, and
 * run through the npm wrapper @openapitools/openapi-generator-cli. The wrapper finds the jar in
 * its storageDir (codegen/partner-sdks/openapitools.json points it at the cache through
 * MARQUEE_OPENAPI_GENERATOR_DIR), so it never downloads anything itself.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONFIG_DIR, GENERATOR_VERSION, REPO_ROOT, cacheDirs } from './paths';

/** Runs a command, streaming its output; throws with what to do next when it fails. */
export function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; hint: string }): void {
  const result = spawnSync(cmd, args, { cwd: opts.cwd ?? REPO_ROOT, env: opts.env ?? process.env, stdio: 'inherit' });
  if (result.error || result.status !== 0) {
    const why = result.error ? result.error.message : `exit ${result.status ?? result.signal}`;
    throw new Error(`${cmd} ${args.slice(0, 3).join(' ')}… failed (${why}). ${opts.hint}`);
  }
}

/** Path of the cached generator jar, downloading it through mvn when missing. */
export function ensureGeneratorJar(): string {
  const { generator, m2 } = cacheDirs();
  const jar = join(generator, `${GENERATOR_VERSION}.jar`);
  if (existsSync(jar)) {
    return jar;
  }
  // A half-finished download lands in a scratch folder and is only renamed into place whole.
  const partial = `${generator}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  mkdirSync(generator, { recursive: true });
  process.stdout.write(`sdk: fetching org.openapitools:openapi-generator-cli:${GENERATOR_VERSION} from Maven Central (mvn)\n`);
  run('mvn', [
    '-B', '-q', `-Dmaven.repo.local=${m2}`,
    'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy',
    `-Dartifact=org.openapitools:openapi-generator-cli:${GENERATOR_VERSION}:jar`,
    `-DoutputDirectory=${partial}`,
  ], { hint: 'Is Maven installed (apt-get install -y maven) and Maven Central reachable?' });
  const fetched = readdirSync(partial).find((f) => f.endsWith('.jar'));
  if (!fetched) {
    throw new Error(`mvn finished but left no jar in ${partial}; delete it and retry.`);
  }
  renameSync(join(partial, fetched), jar);
  rmSync(partial, { recursive: true, force: true });
  return jar;
}

/** Runs `openapi-generator-cli batch` (one JVM for every SDK) over the given config files. */
export function runBatch(configFiles: string[]): void {
  const jarDir = resolve(ensureGeneratorJar(), '..');
  const wrapper = resolve(REPO_ROOT, 'node_modules/.bin/openapi-generator-cli');
  // The wrapper reads openapitools.json from $PWD, not from the process's working directory.
  const env = { ...process.env, PWD: CONFIG_DIR, MARQUEE_OPENAPI_GENERATOR_DIR: jarDir };
  run(wrapper, ['batch', '--clean', '--fail-fast', ...configFiles], {
    cwd: CONFIG_DIR,
    env,
    hint: 'The generator output above names the spec problem; see codegen/partner-sdks/README.md.',
  });
}
