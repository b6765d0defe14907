/**
 * TypeScript SDK benchmark (`make bench BENCH=sdk`):
 *   - bundle size of each SDK, minified + gzip (esbuild, ESM, platform neutral): the whole
 *     package, and one operation (createClient + one function, what tree-shaking leaves);
 *   - one call through the published SDK and through the in-repo generated client against the
 *     same request by raw fetch, side by side, sequential, rounds interleaved (target <= 1.05x).
 * The server is the bench's bare Express child (GET /films/{filmId} from memory), so the client
 * side is what differs.
 *
 * Knobs: BENCH_SDK_CALLS (calls per client per round, 1000), BENCH_SDK_ROUNDS (7).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { CatalogClient } from '@marquee/generated/catalog/client.gen';
import { buildTsSdks, tsSdkDir } from '../codegen/src/sdk/build';
import { ServerChild } from './http-bench';
import { FILM_ID } from './lib/in-memory-catalog';
import { machineInfo } from './lib/machine';
import { fixed, median } from './lib/stats';
import { ACCEPT } from '../runtime/src/client-core/wire';

export const SDK_TARGET_RATIO = 1.05;
const ONE_OPERATION: Record<string, string> = { catalog: 'getFilm', audience: 'countAudience' };

type Log = (message: string) => void;

interface BundleRow {
  service: string;
  whole: { minified: number; gzip: number };
  oneOperation: { operation: string; minified: number; gzip: number };
}

async function bundleSize(entry: string, resolveDir: string): Promise<{ minified: number; gzip: number }> {
  const result = await build({ stdin: { contents: entry, resolveDir, loader: 'js' }, bundle: true, minify: true, format: 'esm', platform: 'neutral', write: false, logLevel: 'silent' });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
}

async function bundleRows(): Promise<BundleRow[]> {
  const rows: BundleRow[] = [];
  for (const service of Object.keys(ONE_OPERATION)) {
    const index = join(tsSdkDir(service), 'dist/index.js');
    const op = ONE_OPERATION[service]!;
    rows.push({
      service,
      whole: await bundleSize(`export * from ${JSON.stringify(index)};`, tsSdkDir(service)),
      oneOperation: { operation: op, ...(await bundleSize(`export { createClient, ${op} } from ${JSON.stringify(index)};`, tsSdkDir(service))) },
    });
  }
  return rows;
}

interface CallResult {
  calls: number;
  rounds: number;
  /** Median µs per call over every call. */
  rawUs: number;
  rawTimeoutUs: number;
  sdkUs: number;
  inRepoUs: number;
}

type SdkModule = { createClient(o: { baseUrl: string }): unknown; getFilm(c: unknown, r: { path: { filmId: string } }): Promise<{ id: string }> };

async function timeCalls(calls: number, fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < calls; i++) {
    await fn();
  }
  return ((performance.now() - started) * 1000) / calls;
}

async function callRows(log: Log): Promise<CallResult> {
  const calls = Number(process.env.BENCH_SDK_CALLS ?? 1000);
  const rounds = Number(process.env.BENCH_SDK_ROUNDS ?? 7);
  const server = await ServerChild.start('bare');
  try {
    const sdk = (await import(pathToFileURL(join(tsSdkDir('catalog'), 'dist/index.js')).href)) as SdkModule;
    const sdkClient = sdk.createClient({ baseUrl: server.url });
    const inRepo = new CatalogClient({ baseUrl: server.url });
    const url = `${server.url}/films/${FILM_ID}`;
    // The same request the clients send: same method, URL and headers (accept, a fresh x-request-id).
    const raw = async (signal?: AbortSignal) => {
      const response = await fetch(url, { method: 'GET', headers: { accept: ACCEPT, 'x-request-id': crypto.randomUUID() }, ...(signal ? { signal } : {}) });
      if (response.status !== 200) throw new Error(`raw fetch: ${response.status}`);
      return response.json() as Promise<unknown>;
    };
    const clients: Record<'raw' | 'rawTimeout' | 'sdk' | 'inRepo', () => Promise<unknown>> = {
      raw: () => raw(),
      rawTimeout: async () => {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), 5000);
        try {
          return await raw(controller.signal);
        } finally {
          clearTimeout(timer);
        }
      },
      sdk: () => sdk.getFilm(sdkClient, { path: { filmId: FILM_ID } }),
      inRepo: async () => {
        const result = await inRepo.getFilm({ path: { filmId: FILM_ID } });
        if (result.status !== 200) throw new Error(`in-repo client: ${result.status}`);
        return result.body;
      },
    };
    const names = Object.keys(clients) as (keyof typeof clients)[];
    for (const name of names) {
      await timeCalls(200, clients[name]); // warm up connections and JIT
    }
    // Interleaved call by call (order rotated each call), so drift and the shared machine's noise hit all three alike.
    const samples: Record<string, number[]> = { raw: [], rawTimeout: [], sdk: [], inRepo: [] };
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < calls; i++) {
        for (let k = 0; k < names.length; k++) {
          const name = names[(i + k) % names.length]!;
          const started = performance.now();
          await clients[name]();
          samples[name]!.push((performance.now() - started) * 1000);
        }
      }
      log(`sdk: round ${round + 1}/${rounds}: median so far ${names.map((n) => `${n} ${fixed(median(samples[n]!), 1)} µs`).join(', ')}`);
    }
    return { calls, rounds, rawUs: median(samples.raw!), rawTimeoutUs: median(samples.rawTimeout!), sdkUs: median(samples.sdk!), inRepoUs: median(samples.inRepo!) };
  } finally {
    await server.stop();
  }
}

export async function sdkBench(log: Log): Promise<string> {
  if (!existsSync(join(tsSdkDir('catalog'), 'dist/index.js')) || !existsSync(join(tsSdkDir('audience'), 'dist/index.js'))) {
    log('sdk: building the TypeScript SDKs (make sdk)');
    buildTsSdks();
  }
  const machine = machineInfo();
  const date = new Date().toISOString();
  const bundles = await bundleRows();
  const call = await callRows(log);
  const kb = (n: number) => `${fixed(n / 1024, 1)} KiB`;
  const verdict = (ratio: number) => `${fixed(ratio, 3)}× ${ratio <= SDK_TARGET_RATIO ? '(met)' : '(missed)'}`;
  return [
    '## TypeScript SDKs: bundle size; SDK call vs raw fetch',
    '',
    `Measured ${date} on ${machine.nproc} × ${machine.cpuModel}, ${machine.totalMemoryGiB} GiB, Node ${machine.node}, commit ${machine.commit}. Command: \`make bench BENCH=sdk\`.`,
    '',
    'Bundle size: esbuild (ESM, minified, platform neutral) of the built package in dist/sdk/ts/<service>, gzip -9.',
    '"one operation" bundles only `createClient` and one function: what a tree-shaking bundler keeps.',
    '',
    '| SDK | whole package (min / gzip) | one operation | one operation (min / gzip) |',
    '|---|---:|---|---:|',
    ...bundles.map((b) => `| @marquee/${b.service}-sdk | ${kb(b.whole.minified)} / ${kb(b.whole.gzip)} | \`${b.oneOperation.operation}\` | ${kb(b.oneOperation.minified)} / ${kb(b.oneOperation.gzip)} |`),
    '',
    `Call latency: \`GET /films/{filmId}\` against the bare Express child (in memory), ${call.calls * call.rounds} sequential calls per client, interleaved`,
    'call by call with the order rotated; median per call. "Raw fetch" sends the same request (method, URL, accept, a fresh',
    'x-request-id) and parses JSON. The clients also arm a per-attempt timeout: on Node 20, handing fetch any AbortSignal',
    'costs tens of µs per call in undici itself (about 45 µs in a loopback check with one shared, never-aborted signal), so the second baseline is',
    'raw fetch with the same timeout (an AbortController and a timer), what a caller who wants timeouts writes by hand.',
    '',
    '| client | µs per call | vs raw fetch | vs raw fetch + timeout (target ≤ 1.05×) |',
    '|---|---:|---:|---:|',
    `| raw \`fetch\` (same request) | ${fixed(call.rawUs, 1)} | 1.000× | |`,
    `| raw \`fetch\` + timeout signal | ${fixed(call.rawTimeoutUs, 1)} | ${fixed(call.rawTimeoutUs / call.rawUs, 3)}× | 1.000× |`,
    `| published SDK (\`getFilm\` from @marquee/catalog-sdk) | ${fixed(call.sdkUs, 1)} | ${fixed(call.sdkUs / call.rawUs, 3)}× | ${verdict(call.sdkUs / call.rawTimeoutUs)} |`,
    `| in-repo generated client (\`CatalogClient.getFilm\`) | ${fixed(call.inRepoUs, 1)} | ${fixed(call.inRepoUs / call.rawUs, 3)}× | ${verdict(call.inRepoUs / call.rawTimeoutUs)} |`,
    '',
  ].join('\n');
}
