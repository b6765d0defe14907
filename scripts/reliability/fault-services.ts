/**
 * The platform for `make faults`: identity, catalog, audience, ingest, the enricher and the
 * audience indexer, each the compiled bundle (dist/build, `make build`) in its own node process
 * as scripts/services.sh runs them, on free ports, against the engine set of the run, so any of
 * them can be killed with SIGKILL and started again on the same port. Databases
 * `<database>_faultrun_test` are reset and seeded with the compiled db-cli.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, type WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createMysql } from '@marquee/runtime';
import { registry } from '../../test/support/databases';
import { freePort } from '../lib/ports';
import type { EngineSet } from '../lib/private-engines';

const run = promisify(execFile);
const root = resolve(__dirname, '..', '..');
const BUILD = join(root, 'dist', 'build', 'services');

export const SERVICES = ['identity', 'catalog', 'audience', 'ingest', 'enricher', 'audience-indexer'] as const;
export type ServiceName = (typeof SERVICES)[number];

const ENTRIES: Record<ServiceName, string> = {
  identity: 'identity/src/start.js',
  catalog: 'catalog/src/start.js',
  audience: 'audience/src/start.js',
  ingest: 'ingest/src/start.js',
  enricher: 'enricher/src/start.js',
  'audience-indexer': 'audience/src/indexer/start-indexer.js',
};

export interface Platform {
  urls: Record<'identity' | 'catalog' | 'audience' | 'ingest' | 'enricher', string>;
  profilesAlias: string;
  kill(name: ServiceName): Promise<void>;
  /** Starts it again (same port) and resolves once it answers /healthz (workers: once alive 2 s). */
  start(name: ServiceName): Promise<void>;
  stop(): Promise<void>;
}

const UNLIMITED = { RATE_LIMIT_PER_SECOND: '0', RATE_LIMIT_BURST: '1000000' };
const SERVICE_CLIENT = { SERVICE_CLIENT_ID: 'marquee-services', SERVICE_CLIENT_SECRET: 'marquee-services-local-dev-secret' };

function mysqlEnv(service: string, engines: EngineSet): Record<string, string> {
  const m = registry()[service]?.mysql;
  if (!m) return {};
  return { MYSQL_HOST: '127.0.0.1', MYSQL_PORT: String(engines.mysqlPort), MYSQL_USER: m.user, MYSQL_PASSWORD: m.password, MYSQL_DATABASE: `${m.database}_faultrun_test` };
}

/** Creates, resets and seeds each service's database with its compiled db-cli (as `make migrate seed` does). */
async function prepareDatabases(engines: EngineSet): Promise<void> {
  for (const service of ['identity', 'catalog', 'audience', 'ingest', 'enricher']) {
    const env = mysqlEnv(service, engines);
    const db = createMysql({ host: env.MYSQL_HOST!, port: engines.mysqlPort, user: env.MYSQL_USER!, password: env.MYSQL_PASSWORD!, database: '' });
    try {
      await db.raw('CREATE DATABASE IF NOT EXISTS ?? CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci', [env.MYSQL_DATABASE!]);
    } finally {
      await db.destroy();
    }
    for (const command of ['reset', 'seed']) {
      await run(process.execPath, [join(BUILD, service, 'src', 'db-cli.js'), command], { cwd: root, env: { ...process.env, ...env } });
    }
  }
}

async function dropProfiles(engines: EngineSet, alias: string): Promise<void> {
  await fetch(`${engines.elasticsearchUrl}/${alias}-v*?ignore_unavailable=true&allow_no_indices=true`, { method: 'DELETE' });
}

async function waitUp(name: ServiceName, url: string | undefined, child: ChildProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const aliveSince = Date.now();
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) while starting; see bench/.tmp/faults/${name}.log`);
    if (url ? await fetch(`${url}/healthz`).then((r) => r.ok, () => false) : Date.now() - aliveSince > 2000) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} did not answer within ${timeoutMs} ms; see bench/.tmp/faults/${name}.log`);
}

export async function startPlatform(engines: EngineSet, logDir: string): Promise<Platform> {
  if (!existsSync(join(BUILD, 'identity', 'src', 'start.js'))) throw new Error('dist/build is missing: run `make build` first');
  mkdirSync(logDir, { recursive: true });
  await prepareDatabases(engines);
  const runId = `${process.pid}-${Date.now().toString(36)}`;
  const prefix = `faults-${runId}.`;
  const profilesAlias = 'profiles-faults';
  await dropProfiles(engines, profilesAlias);
  const ports = { identity: await freePort(), catalog: await freePort(), audience: await freePort(), ingest: await freePort(), enricher: await freePort() };
  const url = (p: number) => `http://127.0.0.1:${p}`;
  const urls = { identity: url(ports.identity), catalog: url(ports.catalog), audience: url(ports.audience), ingest: url(ports.ingest), enricher: url(ports.enricher) };
  const common = { ...UNLIMITED, ...SERVICE_CLIENT, LOG_LEVEL: 'warn', IDENTITY_URL: urls.identity, KAFKA_BROKERS: engines.kafkaBrokers, TOPIC_PREFIX: prefix, ELASTICSEARCH_URL: engines.elasticsearchUrl, PROFILES_ALIAS: profilesAlias, CATALOG_URL: urls.catalog };
  const envOf: Record<ServiceName, Record<string, string>> = {
    identity: { ...mysqlEnv('identity', engines), PORT: String(ports.identity), TOKEN_TTL_SECONDS: '86400', TOKEN_RATE_PER_MINUTE: '1000000', INTROSPECT_RATE_PER_MINUTE: '1000000' },
    catalog: { ...mysqlEnv('catalog', engines), PORT: String(ports.catalog) },
    audience: { ...mysqlEnv('audience', engines), PORT: String(ports.audience) },
    ingest: { ...mysqlEnv('ingest', engines), PORT: String(ports.ingest) },
    enricher: { ...mysqlEnv('enricher', engines), PORT: String(ports.enricher), GROUP_ID: `${prefix}enricher` },
    'audience-indexer': { GROUP_ID: `${prefix}indexer` },
  };
  const children = new Map<ServiceName, ChildProcess>();
  const logs = new Map<ServiceName, WriteStream>();
  const start = async (name: ServiceName): Promise<void> => {
    const log = logs.get(name) ?? createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
    logs.set(name, log);
    const child = spawn(process.execPath, ['--enable-source-maps', join(BUILD, ENTRIES[name])], { cwd: root, env: { ...process.env, ...common, ...envOf[name] }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.pipe(log, { end: false });
    child.stderr!.pipe(log, { end: false });
    children.set(name, child);
    await waitUp(name, name === 'audience-indexer' ? undefined : urls[name], child);
  };
  const kill = (name: ServiceName): Promise<void> =>
    new Promise((done) => {
      const child = children.get(name);
      if (!child || child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGKILL');
    });
  const stop = async (): Promise<void> => {
    await Promise.all([...children.keys()].map((name) => kill(name)));
    for (const log of logs.values()) log.end();
  };
  try {
    for (const name of SERVICES) await start(name);
  } catch (err) {
    await stop();
    throw err;
  }
  return { urls, profilesAlias, kill, start, stop };
}
