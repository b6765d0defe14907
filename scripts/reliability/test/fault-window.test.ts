/** The arithmetic of `make faults`: outcomes per window, when the load healed, and what was lost per fault. */
import type { Acked, Answer, Load } from '../fault-load';
import { summarise, type FaultResult } from '../fault-summary';
import { countOutcomes, failuresByCall, waitHealed } from '../fault-window';

const answer = (t: number, outcome: Answer['outcome'], call = 'audience count', status: Answer['status'] = outcome === 'ok' ? 200 : 503): Answer => ({ t, end: t + 5, call, service: 'audience', status, outcome });
const loadOf = (answers: Answer[], acked: Acked[] = []): Load => ({ answers, acked, inFlight: () => [], stop: async () => undefined });

test('When answers are counted, Then each outcome has its column and failures are grouped by call and status', () => {
  const answers = [answer(1, 'ok'), answer(2, 'unavailable'), answer(3, 'unavailable'), answer(4, 'other', 'audience count', 503), answer(5, 'refused', 'ingest member event', 'network')];
  expect(countOutcomes(answers)).toEqual({ total: 5, ok: 1, unavailable: 2, refused: 1, other: 1 });
  expect(failuresByCall(answers)).toEqual({ 'audience count 503': 2, 'audience count 503 without Retry-After': 1, 'ingest member event network': 1 });
});

type HealCase = [string, { answers: Answer[]; restartAt: number; want: number }];
const past = Date.now() - 60_000;
const cases: HealCase[] = [
  ['nothing failed', { answers: [answer(past + 100, 'ok')], restartAt: past + 50, want: past + 50 }],
  ['failures stopped before the restart', { answers: [answer(past + 10, 'unavailable'), answer(past + 20, 'ok')], restartAt: past + 50, want: past + 50 }],
  ['the failing call succeeds after the restart', { answers: [answer(past + 60, 'unavailable'), answer(past + 70, 'ok', 'catalog get film'), answer(past + 80, 'ok')], restartAt: past + 50, want: past + 80 }],
];
test.each(cases)('When %s, Then the load healed at the first success of the last failing call after its failure', async (_name, { answers, restartAt, want }) => {
  expect(await waitHealed(loadOf(answers), { since: past, restartAt, settleMs: 1000, timeoutMs: 120_000 })).toBe(want);
});

test('When the load keeps failing, Then it never healed', async () => {
  const now = Date.now();
  expect(await waitHealed(loadOf([answer(now + 5000, 'other')]), { since: now - 1000, restartAt: now - 1000, settleMs: 1000, timeoutMs: 1200 })).toBeUndefined();
});

test('When an acknowledged write is missing at the end, Then it is lost in the fault during which it was acknowledged, and the run fails', () => {
  const row = (fault: string, startedAt: number): FaultResult => ({ fault, kind: 'engine', startedAt, downSeconds: 1, restartSeconds: 1, healSeconds: 1, visibleSeconds: 1, counts: countOutcomes([]), failures: {}, lost: 0 });
  const acked: Acked[] = [{ t: 5, kind: 'member', id: 'm1' }, { t: 15, kind: 'member', id: 'm2' }, { t: 16, kind: 'film', id: 'f1' }];
  const results = [row('mariadb', 0), row('kafka', 10)];
  const summary = summarise({ rate: 1, downSeconds: 1, shared: false, results, load: loadOf([], acked), stored: { films: { acked: 1, missing: [] }, members: { acked: 2, missing: ['m2'], drainSeconds: 1 } } });
  expect(summary.results.map((r) => [r.fault, r.lost])).toEqual([['mariadb', 0], ['kafka', 1]]);
  expect(summary.passed).toBe(false);
  expect(summary.problems).toEqual(['1 acknowledged but not stored: m2']);
});
