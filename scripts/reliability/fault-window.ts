/**
 * Reading the answer log of `make faults` around one fault: when the load healed, and what it
 * saw from the moment the fault began until then.
 */
import type { Answer, Load, Outcome } from './fault-load';

export interface Counts {
  total: number;
  ok: number;
  unavailable: number;
  refused: number;
  other: number;
}

export function countOutcomes(answers: Answer[]): Counts {
  const counts: Counts = { total: answers.length, ok: 0, unavailable: 0, refused: 0, other: 0 };
  for (const a of answers) counts[a.outcome satisfies Outcome]++;
  return counts;
}

/** Non-2xx answers by call and status ("audience count 503": 41), most frequent first. */
export function failuresByCall(answers: Answer[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of answers.filter((x) => x.outcome !== 'ok')) {
    const key = `${a.call} ${a.status}${a.status === 503 && a.outcome === 'other' ? ' without Retry-After' : ''}${a.detail ? ` ${a.detail}` : ''}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(out).sort((x, y) => y[1] - x[1]));
}

/**
 * Waits until the load has healed after a restart at `restartAt`: every request sent in the
 * `settleMs` after the last failure (since `since`) answered 2xx. Resolves with the send time of
 * the first success of the last failing call after that failure (`restartAt` if nothing failed
 * after it), or undefined after `timeoutMs`.
 */
export async function waitHealed(load: Load, args: { since: number; restartAt: number; settleMs: number; timeoutMs: number }): Promise<number | undefined> {
  const deadline = args.restartAt + args.timeoutMs;
  while (Date.now() < deadline) {
    const failures = load.answers.filter((a) => a.t >= args.since && a.outcome !== 'ok');
    const last = failures.reduce<Answer | undefined>((m, a) => (!m || a.t > m.t ? a : m), undefined);
    const calm = Math.max(last?.t ?? 0, args.restartAt) + args.settleMs;
    if (Date.now() >= calm && load.inFlight().every((t) => t > calm)) {
      if (!last || last.t < args.restartAt) return args.restartAt;
      const healed = load.answers.filter((a) => a.t > last.t && a.call === last.call && a.outcome === 'ok').reduce((m, a) => Math.min(m, a.t), Infinity);
      return Number.isFinite(healed) ? healed : calm;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return undefined;
}
