/**
 * Loads generated moviegoer profiles into the audience profiles index, through the audience
 * service's own indexer (ProfilesIndex: migrate, bulkIndex, refresh).
 *
 *   npx tsx scripts/audience-data/load-profiles.ts --size 10k|100k|1m|<n> [--seed N]
 *       [--alias profiles] [--es http://127.0.0.1:9200] [--reset] [--batch 2000] [--concurrency 2]
 *
 * Migrates the index (with --reset, drops every version of it first), streams profiles in
 * batches with a few bulk requests in flight, reports progress on stderr, refreshes, and prints
 * a summary (rate, index size, document count). Refresh is switched off during the load and
 * restored afterwards, also on failure. Loading is idempotent: document ids are tenant:member,
 * so a rerun with the same seed overwrites the same documents.
 *
 * Exit codes: 0 loaded, 1 failed (Elasticsearch unreachable, bulk errors, interrupted), 2 usage.
 */
import { createSearch, type SearchClient } from '@marquee/runtime';
import { ProfilesIndex } from '../../services/audience/src/data-access/profiles-index';
import { PROFILE_INDEX_ALIAS, type ProfileDocument } from '../../services/audience/src/domain/query';
import { DEFAULT_PROFILE_SEED, generateProfiles } from './generate-profiles';

const USAGE = `usage: npx tsx scripts/audience-data/load-profiles.ts --size 10k|100k|1m|<n> [options]

  --size N          profiles to load: 10k, 100k, 1m or a number (required)
  --seed N          generator seed (default ${DEFAULT_PROFILE_SEED})
  --alias NAME      index alias (default ${PROFILE_INDEX_ALIAS}; the index is <alias>-v<version>)
  --es URL          Elasticsearch (default $ELASTICSEARCH_URL or http://127.0.0.1:9200)
  --reset           drop every version of the index first
  --batch N         profiles per bulk request (default 2000)
  --concurrency N   bulk requests in flight (default 2)
`;

interface Options {
  size: number;
  seed: number;
  alias: string;
  es: string;
  reset: boolean;
  batch: number;
  concurrency: number;
}

class UsageError extends Error {}

/** '10k' -> 10000, '1m' -> 1000000, '250000' -> 250000. */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim().replace(/_/g, ''));
  if (!m) throw new UsageError(`--size: expected 10k, 100k, 1m or a number, got '${text}'`);
  const n = Number(m[1]) * ({ k: 1e3, m: 1e6 }[(m[2] ?? '').toLowerCase() as 'k' | 'm'] ?? 1);
  if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError(`--size: expected a positive whole number of profiles, got '${text}'`);
  return n;
}

function parseInteger(flag: string, text: string, min: number): number {
  const n = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`${flag}: expected an integer >= ${min}, got '${text}'`);
  return n;
}

export function parseArgs(argv: readonly string[]): Options {
  const options: Partial<Options> & Omit<Options, 'size'> = {
    seed: DEFAULT_PROFILE_SEED,
    alias: PROFILE_INDEX_ALIAS,
    es: process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200',
    reset: false,
    batch: 2000,
    concurrency: 2,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--size':
        options.size = parseSize(value());
        break;
      case '--seed':
        options.seed = parseInteger('--seed', value(), 0);
        break;
      case '--alias':
        options.alias = value();
        if (!/^[a-z0-9][a-z0-9_-]*$/.test(options.alias)) throw new UsageError(`--alias: not a valid index name: '${options.alias}'`);
        break;
      case '--es':
        options.es = value();
        if (!/^https?:\/\//.test(options.es)) throw new UsageError(`--es: expected an http(s) URL, got '${options.es}'`);
        break;
      case '--reset':
        options.reset = true;
        break;
      case '--batch':
        options.batch = parseInteger('--batch', value(), 1);
        break;
      case '--concurrency':
        options.concurrency = parseInteger('--concurrency', value(), 1);
        break;
      default:
        throw new UsageError(`unknown argument '${arg}'`);
    }
  }
  if (options.size === undefined) throw new UsageError('--size is required');
  return { ...options, size: options.size };
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

function describe(err: unknown): string {
  const meta = (err as { meta?: { statusCode?: number; body?: unknown } }).meta;
  const message = err instanceof Error ? err.message : String(err);
  return meta?.statusCode ? `${message} (HTTP ${meta.statusCode})` : message;
}

class LoadError extends Error {}

/** The index's explicit refresh_interval, or undefined when it uses the default. */
async function refreshInterval(client: SearchClient, alias: string): Promise<string | undefined> {
  const settings = await client.indices.getSettings({ index: alias, name: 'index.refresh_interval', flat_settings: true });
  const value: unknown = Object.values(settings)[0]?.settings?.['index.refresh_interval'];
  return typeof value === 'string' ? value : undefined;
}

/**
 * ProfilesIndex.drop(), or, where the server refuses wildcard deletes
 * (action.destructive_requires_name, the 8.x default), the same indices deleted by name.
 */
async function drop(client: SearchClient, index: ProfilesIndex, alias: string, log: (line: string) => void): Promise<void> {
  try {
    await index.drop();
    log(`dropped ${alias}-v*`);
    return;
  } catch (err) {
    if (!/wildcard/i.test(JSON.stringify((err as { meta?: { body?: unknown } }).meta?.body ?? describe(err)))) throw err;
  }
  const versions = new RegExp(`^${alias.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-v\\d+$`);
  const names = Object.keys(await client.indices.get({ index: `${alias}-v*`, expand_wildcards: 'all' })).filter((n) => versions.test(n));
  if (names.length > 0) await client.indices.delete({ index: names });
  log(`dropped ${names.length > 0 ? names.join(', ') : `nothing (no ${alias}-v<n> index)`} (by name: the server refuses wildcard deletes)`);
}

async function load(options: Options): Promise<void> {
  const client = createSearch({ node: options.es, requestTimeoutMs: 120_000 });
  const index = new ProfilesIndex(client, options.alias);
  const log = (line: string): boolean => process.stderr.write(`${line}\n`);
  let interrupted = false;
  const onSigint = (): void => {
    interrupted = true;
    log('interrupted: finishing the requests in flight...');
  };
  process.once('SIGINT', onSigint);
  try {
    try {
      await client.info();
    } catch (err) {
      throw new LoadError(`cannot reach Elasticsearch at ${options.es}: ${describe(err)}\nIs it up? Try \`scripts/infra.sh up elasticsearch\`.`);
    }
    if (options.reset) {
      await drop(client, index, options.alias, log);
    }
    log(`elasticsearch: ${await index.migrate()}`);

    const previousRefresh = await refreshInterval(client, options.alias);
    await client.indices.putSettings({ index: options.alias, settings: { 'index.refresh_interval': '-1' } });
    const started = performance.now();
    let indexed = 0;
    try {
      const failures: string[] = [];
      const inFlight = new Set<Promise<void>>();
      let lastReport = started;
      const report = (force = false): void => {
        const now = performance.now();
        if (!force && now - lastReport < 5000) return;
        lastReport = now;
        const seconds = (now - started) / 1000;
        const rate = indexed / seconds;
        const pct = ((indexed / options.size) * 100).toFixed(1);
        log(`  ${fmt(indexed)} / ${fmt(options.size)} (${pct}%)  ${fmt(rate)} profiles/s  elapsed ${duration(seconds)}  eta ${duration((options.size - indexed) / rate)}`);
      };
      const send = (docs: ProfileDocument[]): void => {
        const request: Promise<void> = index
          .bulkIndex(docs)
          .then(
            (outcome) => {
              indexed += outcome.indexed;
              for (const f of outcome.failed.slice(0, Math.max(0, 5 - failures.length))) failures.push(`${f.id}: ${f.reason}`);
              if (outcome.failed.length > 0) failures.push(`(${fmt(outcome.failed.length)} of ${fmt(docs.length)} documents in one bulk request failed)`);
              report();
            },
            (err: unknown) => {
              failures.push(`bulk request failed: ${describe(err)}`);
            },
          )
          .finally(() => inFlight.delete(request));
        inFlight.add(request);
      };

      let batch: ProfileDocument[] = [];
      for (const doc of generateProfiles({ count: options.size, seed: options.seed })) {
        batch.push(doc);
        if (batch.length < options.batch) continue;
        send(batch);
        batch = [];
        while (inFlight.size >= options.concurrency) await Promise.race(inFlight);
        if (failures.length > 0 || interrupted) break;
      }
      if (batch.length > 0 && failures.length === 0 && !interrupted) send(batch);
      await Promise.all(inFlight);
      if (failures.length > 0) {
        throw new LoadError(`bulk indexing failed after ${fmt(indexed)} profiles; first errors:\n  ${failures.slice(0, 6).join('\n  ')}`);
      }
      if (interrupted) throw new LoadError(`interrupted after ${fmt(indexed)} profiles`);
      report(true);
    } finally {
      await client.indices
        .putSettings({ index: options.alias, settings: { 'index.refresh_interval': previousRefresh ?? null } })
        .catch((err: unknown) => log(`warning: could not restore refresh_interval on ${options.alias}: ${describe(err)}`));
    }
    await index.refresh();
    const seconds = (performance.now() - started) / 1000;

    const stats = await client.indices.stats({ index: options.alias, metric: ['store', 'docs'] });
    const concrete = Object.keys(stats.indices ?? {}).join(', ');
    const store = stats._all.primaries?.store?.size_in_bytes ?? 0;
    const luceneDocs = stats._all.primaries?.docs?.count ?? 0;
    const { count } = await client.count({ index: options.alias });
    const out = (line: string): boolean => process.stdout.write(`${line}\n`);
    out(`profiles   ${fmt(indexed)} loaded (seed ${options.seed}) into ${options.alias} -> ${concrete}`);
    out(`time       ${seconds.toFixed(1)} s, ${fmt(indexed / seconds)} profiles/s (including the final refresh)`);
    out(`index      ${fmt(count)} profiles, ${fmt(luceneDocs)} Lucene docs with the nested film views, ${mb(store)} on disk (primaries, before any merge settles)`);
  } finally {
    process.removeListener('SIGINT', onSigint);
    await client.close();
  }
}

async function main(): Promise<number> {
  let options: Options;
  try {
    if (process.argv.includes('--help') || process.argv.includes('-h')) {
      process.stdout.write(USAGE);
      return 0;
    }
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`load-profiles: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
  try {
    await load(options);
    return 0;
  } catch (err) {
    process.stderr.write(`load-profiles: ${err instanceof LoadError ? err.message : describe(err)}\n`);
    if (!(err instanceof LoadError) && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main().then((code) => {
    process.exitCode = code;
  });
}
