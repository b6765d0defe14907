/**
 * The platform as separate processes (one per service, scripts/reliability/serve.ts) on free
 * loopback ports against the test databases, the engines of the test defaults (KAFKA_BROKERS,
 * ELASTICSEARCH_URL, MYSQL_HOST/PORT override them) and unique Kafka topics / ES alias: what the
 * soak measures (each service's own RSS). Catalog, audience and ingest trust identity's tokens.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import globalSetup from '../../test/support/global-setup';

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
  const run = async (name: string, env: Record<string, string>): Promise<string> => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'reliability', 'serve.ts'), name], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = createWriteStream(join(logs, `${name}.log`));
    child.stderr!.pipe(log);
    const url = await new Promise<string>((done, fail) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        log.write(chunk);
        out += chunk.toString();
        const match = /listening (http:\/\/\S+)/.exec(out);
        if (match) done(match[1]!);
      });
      child.once('exit', (code) => fail(new Error(`${name} exited with ${code} while starting (log: bench/.tmp/reliability/${name}.log)`)));
    });
    services[name] = { name, url, child, rss: () => rssOf(child.pid) };
    await waitReady(url, child, name);
    return url;
  };
  try {
    const identity = await run('identity', {});
    const catalog = await run('catalog', { IDENTITY_URL: identity });
    await run('audience', { IDENTITY_URL: identity, CATALOG_URL: catalog });
    await run('ingest', { IDENTITY_URL: identity, TOPIC_PREFIX: `soak-${process.pid}-${Date.now().toString(36)}.` });
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
