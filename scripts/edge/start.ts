/**
 * `make up`'s edge proxy (scripts/services.sh starts it like a service, on PORT, default the
 * registry's edge.port 4080): nginx in the foreground with a config rendered from
 * services/registry.yaml into $MARQUEE_HOME/edge/: the web app from dist/web (`make web`),
 * the docs portal proxied to its server (edge.docsPort), /api/<service>/ to each HTTP service
 * on loopback. SIGTERM stops nginx gracefully.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { edgeSettings, httpServices, loadRegistry } from '../../codegen/src/deploy';
import { repoRoot } from '../../codegen/src/repo-root';
import { startEdge } from './nginx';

const ROOT = repoRoot(); // run as TypeScript or compiled into dist/build/scripts/edge/

/** An nginx left behind by a killed predecessor (its pid file in our runtime folder) would hold the port: stop it first. */
async function stopLeftover(runtimeDir: string): Promise<void> {
  const pid = Number(existsSync(join(runtimeDir, 'nginx.pid')) ? readFileSync(join(runtimeDir, 'nginx.pid'), 'utf8').trim() : NaN);
  const isNginx = (): boolean => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'nginx';
    } catch {
      return false;
    }
  };
  if (!Number.isInteger(pid) || !isNginx()) return;
  process.stderr.write(`edge: stopping the nginx left from a previous run (pid ${pid})\n`);
  process.kill(pid, 'SIGQUIT');
  for (let i = 0; i < 50 && isNginx(); i++) await new Promise((r) => setTimeout(r, 100));
}

async function main(): Promise<void> {
  const registry = loadRegistry(join(ROOT, 'services/registry.yaml'));
  const edge = edgeSettings(registry);
  const port = Number(process.env.PORT ?? edge.port);
  const webRoot = join(ROOT, 'dist/web');
  if (!existsSync(join(webRoot, 'index.html'))) {
    process.stderr.write(`edge: ${webRoot}/index.html is missing; run 'make web' first (the edge still serves /api and /docs)\n`);
  }
  const runtimeDir = join(resolve(process.env.MARQUEE_HOME ?? join(ROOT, '.marquee')), 'edge');
  await stopLeftover(runtimeDir);
  const running = await startEdge(
    {
      listen: `127.0.0.1:${port}`,
      services: httpServices(registry.services).map((s) => ({ name: s.name, upstream: `http://127.0.0.1:${s.port}` })),
      webRoot,
      docs: { upstream: `http://127.0.0.1:${process.env.DOCS_PORT ?? edge.docsPort}` },
      runtimeDir,
      accessLog: 'off',
    },
    (line) => process.stderr.write(`${line}\n`),
  );
  process.stdout.write(`edge: nginx on ${running.url} (web app /, docs /docs/, APIs /api/<service>/)\n`);
  const stop = (): void => {
    void running.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  running.process.on('exit', (code) => {
    process.stderr.write(`edge: nginx exited with ${code}\n`);
    process.exit(code ?? 1);
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`edge: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
