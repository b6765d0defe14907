/**
 * What `make faults` acknowledged against what is stored at the end: every film catalog answered
 * 201 for must be readable through catalog's API, and every member event ingest answered 202 for
 * must have reached Elasticsearch as a profile (through Kafka, the enricher and the indexer)
 * once the pipeline has drained.
 */
import type { Acked } from './fault-load';

export interface Stored {
  films: { acked: number; missing: string[] };
  members: { acked: number; missing: string[]; drainSeconds: number };
}

async function missingFilms(catalog: string, token: string, ids: string[]): Promise<string[]> {
  const missing: string[] = [];
  const queue = [...ids];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      let status = 0;
      for (let attempt = 0; attempt < 5; attempt++) {
        status = (await fetch(`${catalog}/films/${id}`, { headers: { authorization: `Bearer ${token}` } }).catch(() => undefined))?.status ?? 0;
        if (status === 200 || status === 404) break;
        await new Promise((r) => setTimeout(r, 1000));
      }
      if (status !== 200) missing.push(id);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return missing;
}

/** The member ids among `ids` that have a profile in the alias. */
async function indexedMembers(es: string, alias: string, ids: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  await fetch(`${es}/${alias}/_refresh`, { method: 'POST' }).catch(() => undefined);
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const res = await fetch(`${es}/${alias}/_search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ size: chunk.length, _source: ['memberId'], query: { terms: { memberId: chunk } } }),
    });
    if (!res.ok) throw new Error(`Elasticsearch search on ${alias}: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { hits: { hits: { _source: { memberId: string } }[] } };
    for (const hit of body.hits.hits) found.add(hit._source.memberId);
  }
  return found;
}

/** Waits (up to `drainMs`) for one member's profile: how long the pipeline takes to show an accepted event. */
export async function waitIndexed(es: string, alias: string, memberId: string, drainMs: number): Promise<boolean> {
  const deadline = Date.now() + drainMs;
  while (Date.now() < deadline) {
    if ((await indexedMembers(es, alias, [memberId]).catch(() => new Set<string>())).has(memberId)) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

export async function verifyStored(args: { catalog: string; token: string; es: string; alias: string; acked: Acked[]; drainMs: number }): Promise<Stored> {
  const films = args.acked.filter((a) => a.kind === 'film').map((a) => a.id);
  const members = args.acked.filter((a) => a.kind === 'member').map((a) => a.id);
  const started = Date.now();
  let missing = members;
  while (missing.length > 0 && Date.now() - started < args.drainMs) {
    const found = await indexedMembers(args.es, args.alias, missing);
    missing = missing.filter((id) => !found.has(id));
    if (missing.length > 0) await new Promise((r) => setTimeout(r, 2000));
  }
  return {
    films: { acked: films.length, missing: await missingFilms(args.catalog, args.token, films) },
    members: { acked: members.length, missing, drainSeconds: Math.round((Date.now() - started) / 100) / 10 },
  };
}
