/** The figures of a `make faults` run: one row per fault, the totals, the verdict and its reasons. */
import type { Load } from './fault-load';
import type { Stored } from './fault-verify';
import { countOutcomes, type Counts } from './fault-window';

export interface FaultResult {
  fault: string;
  kind: 'engine' | 'service' | 'steady';
  /** When the fault began (ms since the epoch); its row covers the answers to requests sent from then until the next fault. */
  startedAt: number;
  /** Stopped for (from the stop until the restart began), restart took (until up), healed after the restart. */
  downSeconds: number;
  restartSeconds: number;
  healSeconds: number | null;
  /** From the restart until a member event accepted after it was searchable. */
  visibleSeconds: number | null;
  counts: Counts;
  failures: Record<string, number>;
  /** Acknowledged (201/202) while this row's requests were sent, and not stored at the end. */
  lost: number;
}

export interface FaultsSummary {
  at: string;
  rate: number;
  downSeconds: number;
  engines: 'shared' | 'private';
  results: FaultResult[];
  totals: Counts;
  stored: { films: number; filmsMissing: string[]; members: number; membersMissing: string[]; drainSeconds: number };
  problems: string[];
  passed: boolean;
  /** Where and on what it ran: the machine is shared, so the load average matters. */
  host?: { machine: string; loadAverage: string; commit: string };
}

export function summarise(args: { rate: number; downSeconds: number; shared: boolean; results: FaultResult[]; load: Load; stored: Stored }): FaultsSummary {
  const { results, load, stored } = args;
  const missing = new Set([...stored.films.missing, ...stored.members.missing]);
  results.forEach((r, i) => {
    const until = results[i + 1]?.startedAt ?? Infinity;
    r.lost = load.acked.filter((a) => a.t >= r.startedAt && a.t < until && missing.has(a.id)).length;
  });
  const totals = countOutcomes(load.answers);
  const problems = [
    ...(totals.other > 0 ? [`${totals.other} answers other than 2xx, 503 with Retry-After or a refused connection to a killed process`] : []),
    ...(missing.size > 0 ? [`${missing.size} acknowledged but not stored: ${[...missing].slice(0, 10).join(', ')}`] : []),
    ...results.filter((r) => r.healSeconds === null).map((r) => `${r.fault}: the load did not heal within 180 s of the restart`),
    ...results.filter((r) => r.kind !== 'steady' && r.visibleSeconds === null).map((r) => `${r.fault}: no accepted event became searchable within 180 s`),
    ...results.filter((r) => r.kind === 'steady' && r.counts.ok !== r.counts.total).map(() => 'the load failed before any fault'),
  ];
  return {
    at: new Date().toISOString(),
    rate: args.rate,
    downSeconds: args.downSeconds,
    engines: args.shared ? 'shared' : 'private',
    results,
    totals,
    stored: { films: stored.films.acked, filmsMissing: stored.films.missing, members: stored.members.acked, membersMissing: stored.members.missing, drainSeconds: stored.members.drainSeconds },
    problems,
    passed: problems.length === 0,
  };
}

export function report(r: FaultResult): string {
  const c = r.counts;
  return `faults: ${r.fault.padEnd(18)} ${String(c.total).padStart(5)} req: ${c.ok} 2xx, ${c.unavailable} 503+Retry-After, ${c.refused} refused (dead process), ${c.other} other; down ${r.downSeconds} s, restart ${r.restartSeconds} s, healed ${r.healSeconds ?? 'NEVER'} s after it, events searchable after ${r.visibleSeconds ?? '-'} s; lost ${r.lost}`;
}
