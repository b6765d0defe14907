/**
 * Test support for the mock servers: starts `scripts/mock.sh` (Prism) on a free port and stops
 * it; validates a response body against the schema the spec declares for it (Ajv, JSON Schema
 * 2020-12, the dialect of OpenAPI 3.1).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../scripts/lib/ports';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { IRResponse } from '../../codegen/src/ir';
import type { JsonObject, JsonValue } from '@marquee/openapi';

const ROOT = join(__dirname, '../..');

export interface RunningMock {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}


export async function startMock(service: string, env: Record<string, string> = {}): Promise<RunningMock> {
  const port = await freePort();
  const child: ChildProcess = spawn(join(ROOT, 'scripts/mock.sh'), [service, String(port)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const append = (chunk: Buffer) => (output += chunk.toString('utf8'));
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((ok) => child.once('exit', ok));
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
  };
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`prism did not start in 90 s:\n${output}`)), 90_000);
    const check = () => {
      if (/Prism is listening/.test(output)) {
        clearTimeout(timer);
        ok();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`prism exited (${code}):\n${output}`));
    });
  });
  return { url: `http://127.0.0.1:${port}`, output: () => output, stop };
}

/** Validates bodies against schemas of one bundled document (its `#/components/...` refs resolve). */
export class ResponseValidator {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });

  constructor(document: JsonObject) {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: 'spec', components: document.components ?? {} } as object);
  }

  /** Problems found (empty when valid); the schema may `$ref` the document's components. */
  validate(schema: JsonValue, body: unknown): string[] {
    const rooted = JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\//g, '"$ref":"spec#/')) as object;
    const check = this.ajv.compile(rooted);
    return check(body) ? [] : (check.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
  }
}

/** The declared response for a status: exact, then `4XX`-style ranges, then `default`. */
export function declaredResponse(responses: readonly IRResponse[], status: number): IRResponse | undefined {
  return (
    responses.find((r) => r.status === String(status)) ??
    responses.find((r) => r.status.toUpperCase() === `${String(status)[0]}XX`) ??
    responses.find((r) => r.status === 'default')
  );
}
