/**
 * What the edge proxy costs: GET /films/{filmId} on the generated catalog stack (a child
 * process, in-memory handlers, NODE_ENV=production), called directly and through the edge
 * (Debian's nginx with the generated config, /api/catalog/ -> the server), side by side,
 * alternating round by round; plus nginx's own CPU per request.
 *
 *   make bench BENCH=edge      (about 40 s; knobs BENCH_EDGE_CONNECTIONS 20, BENCH_EDGE_DURATION 6, BENCH_EDGE_ROUNDS 2)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startEdge } from '../scripts/edge/nginx';
import { freePort } from '../scripts/lib/ports';
import { ENDPOINTS, ServerChild } from './http-bench';
import { machineInfo } from './lib/machine';
import { fixed, mean, pct } from './lib/stats';

type Path = 'direct' | 'edge';

/** User + system CPU seconds of a process and its children (the nginx master and worker), from /proc. */
function cpuSeconds(pids: number[]): number {
  const tick = 100;
  return pids.reduce((sum, pid) => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return sum + (Number(fields[11]) + Number(fields[12])) / tick;
  }, 0);
}

function nginxPids(master: number): number[] {
  const children = readFileSync(`/proc/${master}/task/${master}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  return [master, ...children];
}

export async function runEdgeBench(log: (m: string) => void): Promise<string> {
  const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
  const connections = num('BENCH_EDGE_CONNECTIONS', 20);
  const durationS = num('BENCH_EDGE_DURATION', 6);
  const rounds = num('BENCH_EDGE_ROUNDS', 2);
  const endpoint = ENDPOINTS.find((e) => e.id === 'get')!;
  const date = new Date().toISOString();
  const machine = machineInfo();
  const scratch = mkdtempSync(join(tmpdir(), 'marquee-edge-bench-'));
  const server = await ServerChild.start('generated');
  const edge = await startEdge({ listen: `127.0.0.1:${await freePort()}`, services: [{ name: 'catalog', upstream: server.url }], webRoot: scratch, docs: { root: scratch }, runtimeDir: join(scratch, 'run') });
  const runs: { path: Path; round: number; rps: number; p50: number; p99: number; non2xx: number; nginxUs: number }[] = [];
  try {
    const urls: Record<Path, string> = { direct: server.url + endpoint.path, edge: `${edge.url}/api/catalog${endpoint.path}` };
    for (const [path, url] of Object.entries(urls)) {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: ${url} answered ${res.status}`);
    }
    for (let round = 1; round <= rounds; round++) {
      for (const path of (round % 2 === 1 ? ['direct', 'edge'] : ['edge', 'direct']) as Path[]) {
        log(`edge · round ${round}/${rounds} · ${path} · 2s warmup + ${durationS}s`);
        await autocannon({ url: urls[path], connections, duration: 2 });
        const pids = nginxPids(edge.process.pid!);
        const cpu0 = cpuSeconds(pids);
        const r = await autocannon({ url: urls[path], connections, duration: durationS });
        const nginxUs = path === 'edge' ? ((cpuSeconds(pids) - cpu0) * 1e6) / Math.max(1, r.requests.total) : 0;
        runs.push({ path, round, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, nginxUs });
      }
    }
  } finally {
    await edge.stop();
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
  const rps = (p: Path) => mean(runs.filter((r) => r.path === p).map((r) => r.rps));
  const p50 = (p: Path) => mean(runs.filter((r) => r.path === p).map((r) => r.p50));
  return [
    '## Edge proxy: direct vs through nginx',
    '',
    `Measured ${date} on ${machine.nproc} CPUs (${machine.cpuModel}), ${machine.totalMemoryGiB} GiB, Node ${machine.node}, commit ${machine.commit}; load average at start ${machine.loadavgAtStart.map((l) => l.toFixed(1)).join(' ')} (shared and noisy: read the side-by-side ratio).`,
    `\`make bench BENCH=edge\`: ${endpoint.label} on the generated catalog stack (no auth), ${connections} connections, ${rounds} round(s) × 2s warmup + ${durationS}s per path, alternated; the edge is Debian's nginx with the generated config (one worker, keep-alive connections to the upstream).`,
    '',
    '| path | round | req/s | p50 ms | p99 ms | non-2xx | nginx CPU µs/request |',
    '|---|---|---|---|---|---|---|',
    ...runs.map((r) => `| ${r.path} | ${r.round} | ${fixed(r.rps, 0)} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${r.path === 'edge' ? fixed(r.nginxUs, 0) : '-'} |`),
    '',
    `Mean: **${fixed(rps('direct'), 0)} req/s direct, ${fixed(rps('edge'), 0)} req/s through the edge** (${pct(rps('edge') / rps('direct'))}); p50 ${fixed(p50('direct'), 1)} vs ${fixed(p50('edge'), 1)} ms.`,
    '',
  ].join('\n');
}
