/**
 * `make soak`: identity, catalog, audience and ingest as separate processes on loopback (test
 * databases, the engines of MARQUEE_HOME / the test defaults), a fixed request rate over a
 * realistic mix for a bounded time. Fails on any error (anything but a 2xx) or when a service's
 * resident memory grows (scripts/reliability/rss-rule.ts: 10% after the warm-up in runs of 5
 * minutes or more; in shorter ones the last third's floor 10% over the first third's ceiling). Prints and saves latency percentiles per
 * interval and RSS per service (bench/.tmp/reliability/soak.json, read by bench/reliability.ts).
 *
 *   tsx scripts/reliability/soak.ts [--minutes 10] [--rate 30] [--warmup 60] [--stall 7 --stall-every 30]
 *
 * `--stall N` freezes one process in turn (each service, then the load generator) for N seconds
 * every `--stall-every` seconds (scripts/reliability/stall.ts): the machine stalls of a loaded
 * host, on demand. Zero errors is still the bar.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { percentile, platformMix, runLoad, type Bucket } from './load';
import { startProcesses } from './processes';
import { rssVerdict, type RssSample, type RssVerdict } from './rss-rule';
import { startStalls, type Stall } from './stall';

const root = resolve(__dirname, '..', '..');
const mb = (bytes: number | undefined) => (bytes === undefined ? 'gone' : `${(bytes / 1048576).toFixed(0)} MB`);

export interface SoakSummary {
  at: string;
  minutes: number;
  rate: number;
  warmupSeconds: number;
  stalls: Stall[];
  intervals: { index: number; seconds: number; requests: number; ok: number; errors: number; p50: number; p95: number; p99: number; max: number }[];
  /** Per service, the figures of scripts/reliability/rss-rule.ts: afterWarmupMb and endMb are what its rule compares. */
  rss: { service: string; rule: RssVerdict['rule']; afterWarmupMb: number; endMb: number; growthPct: number; grew: boolean }[];
  /** The machine's 1-minute load average at the start and at the end (other work shares it). */
  load: { start: number; end: number };
  errors: number;
  /** Errors by kind over the whole run (see Bucket.kinds). */
  errorKinds: Record<string, number>;
  failures: string[];
  passed: boolean;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { minutes: { type: 'string', default: process.env.SOAK_MINUTES ?? '10' }, rate: { type: 'string', default: '30' }, warmup: { type: 'string' }, stall: { type: 'string', default: '0' }, 'stall-every': { type: 'string', default: '30' } } });
  const minutes = Number(values.minutes);
  const rate = Number(values.rate);
  const seconds = Math.round(minutes * 60);
  const warmupSeconds = Number(values.warmup ?? Math.min(60, Math.round(seconds / 4)));
  const bucketSeconds = seconds >= 300 ? 60 : 10;
  console.log(`soak: starting identity, catalog, audience, ingest as processes ...`);
  const platform = await startProcesses();
  const s = platform.services;
  const samples: Record<string, RssSample[]> = {};
  const loadAtStart = loadavg()[0]!;
  const started = Date.now();
  const sampler = setInterval(() => {
    for (const [name, p] of Object.entries(s)) {
      const rss = p.rss();
      if (rss !== undefined) (samples[name] ??= []).push({ t: (Date.now() - started) / 1000, rss });
    }
  }, 2000);
  let buckets: Bucket[] = [];
  let stalls: Stall[] = [];
  const stallSeconds = Number(values.stall);
  const staller =
    stallSeconds > 0
      ? startStalls({
          targets: [...Object.values(s).map((p) => ({ name: p.name, pid: p.child.pid })), { name: 'load generator', pid: process.pid }],
          seconds: stallSeconds,
          everySeconds: Number(values['stall-every']),
          startedAt: started,
          onStall: (x) => console.log(`soak: ${String(x.atSeconds).padStart(4)} s  freezing ${x.target} for ${x.seconds} s`),
        })
      : undefined;
  try {
    const calls = await platformMix({ catalog: s.catalog!.url, audience: s.audience!.url, ingest: s.ingest!.url }, platform.token);
    console.log(`soak: ${rate} requests/s for ${minutes} min over ${calls.length} kinds of call; warm-up ${warmupSeconds} s; one line per ${bucketSeconds} s`);
    buckets = await runLoad({
      calls,
      rate,
      seconds,
      bucketSeconds,
      onBucket: (b) => {
        const sorted = [...b.latencies].sort((x, y) => x - y);
        const rss = Object.entries(s).map(([name, p]) => `${name} ${mb(p.rss())}`).join(', ');
        const kinds = Object.entries(b.kinds).map(([k, n]) => `${k} ${n}`).join(', ');
        console.log(`soak: ${String((b.index + 1) * bucketSeconds).padStart(4)} s  ${b.ok + b.unavailable + b.other} req  errors ${b.unavailable + b.other}${kinds ? ` (${kinds})` : ''}  p50 ${percentile(sorted, 50)} ms  p95 ${percentile(sorted, 95)} ms  p99 ${percentile(sorted, 99)} ms  | RSS ${rss}`);
      },
    });
  } finally {
    stalls = staller?.stop() ?? [];
    clearInterval(sampler);
    await platform.stop();
  }
  const rss = Object.entries(samples).map(([service, xs]) => {
    const v = rssVerdict(xs, warmupSeconds, seconds);
    return { service, rule: v.rule, afterWarmupMb: Math.round(v.reference / 1048576), endMb: Math.round(v.late / 1048576), growthPct: v.growthPct, grew: v.grew };
  });
  const intervals = buckets.map((b) => {
    const sorted = [...b.latencies].sort((x, y) => x - y);
    return { index: b.index, seconds: (b.index + 1) * bucketSeconds, requests: b.ok + b.unavailable + b.other, ok: b.ok, errors: b.unavailable + b.other, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? 0 };
  });
  const errors = intervals.reduce((n, i) => n + i.errors, 0);
  const failures = buckets.flatMap((b) => b.failures).slice(0, 20);
  const errorKinds: Record<string, number> = {};
  for (const [kind, n] of buckets.flatMap((b) => Object.entries(b.kinds))) errorKinds[kind] = (errorKinds[kind] ?? 0) + n;
  const grown = rss.filter((r) => r.grew);
  const passed = errors === 0 && grown.length === 0;
  const summary: SoakSummary = { at: new Date().toISOString(), minutes, rate, warmupSeconds, stalls, intervals, rss, load: { start: loadAtStart, end: loadavg()[0]! }, errors, errorKinds, failures, passed };
  mkdirSync(join(root, 'bench', '.tmp', 'reliability'), { recursive: true });
  writeFileSync(join(root, 'bench', '.tmp', 'reliability', 'soak.json'), JSON.stringify(summary, null, 2));
  for (const r of rss) console.log(`soak: ${r.service} RSS ${r.afterWarmupMb} MB -> ${r.endMb} MB (${r.growthPct >= 0 ? '+' : ''}${r.growthPct}%; ${r.rule})`);
  console.log(`soak: load average ${summary.load.start.toFixed(1)} at the start, ${summary.load.end.toFixed(1)} at the end`);
  for (const f of failures) console.log(`soak: failure ${f}`);
  console.log(`soak: ${passed ? 'passed' : 'FAILED'}: ${intervals.reduce((n, i) => n + i.requests, 0)} requests, ${errors} errors${errors ? ` (${Object.entries(errorKinds).map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}${grown.length ? `; RSS grew (scripts/reliability/rss-rule.ts): ${grown.map((g) => g.service).join(', ')}` : ''}`);
  process.exit(passed ? 0 : 1);
}

main().catch((err: unknown) => {
  console.error(`soak: ${(err as Error).stack ?? String(err)}`);
  process.exit(2);
});
