/** The soak's resident-memory rule (scripts/reliability/rss-rule.ts): pure logic over RSS samples. */
import { rssVerdict, type RssSample } from '../../scripts/reliability/rss-rule';

const MB = 1048576;
/** One sample every 2 s for `seconds`, RSS in MB from `mb(t)`. */
const run = (seconds: number, mb: (t: number) => number): RssSample[] => Array.from({ length: seconds / 2 }, (_, i) => ({ t: i * 2, rss: mb(i * 2) * MB }));
/** A healthy service: a 25 MB garbage-collection sawtooth (climbs for 10 s, then collected) around 130 MB. */
const sawtooth = (t: number) => 120 + ((t % 10) / 10) * 25;

test('When a one-minute run ends high on the GC sawtooth, Then it has not grown (two points would say +17%)', () => {
  const samples = run(60, (t) => (t >= 58 ? 144 : sawtooth(t)));
  const verdict = rssVerdict(samples, 15, 60);
  expect(verdict.rule).toBe('floor of the last third vs floor of the first third');
  expect(verdict.grew).toBe(false);
});

test('When memory is never given back in a one-minute run (floor rising 1 MB/s), Then it grew', () => {
  const verdict = rssVerdict(run(60, (t) => sawtooth(t) + t), 15, 60);
  expect(verdict.grew).toBe(true);
  expect(verdict.growthPct).toBeGreaterThanOrEqual(10);
});

test('When the heap settles in a one-minute run (a steady 3% climb), Then it has not grown', () => {
  expect(rssVerdict(run(60, (t) => 148 + (t / 60) * 4.5), 15, 60).grew).toBe(false);
});

test('When a ten-minute run drifts 12% between the 10 s after the warm-up and the last 10 s, Then it grew; a flat one did not', () => {
  expect(rssVerdict(run(600, (t) => 130 + (t / 600) * 16), 60, 600)).toMatchObject({ rule: 'median after warm-up vs median at the end', grew: true });
  expect(rssVerdict(run(600, () => 130), 60, 600)).toMatchObject({ growthPct: 0, grew: false });
});
