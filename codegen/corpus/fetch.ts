/**
 * The large public spec corpus (manifest.json): fetches each pinned npm package once with
 * `npm pack` into $MARQUEE_HOME/cache/openapi-corpus (default .marquee/), extracts only the spec
 * files the manifest names and checks their size and sha256. Idempotent: a spec already in the
 * cache with the right hash is not fetched again.
 *
 *   npx tsx codegen/corpus/fetch.ts        prints one line per spec and the cache folder
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface CorpusSpec {
  name: string;
  package: string;
  version: string;
  /** Path inside the package. */
  path: string;
  license: string;
  upstream: string;
  openapi: string;
  bytes: number;
  sha256: string;
}

export const MANIFEST = join(__dirname, 'manifest.json');

export function corpusSpecs(): CorpusSpec[] {
  return (JSON.parse(readFileSync(MANIFEST, 'utf8')) as { specs: CorpusSpec[] }).specs;
}

export function cacheDir(): string {
  return join(resolve(process.env.MARQUEE_HOME ?? '.marquee'), 'cache', 'openapi-corpus');
}

/** Where a spec lands in the cache. */
export function cachedPath(spec: CorpusSpec): string {
  return join(cacheDir(), `${spec.package.replace('/', '__')}@${spec.version}`, spec.path);
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function valid(spec: CorpusSpec): boolean {
  const path = cachedPath(spec);
  return existsSync(path) && sha256(path) === spec.sha256;
}

/** Fetches what is missing; returns the absolute path of every spec. Throws with what to do. */
export function fetchCorpus(log: (line: string) => void = () => undefined): Map<string, string> {
  const specs = corpusSpecs();
  const missing = specs.filter((s) => !valid(s));
  const packages = new Map<string, CorpusSpec[]>();
  for (const s of missing) {
    const key = `${s.package}@${s.version}`;
    packages.set(key, [...(packages.get(key) ?? []), s]);
  }
  for (const [pkg, wanted] of packages) {
    const dir = join(cacheDir(), pkg.replace('/', '__'));
    const tgzDir = join(cacheDir(), 'tarballs');
    mkdirSync(tgzDir, { recursive: true });
    mkdirSync(dir, { recursive: true });
    log(`corpus: fetching ${pkg} (npm pack) for ${wanted.map((s) => s.name).join(', ')}`);
    let tarball: string;
    try {
      const out = execFileSync('npm', ['pack', pkg, '--json', '--pack-destination', tgzDir, '--loglevel=error'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      tarball = join(tgzDir, (JSON.parse(out) as { filename: string }[])[0]!.filename);
    } catch (err) {
      throw new Error(`corpus: npm pack ${pkg} failed (${String((err as { stderr?: string }).stderr ?? err).trim().split('\n')[0]}); check that the npm registry is reachable`);
    }
    execFileSync('tar', ['xzf', tarball, '-C', dir, '--strip-components=1', ...wanted.map((s) => `package/${s.path}`)]);
    rmSync(tarball);
    for (const s of wanted) {
      if (!valid(s)) {
        throw new Error(`corpus: ${s.name} (${pkg} ${s.path}) does not match manifest.json's sha256; the package changed under a pinned version? Update codegen/corpus/manifest.json deliberately.`);
      }
    }
  }
  return new Map(specs.map((s) => [s.name, cachedPath(s)]));
}

if (require.main === module) {
  try {
    const paths = fetchCorpus((l) => process.stdout.write(`${l}\n`));
    for (const s of corpusSpecs()) {
      process.stdout.write(`${s.name.padEnd(14)} ${(s.bytes / 1e6).toFixed(1).padStart(5)} MB  ${s.package}@${s.version}  ${s.license}\n`);
    }
    process.stdout.write(`corpus: ${paths.size} specs in ${cacheDir()}\n`);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
}
