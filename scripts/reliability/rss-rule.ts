/**
 * Whether a service's resident memory grew during the soak, from RSS samples taken every 2 s.
 *
 * Long runs (5 minutes or more; issue #13's bar): the median RSS of the last 10 s against the
 * median of the 10 s after the warm-up; 10% or more is growth.
 *
 * Short runs (`make soak-ci`, one minute): two points are meaningless there, because V8's
 * garbage-collection sawtooth moves RSS by 10-25% within seconds (ingest went 159 -> 132 MB and
 * catalog 125 -> 216 -> 117 MB in healthy 3-minute runs), so the end-to-start difference says
 * where the sawtooth happened to be. What a leak does that the sawtooth cannot is raise the
 * floor: collections no longer get memory back. So the samples after the warm-up are cut into
 * thirds, and the service grew when the lowest RSS of the last third is 10% or more above the
 * lowest RSS of the first third (30 s apart in a one-minute run). That catches a leak of about
 * 0.5 MB/s at ~130 MB of RSS, some 60 KB per request at the CI rate (~7 requests/s per service);
 * slower leaks need the 10-minute soak.
 */
export interface RssSample {
  /** Seconds since the load started. */
  t: number;
  rss: number;
}

export interface RssVerdict {
  rule: 'median after warm-up vs median at the end' | 'floor of the last third vs floor of the first third';
  /** Bytes the rule compares: the reference (after warm-up / first-third floor) and the late value (end / last-third floor). */
  reference: number;
  late: number;
  growthPct: number;
  grew: boolean;
}

export const LONG_RUN_SECONDS = 300;
const LIMIT_PCT = 10;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

export function rssVerdict(samples: RssSample[], warmupSeconds: number, runSeconds: number): RssVerdict {
  const after = samples.filter((s) => s.t >= warmupSeconds);
  let rule: RssVerdict['rule'];
  let reference: number;
  let late: number;
  if (runSeconds >= LONG_RUN_SECONDS) {
    rule = 'median after warm-up vs median at the end';
    reference = median(after.filter((s) => s.t < warmupSeconds + 10).map((s) => s.rss));
    late = median(samples.slice(-5).map((s) => s.rss));
  } else {
    rule = 'floor of the last third vs floor of the first third';
    const third = Math.max(1, Math.floor(after.length / 3));
    const floor = (xs: RssSample[]) => (xs.length ? Math.min(...xs.map((s) => s.rss)) : 0);
    reference = floor(after.slice(0, third));
    late = floor(after.slice(-third));
  }
  const growthPct = reference ? Math.round(((late - reference) / reference) * 1000) / 10 : 0;
  return { rule, reference, late, growthPct, grew: growthPct >= LIMIT_PCT };
}
