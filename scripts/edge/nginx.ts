/**
 * Runs the edge proxy: Debian's nginx (scripts/edge.sh installs it) with a config rendered from
 * services/registry.yaml by codegen/src/deploy/edge.ts into a runtime folder of its own, in the
 * foreground (`daemon off`), so a supervisor or a test owns the process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { renderEdgeConfig, type EdgeConfigOptions } from '../../codegen/src/deploy/edge';

export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

export function requireNginx(): void {
  if (!existsSync(NGINX)) {
    throw new Error(`${NGINX} is missing: run scripts/edge.sh (installs Debian's nginx; as root) or set NGINX_PATH`);
  }
}


/** Writes nginx.conf into `runtimeDir` and checks it with `nginx -t`; returns its path. */
export function writeEdgeConfig(given: EdgeConfigOptions): string {
  requireNginx();
  // Run as root (CI, this machine), nginx's workers would drop to `nobody`: keep the invoking user, who can read the checkout.
  const options = process.getuid?.() === 0 && !given.user ? { ...given, user: userInfo().username } : given;
  mkdirSync(options.runtimeDir, { recursive: true });
  const conf = join(options.runtimeDir, 'nginx.conf');
  writeFileSync(conf, renderEdgeConfig(options));
  const test = spawnSync(NGINX, ['-t', '-q', '-e', 'stderr', '-p', options.runtimeDir, '-c', conf], { encoding: 'utf8' });
  if (test.status !== 0) {
    throw new Error(`nginx -t refused ${conf}:\n${test.stderr}`);
  }
  return conf;
}

export interface RunningEdge {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts nginx in the foreground on `options.listen` and waits until /healthz answers. */
export async function startEdge(options: EdgeConfigOptions, log: (line: string) => void = () => {}): Promise<RunningEdge> {
  const conf = writeEdgeConfig(options);
  const child = spawn(NGINX, ['-e', 'stderr', '-p', options.runtimeDir, '-c', conf, '-g', 'daemon off;'], { stdio: ['ignore', 'inherit', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    log(chunk.toString().trimEnd());
  });
  const port = options.listen.split(':').pop()!;
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}:\n${stderr}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not answer ${url}/healthz within 10 s:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGQUIT'); // graceful: finish in-flight requests
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  return { url, process: child, stop };
}
