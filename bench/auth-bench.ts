/**
 * The cost of token verification per request: GET /films/{filmId} on the generated catalog
 * stack, side by side, with the authenticator trusting every request ("no auth": the stub's
 * authorize step only) and with real ES256 bearer verification (jose, local key set: signature,
 * iss/aud/exp checks) on every request. Same child-process servers and autocannon as the http
 * suite, modes alternated round by round; about 40 s in all.
 *
 *   npx tsx bench/run.ts with BENCH=auth (make bench BENCH=auth)
 *
 * Knobs (environment): BENCH_AUTH_CONNECTIONS (20), BENCH_AUTH_DURATION (6 s),
 * BENCH_AUTH_WARMUP (2 s), BENCH_AUTH_ROUNDS (2).
 */
import autocannon from 'autocannon';
import { ENDPOINTS, MODE_LABELS, ServerChild, loadOptions } from './http-bench';
import { machineInfo } from './lib/machine';
import type { ServerMode } from './lib/protocol';
import { fixed, mean, pct } from './lib/stats';

const MODES: ServerMode[] = ['generated', 'generated-auth'];

interface Run {
  mode: ServerMode;
  round: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  /** Server CPU per request (user + system), µs: steadier than req/s on a shared machine. */
  cpuUsPerRequest: number;
}

const LABELS: Record<string, string> = { generated: 'no verification', 'generated-auth': 'ES256 bearer verification' };

export async function runAuthBench(log: (m: string) => void): Promise<string> {
  const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
  const connections = num('BENCH_AUTH_CONNECTIONS', 20);
  const durationS = num('BENCH_AUTH_DURATION', 6);
  const warmupS = num('BENCH_AUTH_WARMUP', 2);
  const rounds = num('BENCH_AUTH_ROUNDS', 2);
  const endpoint = ENDPOINTS.find((e) => e.id === 'get')!;
  const date = new Date().toISOString();
  const machine = machineInfo();
  const runs: Run[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const mode of round % 2 === 1 ? MODES : [...MODES].reverse()) {
      const server = await ServerChild.start(mode);
      try {
        const check = await fetch(server.url + endpoint.path, { headers: server.authHeaders });
        await check.arrayBuffer();
        const unauthenticated = await fetch(server.url + endpoint.path);
        await unauthenticated.arrayBuffer();
        if (check.status !== 200 || (mode === 'generated-auth' && unauthenticated.status !== 401)) {
          throw new Error(`${mode}: with token ${check.status}, without ${unauthenticated.status}; expected 200 and (verifying) 401`);
        }
        log(`auth · round ${round}/${rounds} · ${mode} · ${warmupS}s warmup + ${durationS}s`);
        await autocannon(loadOptions(server, endpoint, connections, warmupS));
        const cpu0 = await server.cpuSeconds();
        const result = await autocannon(loadOptions(server, endpoint, connections, durationS));
        const cpuS = (await server.cpuSeconds()) - cpu0;
        runs.push({ mode, round, rps: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99, non2xx: result.non2xx, cpuUsPerRequest: (cpuS * 1e6) / Math.max(1, result.requests.total) });
      } finally {
        await server.stop();
      }
    }
  }
  const rpsOf = (mode: ServerMode) => mean(runs.filter((r) => r.mode === mode).map((r) => r.rps));
  const cpuOf = (mode: ServerMode) => mean(runs.filter((r) => r.mode === mode).map((r) => r.cpuUsPerRequest));
  const ratio = rpsOf('generated-auth') / rpsOf('generated');
  const load = machine.loadavgAtStart.map((l) => l.toFixed(1)).join(' ');
  return [
    '## Authentication: token verification per request',
    '',
    `Measured ${date} on ${machine.nproc} CPUs (${machine.cpuModel}), ${machine.totalMemoryGiB} GiB, Node ${machine.node}, commit ${machine.commit}; load average at start ${load} (a shared, noisy machine: read the side-by-side figures, and CPU per request over req/s).`,
    `\`make bench BENCH=auth\`: ${endpoint.label} on the generated catalog stack (in-memory handlers, NODE_ENV=production), ${connections} connections, ${rounds} round(s) × ${warmupS}s warmup + ${durationS}s per mode, modes alternated.`,
    '',
    '| mode | round | req/s | server CPU µs/request | p50 ms | p99 ms | non-2xx |',
    '|---|---|---|---|---|---|---|',
    ...runs.map((r) => `| ${LABELS[r.mode] ?? MODE_LABELS[r.mode]} | ${r.round} | ${fixed(r.rps, 0)} | ${fixed(r.cpuUsPerRequest, 0)} | ${r.p50Ms} | ${r.p99Ms} | ${r.non2xx} |`),
    '',
    `Mean: **${fixed(rpsOf('generated'), 0)} req/s without verification, ${fixed(rpsOf('generated-auth'), 0)} req/s with ES256 verification** (${pct(ratio)} of the throughput); server CPU ${fixed(cpuOf('generated'), 0)} vs ${fixed(cpuOf('generated-auth'), 0)} µs per request (verification adds about ${fixed(cpuOf('generated-auth') - cpuOf('generated'), 0)} µs).`,
    '"Without verification" still runs the stub\'s authorize step (scopes checked against a fixed principal); "with" verifies the bearer JWT (ECDSA P-256 signature, iss, aud, exp) on every request against a local key set, as a service does after its JWKS is cached.',
  ].join('\n');
}
