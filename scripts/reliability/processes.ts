/**
 * The platform as separate processes (one per service, `node --import tsx services/<s>/src/start.ts`)
 * on free loopback ports against the test databases, the shared (or MARQUEE_*-chosen) engines and
 * unique Kafka topics / ES alias: what the soak measures (each service's own RSS).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import globalSetup from '../../test/support/global-setup';
import { testEnv } from '../../test/support/databases';
import { ELASTICSEARCH_URL, KAFKA_BROKERS } from '../../test/support/engines';

const root = resolve(__dirname, '..', '..');

export interface ServiceProcess {
  name: string;
  url: string;
  child: ChildProcess;
  /** Resident set size in bytes (Linux /proc), or undefined once the process is gone. */
  rss(): number | undefined;
}

export interface Processes {
  services: Record<string, ServiceProcess>;
  /** A bearer token of the demo tenant with every catalog, audience and ingest scope, issued by identity. */
  token: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

function rssOf(pid: number | undefined): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function waitReady(url: string, child: ChildProcess, name: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} while starting (log: bench/.tmp/reliability/${name}.log)`);
    const ok = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${name} not ready within ${timeoutMs} ms at ${url} (log: bench/.tmp/reliability/${name}.log)`);
}

export async function startProcesses(extraEnv: Record<string, string> = {}): Promise<Processes> {
  await globalSetup();
  const logs = join(root, 'bench', '.tmp', 'reliability');
  mkdirSync(logs, { recursive: true });
  const services: Record<string, ServiceProcess> = {};
  const run = async (name: string, env: Record<string, string>) => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'services', name, 'src', 'start.ts')], {
      cwd: root,
      env: { ...process.env, ...testEnv(name, { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', RATE_LIMIT_PER_SECOND: '0', ...env, ...extraEnv }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = createWriteStream(join(logs, `${name}.log`));
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    const url = `http://127.0.0.1:${port}`;
    services[name] = { name, url, child, rss: () => rssOf(child.pid) };
    await waitReady(url, child, name);
    return url;
  };
  try {
    const identity = await run('identity', { TOKEN_TTL_SECONDS: '86400', TOKEN_RATE_PER_MINUTE: '100000', INTROSPECT_RATE_PER_MINUTE: '1000000' });
    const auth = { IDENTITY_URL: identity, SERVICE_CLIENT_ID: 'marquee-services', SERVICE_CLIENT_SECRET: 'marquee-services-local-dev-secret' };
    const catalog = await run('catalog', auth);
    const suffix = `${process.pid}-${Date.now().toString(36)}`;
    await run('audience', { ...auth, CATALOG_URL: catalog, ELASTICSEARCH_URL, PROFILES_ALIAS: `profiles-soak-${suffix}` });
    await run('ingest', { ...auth, KAFKA_BROKERS: KAFKA_BROKERS.join(','), TOPIC_PREFIX: `soak-${suffix}.` });
    const response = await fetch(`${identity}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'northstar-demo', client_secret: 'northstar-demo-local-dev-secret' }),
    });
    if (!response.ok) throw new Error(`identity refused the demo token: ${response.status} ${await response.text()}`);
    const token = ((await response.json()) as { access_token: string }).access_token;
    return { services, token, stop: () => stopAll(services) };
  } catch (err) {
    await stopAll(services);
    throw err;
  }
}

async function stopAll(services: Record<string, ServiceProcess>): Promise<void> {
  await Promise.all(
    Object.values(services).reverse().map(
      (s) =>
        new Promise<void>((done) => {
          if (s.child.exitCode !== null || s.child.signalCode !== null) return done();
          const timer = setTimeout(() => s.child.kill('SIGKILL'), 15_000);
          s.child.once('exit', () => {
            clearTimeout(timer);
            done();
          });
          s.child.kill('SIGTERM');
        }),
    ),
  );
}
