/**
 * A TCP port free on 127.0.0.1 right now (the OS picks it), for child processes that need a fixed
 * PORT (nginx, Prism, Verdaccio, services started as processes by tests and benchmarks).
 */
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
