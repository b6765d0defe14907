#!/usr/bin/env -S npx tsx
/**
 * Verdaccio on loopback, with the config kept in this folder.
 *
 *   tsx scripts/verdaccio/registry.ts [--port 4873] [--storage DIR]   runs in the foreground
 *
 * Tests and `make publish-sdk` use startRegistry() (a child process on a given or free port)
 * and registryToken() (registers a publisher over the registry's own CouchDB-style user API,
 * as `npm adduser` does, and returns its token).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { freePort } from '../lib/ports';
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '../..');
export const DEFAULT_REGISTRY_PORT = 4873;

export interface RunningRegistry {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function defaultStorage(): string {
  return resolve(process.env.MARQUEE_HOME ?? join(REPO_ROOT, '.marquee'), 'verdaccio');
}


/** Starts Verdaccio with scripts/verdaccio/config.yaml and its storage in `storage`; resolves when it answers /-/ping. */
export async function startRegistry(options: { port?: number; storage?: string; stdio?: 'inherit' | 'pipe' } = {}): Promise<RunningRegistry> {
  const port = options.port ?? (await freePort());
  const storage = resolve(options.storage ?? defaultStorage());
  mkdirSync(storage, { recursive: true });
  const config = join(storage, 'config.yaml');
  copyFileSync(join(__dirname, 'config.yaml'), config);
  const bin = join(REPO_ROOT, 'node_modules/verdaccio/bin/verdaccio');
  const child = spawn(process.execPath, [bin, '--config', config, '--listen', `127.0.0.1:${port}`], {
    stdio: options.stdio === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null) {
        done();
        return;
      }
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`verdaccio exited with ${child.exitCode}:\n${output}`);
    }
    try {
      if ((await fetch(`${url}/-/ping`)).ok) {
        return { url, process: child, stop };
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`verdaccio did not answer ${url}/-/ping within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Registers (or logs in) `user` on the registry and returns a bearer token for publishing. */
export async function registryToken(registry: string, user = 'marquee-publisher', password = 'marquee-local-registry'): Promise<string> {
  const base = registry.replace(/\/+$/, '');
  const response = await fetch(`${base}/-/user/org.couchdb.user:${encodeURIComponent(user)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
    body: JSON.stringify({ _id: `org.couchdb.user:${user}`, name: user, password, type: 'user', roles: [] }),
  });
  const body = (await response.json().catch(() => ({}))) as { token?: string; error?: string };
  if (!response.ok || !body.token) {
    throw new Error(`could not get a publish token from ${registry} (${response.status}): ${body.error ?? 'no token'}`);
  }
  return body.token;
}

async function main(argv: string[]): Promise<void> {
  let port = DEFAULT_REGISTRY_PORT;
  let storage = defaultStorage();
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--port') port = Number(argv[++i]);
    else if (argv[i] === '--storage') storage = argv[++i] ?? storage;
    else throw new Error(`unknown option ${argv[i]}; usage: registry.ts [--port 4873] [--storage DIR]`);
  }
  const registry = await startRegistry({ port, storage, stdio: 'inherit' });
  process.stdout.write(`registry: Verdaccio at ${registry.url} (storage ${storage}); Ctrl-C stops it\n`);
  const stop = () => void registry.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`registry: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
