/**
 * The fixed light load `make faults` keeps up while it breaks things: an open loop at `rate`
 * requests/s over identity token issue, catalog reads and film creation, audience counts and
 * breakdowns, and ingest's streaming endpoint. Every answer is logged with its send time, the
 * service it went to and its outcome; every acknowledgement (201 film ids, 202 member events and
 * their event ids) is kept to be compared with what is stored at the end.
 */
export type Outcome = 'ok' | 'unavailable' | 'refused' | 'other';

export interface Answer {
  /** Send and end times, ms since the epoch. */
  t: number;
  end: number;
  call: string;
  service: string;
  status: number | 'network';
  outcome: Outcome;
  detail?: string;
}

export interface Acked {
  t: number;
  kind: 'film' | 'member';
  id: string;
  eventId?: string;
}

interface Call {
  name: string;
  service: 'identity' | 'catalog' | 'audience' | 'ingest';
  weight: number;
  /** `key`: what the request created (a member id), for its acknowledgement. */
  send(signal: AbortSignal): Promise<Response> | Promise<{ res: Response; key: string }>;
  acknowledge?(res: Response, t: number, key?: string): Promise<void>;
}

export interface Load {
  answers: Answer[];
  acked: Acked[];
  /** Requests sent and not yet answered, by send time. */
  inFlight(): number[];
  stop(): Promise<void>;
}

const REGIONS = ['CA-ON', 'CA-QC', 'CA-BC', 'US-NY', 'US-CA', 'US-TX'];
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

function mix(urls: Record<'identity' | 'catalog' | 'audience' | 'ingest', string>, token: string, filmIds: string[], acked: Acked[], runId: string): Call[] {
  const headers = { authorization: `Bearer ${token}` };
  const json = { ...headers, 'content-type': 'application/json' };
  const post = (url: string, body: unknown, signal: AbortSignal) => fetch(url, { method: 'POST', headers: json, body: JSON.stringify(body), signal });
  let films = 0;
  let members = 0;
  return [
    {
      name: 'identity issue token',
      service: 'identity',
      weight: 5,
      send: (signal) => fetch(`${urls.identity}/oauth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'northstar-demo', client_secret: 'northstar-demo-local-dev-secret', scope: 'catalog:read' }), signal }),
    },
    { name: 'catalog list films', service: 'catalog', weight: 20, send: (signal) => fetch(`${urls.catalog}/films?limit=20&genre=${pick(['horror', 'comedy', 'drama', 'action'])}`, { headers, signal }) },
    { name: 'catalog get film', service: 'catalog', weight: 10, send: (signal) => fetch(`${urls.catalog}/films/${pick(filmIds)}`, { headers, signal }) },
    { name: 'catalog list cinemas', service: 'catalog', weight: 5, send: (signal) => fetch(`${urls.catalog}/cinemas?limit=20&regionId=${pick(REGIONS)}`, { headers, signal }) },
    {
      name: 'catalog create film',
      service: 'catalog',
      weight: 10,
      send: (signal) => post(`${urls.catalog}/films`, { title: `Faults ${runId} #${films++}`, releaseDate: '2026-10-30', runtimeMinutes: 104, rating: 'R', genres: ['horror'] }, signal),
      acknowledge: async (res, t) => {
        acked.push({ t, kind: 'film', id: ((await res.json()) as { id: string }).id });
      },
    },
    {
      name: 'audience count',
      service: 'audience',
      weight: 20,
      send: (signal) => post(`${urls.audience}/audience/count`, { where: { and: [{ field: 'age', op: 'between', value: [25, 34] }, { field: 'region', op: 'eq', value: pick(REGIONS) }] } }, signal),
    },
    { name: 'audience breakdown', service: 'audience', weight: 5, send: (signal) => post(`${urls.audience}/audience/breakdown`, { breakdowns: [{ field: 'region' }, { field: 'ageBand' }] }, signal) },
    {
      name: 'ingest member event',
      service: 'ingest',
      weight: 25,
      send: async (signal) => {
        const key = `F${runId}-${members++}`;
        const res = await post(`${urls.ingest}/events/members`, { members: [{ memberId: key, birthYear: 1990, gender: 'female', region: pick(REGIONS), memberSince: '2020-01-01', status: 'active' }] }, signal);
        return { res, key };
      },
      acknowledge: async (res, t, key) => {
        const body = (await res.json()) as { eventIds: string[] };
        acked.push({ t, kind: 'member', id: key!, eventId: body.eventIds[0] });
      },
    },
  ];
}

/** Network errors by their cause code (ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET, TimeoutError...). */
function networkDetail(err: unknown): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  return e.name === 'TimeoutError' || e.name === 'AbortError' ? 'timeout' : (e.cause?.code ?? e.cause?.message ?? e.message);
}

/**
 * Starts the load; `refusedIsExpected(service, t, end)` says whether a network error is the
 * expected consequence of a fault (the service's own process is down), counted as `refused`.
 */
export async function startLoad(args: {
  urls: Record<'identity' | 'catalog' | 'audience' | 'ingest', string>;
  token: string;
  rate: number;
  timeoutMs: number;
  refusedIsExpected(service: string, t: number, end: number): boolean;
}): Promise<Load> {
  const runId = Date.now().toString(36);
  const page = await fetch(`${args.urls.catalog}/films?limit=50`, { headers: { authorization: `Bearer ${args.token}` } });
  const filmIds = ((await page.json()) as { items: { id: string }[] }).items.map((f) => f.id);
  const answers: Answer[] = [];
  const acked: Acked[] = [];
  const calls = mix(args.urls, args.token, filmIds, acked, runId);
  const total = calls.reduce((s, c) => s + c.weight, 0);
  const choose = () => {
    let r = Math.random() * total;
    for (const c of calls) if ((r -= c.weight) < 0) return c;
    return calls[calls.length - 1]!;
  };
  const flying = new Map<number, number>();
  let next = 0;
  const one = async (call: Call) => {
    const id = next++;
    const t = Date.now();
    flying.set(id, t);
    const answer = (status: number | 'network', outcome: Outcome, detail?: string) => answers.push({ t, end: Date.now(), call: call.name, service: call.service, status, outcome, detail });
    try {
      const sent = await call.send(AbortSignal.timeout(args.timeoutMs));
      const { res, key } = sent instanceof Response ? { res: sent, key: undefined } : sent;
      if (res.status >= 200 && res.status < 300 && call.acknowledge) await call.acknowledge(res, t, key);
      else await res.arrayBuffer();
      if (res.status >= 200 && res.status < 300) answer(res.status, 'ok');
      else if (res.status === 503 && res.headers.get('retry-after')) answer(503, 'unavailable');
      else answer(res.status, 'other');
    } catch (err) {
      const detail = networkDetail(err);
      answer('network', detail !== 'timeout' && args.refusedIsExpected(call.service, t, Date.now()) ? 'refused' : 'other', detail);
    } finally {
      flying.delete(id);
    }
  };
  const started = Date.now();
  let sent = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const due = Math.floor(((Date.now() - started) / 1000) * args.rate);
      for (; sent < due; sent++) void one(choose());
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    answers,
    acked,
    inFlight: () => [...flying.values()],
    stop: async () => {
      running = false;
      await loop;
      while (flying.size > 0) await new Promise((r) => setTimeout(r, 100));
    },
  };
}
