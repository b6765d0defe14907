#!/usr/bin/env -S npx tsx
/**
 * Serves a built portal (static files) on loopback:
 *
 *   npx tsx codegen/src/portal/serve.ts [--dir dist/docs] [--port 4090]
 *
 * GET/HEAD only; paths are confined to the directory; `/` and folders serve index.html;
 * `/healthz` and `/readyz` answer 200 for the supervisor (scripts/services.sh).
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { repoRoot } from '../repo-root';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json; charset=utf-8',
};

function resolveFile(dir: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!);
  } catch {
    return undefined;
  }
  const file = normalize(join(dir, decoded));
  if (file !== dir && !file.startsWith(dir + sep)) {
    return undefined;
  }
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) {
      const index = join(file, 'index.html');
      return statSync(index).isFile() ? index : undefined;
    }
    return stat.isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

export function createPortalServer(dir: string): Server {
  const root = resolve(dir);
  return createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n');
      return;
    }
    if (req.url === '/healthz' || req.url === '/readyz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    }
    const file = resolveFile(root, req.url ?? '/');
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  });
}

/** Starts the server; resolves with its URL (port 0 picks a free port). */
export async function servePortal(dir: string, port: number, host = '127.0.0.1'): Promise<{ server: Server; url: string }> {
  const server = createPortalServer(dir);
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, ok);
  });
  const address = server.address() as AddressInfo;
  return { server, url: `http://${host}:${address.port}` };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: string): string => {
    const at = args.indexOf(name);
    return at >= 0 && args[at + 1] ? args[at + 1]! : fallback;
  };
  const dir = resolve(option('--dir', join(repoRoot(), 'dist/docs')));
  const port = Number(process.env.PORT ?? option('--port', '4090'));
  servePortal(dir, port).then(
    ({ server, url }) => {
      process.stdout.write(`docs portal: ${url}/ (serving ${dir})` + '\n');
      const stop = () => server.close(() => process.exit(0));
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    },
    (err: Error) => {
      process.stderr.write(`docs portal: cannot listen on port ${port}: ${err.message}` + '\n');
      process.exit(1);
    },
  );
}
