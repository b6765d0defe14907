/**
 * Open-loop load at a fixed rate over a realistic mix of the platform's calls (catalog reads,
 * audience counts and breakdowns, segment reads, ingest events and job reads), with outcomes and
 * latencies per time bucket. Used by the soak (scripts/reliability/soak.ts).
 */
export interface Call {
  name: string;
  weight: number;
  send(): Promise<Response>;
}

export interface Bucket {
  index: number;
  latencies: number[];
  /** 2xx, 503 with Retry-After, anything else (other statuses and network errors). */
  ok: number;
  unavailable: number;
  other: number;
  /** Errors by kind: `503` (with Retry-After), another status, or a network error's code (`ECONNRESET`). */
  kinds: Record<string, number>;
  failures: string[];
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** The mix: weights are percentages of requests. */
export async function platformMix(urls: { catalog: string; audience: string; ingest: string }, token: string): Promise<Call[]> {
  const headers = { authorization: `Bearer ${token}` };
  const jsonHeaders = { ...headers, 'content-type': 'application/json' };
  const films = (await (await fetch(`${urls.catalog}/films?limit=50`, { headers })).json()) as { items: { id: string }[] };
  const ids = films.items.map((f) => f.id);
  const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
  const regions = ['CA-ON', 'CA-QC', 'CA-BC', 'US-NY', 'US-CA', 'US-TX'];
  let member = 0;
  return [
    { name: 'catalog list films', weight: 25, send: () => fetch(`${urls.catalog}/films?limit=20&genre=${pick(['horror', 'comedy', 'drama', 'action'])}`, { headers }) },
    { name: 'catalog get film', weight: 15, send: () => fetch(`${urls.catalog}/films/${pick(ids)}`, { headers }) },
    { name: 'catalog list cinemas', weight: 5, send: () => fetch(`${urls.catalog}/cinemas?limit=20&regionId=${pick(regions)}`, { headers }) },
    {
      name: 'audience count',
      weight: 25,
      send: () =>
        fetch(`${urls.audience}/audience/count`, {
          method: 'POST',
          headers: jsonHeaders,
          body: JSON.stringify({ where: { and: [{ field: 'age', op: 'between', value: [25, 34] }, { field: 'region', op: 'eq', value: pick(regions) }, { field: 'genreAffinity', key: 'horror', op: 'gte', value: 0.2 }] } }),
        }),
    },
    { name: 'audience breakdown', weight: 10, send: () => fetch(`${urls.audience}/audience/breakdown`, { method: 'POST', headers: jsonHeaders, body: JSON.stringify({ breakdowns: [{ field: 'region' }, { field: 'ageBand' }] }) }) },
    { name: 'audience list segments', weight: 5, send: () => fetch(`${urls.audience}/segments?limit=20`, { headers }) },
    {
      name: 'ingest member event',
      weight: 10,
      send: () =>
        fetch(`${urls.ingest}/events/members`, {
          method: 'POST',
          headers: jsonHeaders,
          body: JSON.stringify({ members: [{ memberId: `SOAK${process.pid}-${member++}`, birthYear: 1990, gender: 'female', region: pick(regions), memberSince: '2020-01-01', status: 'active' }] }),
        }),
    },
    { name: 'ingest list imports', weight: 5, send: () => fetch(`${urls.ingest}/imports?limit=20`, { headers }) },
  ];
}

/**
 * Sends `rate` requests per second for `seconds`, picking calls by weight; `bucketSeconds` sets
 * the reporting interval and `onBucket` is called as each one closes (after its requests ended).
 */
export async function runLoad(args: { calls: Call[]; rate: number; seconds: number; bucketSeconds: number; onBucket(bucket: Bucket): void }): Promise<Bucket[]> {
  const { calls, rate, seconds, bucketSeconds } = args;
  const total = calls.reduce((s, c) => s + c.weight, 0);
  const choose = () => {
    let r = Math.random() * total;
    for (const c of calls) if ((r -= c.weight) < 0) return c;
    return calls[calls.length - 1]!;
  };
  const buckets: Bucket[] = [];
  const pending: Promise<void>[] = [];
  const started = Date.now();
  let sent = 0;
  const bucketAt = (t: number) => {
    const index = Math.floor((t - started) / (bucketSeconds * 1000));
    buckets[index] ??= { index, latencies: [], ok: 0, unavailable: 0, other: 0, kinds: {}, failures: [] };
    return buckets[index]!;
  };
  const one = async () => {
    const call = choose();
    const t0 = Date.now();
    const bucket = bucketAt(t0);
    try {
      const res = await call.send();
      await res.arrayBuffer();
      bucket.latencies.push(Date.now() - t0);
      if (res.status >= 200 && res.status < 300) bucket.ok++;
      else if (res.status === 503 && res.headers.get('retry-after')) {
        bucket.unavailable++;
        bucket.kinds['503'] = (bucket.kinds['503'] ?? 0) + 1;
      } else {
        bucket.other++;
        bucket.kinds[String(res.status)] = (bucket.kinds[String(res.status)] ?? 0) + 1;
        if (bucket.failures.length < 5) bucket.failures.push(`${call.name}: ${res.status}`);
      }
    } catch (err) {
      bucket.other++;
      const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
      const kind = cause?.code ?? (err as Error).message;
      bucket.kinds[kind] = (bucket.kinds[kind] ?? 0) + 1;
      if (bucket.failures.length < 5) bucket.failures.push(`${call.name}: ${(err as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`);
    }
  };
  let reported = 0;
  while (Date.now() - started < seconds * 1000) {
    const due = Math.floor(((Date.now() - started) / 1000) * rate);
    while (sent < due) {
      sent++;
      pending.push(one());
    }
    const closed = Math.floor((Date.now() - started) / (bucketSeconds * 1000));
    while (reported < closed) {
      const bucket = buckets[reported];
      if (bucket) {
        const inFlight = [...pending];
        void Promise.allSettled(inFlight).then(() => args.onBucket(bucket));
      }
      reported++;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  await Promise.allSettled(pending);
  for (; reported < buckets.length; reported++) if (buckets[reported]) args.onBucket(buckets[reported]!);
  return buckets.filter(Boolean);
}
