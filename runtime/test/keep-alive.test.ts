/**
 * Idle keep-alive connections and stalled event loops (runtime/src/app.ts,
 * closeIdleConnectionsSafely): the regression tests of the soak's 29 lost requests
 * (bench/RELIABILITY.md). A raw TCP client writes a request straight into the kernel, then the
 * test blocks the event loop, as a CPU-starved machine or a GC pause does; when the loop wakes,
 * the idle timer and the unread request are due together. Node alone destroyed the connection
 * (the client got ECONNRESET); the runtime serves the request.
 */
import { connect, type Socket } from 'node:net';
import { createLogger, createServiceApp, listen, type RunningServer } from '../index';

const REQUEST = 'GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n';

function start(env: Record<string, string> = {}): Promise<RunningServer> {
  const saved = Object.keys(env).map((name) => [name, process.env[name]] as const);
  Object.assign(process.env, env);
  try {
    return listen(createServiceApp({ name: 'test', log: createLogger('test', 'silent'), readiness: {}, routers: [] }), 0); // reads the env at once
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** A raw HTTP/1.1 connection: counts complete responses and remembers how it ended. */
function rawClient(port: number): Promise<{ socket: Socket; responses(): string[]; ended(): string | undefined }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let ended: string | undefined;
    socket.on('error', (err: NodeJS.ErrnoException) => (ended ??= err.code ?? err.message));
    socket.on('close', () => (ended ??= 'closed'));
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.once('connect', () => resolve({ socket, responses: () => text.split(/(?=HTTP\/1\.1 )/).filter(Boolean), ended: () => ended }));
    socket.once('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (ok: () => boolean, ms: number) => {
  for (const deadline = Date.now() + ms; !ok() && Date.now() < deadline; ) await sleep(20);
};

/** Writes a request, then blocks the event loop from the check phase, so timers run first when it wakes. */
function sendDuringStall(socket: Socket, stallMs: number): Promise<void> {
  return new Promise((done) =>
    setImmediate(() => {
      socket.write(REQUEST);
      const end = Date.now() + stallMs;
      while (Date.now() < end) {
        // the stall
      }
      done();
    }),
  );
}

test('When the event loop stalls past the keep-alive timeout with a request waiting on an idle connection, Then the request is served', async () => {
  const running = await start();
  const client = await rawClient(running.port);
  try {
    client.socket.write(REQUEST);
    await until(() => client.responses().length === 1, 2000);
    expect(client.responses()[0]).toMatch(/^HTTP\/1\.1 200[^]*Keep-Alive: timeout=5/i);
    await sleep(2000); // idle, well inside the advertised 5 s: any client may reuse it
    await sendDuringStall(client.socket, 4500); // wakes at 6.5 s idle: Node's own timer (hint + 1 s) is due
    await until(() => client.responses().length === 2, 3000);
    expect(client.responses()).toHaveLength(2);
    expect(client.responses()[1]).toMatch(/^HTTP\/1\.1 200/);
  } finally {
    client.socket.destroy();
    await running.close();
  }
}, 20_000);

test('When the idle close comes due during a stall, Then a request that arrived in it is served; an idle connection closes after HTTP_IDLE_CLOSE_MS', async () => {
  const running = await start({ HTTP_IDLE_CLOSE_MS: '7000' });
  const busy = await rawClient(running.port);
  const idle = await rawClient(running.port);
  try {
    busy.socket.write(REQUEST);
    idle.socket.write(REQUEST);
    await until(() => busy.responses().length === 1 && idle.responses().length === 1, 2000);
    const idleSince = Date.now();
    await sleep(6500); // past the hint + 1 s, inside the 7 s idle close
    await sendDuringStall(busy.socket, 1000); // wakes at 7.5 s: the idle close is due, with a request unread
    await until(() => busy.responses().length === 2, 3000);
    expect(busy.responses()[1]).toMatch(/^HTTP\/1\.1 200/);
    await until(() => idle.ended() !== undefined, 3000);
    expect(idle.ended()).toBe('closed');
    expect(Date.now() - idleSince).toBeGreaterThanOrEqual(7000);
  } finally {
    busy.socket.destroy();
    idle.socket.destroy();
    await running.close();
  }
}, 20_000);
