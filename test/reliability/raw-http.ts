/** Raw HTTP/1.1 over a socket, for requests fetch will not send (10,000 parameters, header floods, slow clients, TRACE). */
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Milliseconds from connecting until the server closed the connection. */
  closedAfterMs: number;
}

/**
 * Sends `head` (request line and headers, without the blank line unless `complete`) and `body`,
 * then `trickle` lines one every `trickleMs` until the server answers or closes; resolves with
 * what came back once the server closes (or after `timeoutMs`, with status 0).
 */
export function rawRequest(url: string, args: { head: string; body?: string; trickle?: string[]; trickleMs?: number; timeoutMs?: number }): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      clearInterval(timer);
      clearTimeout(deadline);
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const i = line.indexOf(':');
        if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
      }
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1] ?? 0), headers, body: rest.join('\r\n\r\n'), closedAfterMs: Date.now() - started });
    };
    const deadline = setTimeout(() => {
      socket.destroy();
      finish();
    }, args.timeoutMs ?? 10_000);
    socket.on('data', (c) => chunks.push(c));
    socket.on('close', finish);
    socket.on('error', (err) => (chunks.length > 0 ? undefined : reject(err)));
    socket.on('connect', () => {
      socket.write(args.head);
      if (args.body !== undefined) socket.write(args.body);
      const trickle = [...(args.trickle ?? [])];
      if (trickle.length > 0) {
        timer = setInterval(() => {
          const next = trickle.shift();
          if (next === undefined || socket.destroyed) {
            clearInterval(timer);
            return;
          }
          socket.write(next);
        }, args.trickleMs ?? 500);
      }
    });
  });
}

/** `GET path` with the given header lines, complete. */
export function rawGet(url: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  const { host } = new URL(url);
  const lines = [`${method} ${path} HTTP/1.1`, `Host: ${host}`, 'Connection: close', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return rawRequest(url, { head: `${lines.join('\r\n')}\r\n\r\n` });
}
