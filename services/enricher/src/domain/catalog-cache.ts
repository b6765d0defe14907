/**
 * Films (-> primary genre) and cinemas (-> circuit, region) from the catalog, through its
 * generated client, in a bounded LRU cache. Lookups are batched (films by up to 100 ids per
 * call) and run up to 8 calls at once; concurrent misses of one cinema share its call. A film or
 * cinema the catalog does not know is remembered for `missTtlMs` only, so one added later is picked up; the catalog being unreachable throws (the batch is retried).
 */
import { DependencyUnavailableError } from '@marquee/runtime';
import type { CatalogClient } from '@marquee/generated/enricher/clients/catalog/client.gen';

export interface FilmInfo {
  primaryGenre: string;
}
export interface CinemaInfo {
  circuitId: string;
  regionId: string;
}

class Lru<V> {
  private readonly map = new Map<string, { value: V | null; until: number }>();
  constructor(private readonly max: number) {}
  get(key: string, now: number): V | null | undefined {
    const hit = this.map.get(key);
    if (!hit || hit.until < now) return undefined;
    this.map.delete(key);
    this.map.set(key, hit);
    return hit.value;
  }
  set(key: string, value: V | null, until: number): void {
    this.map.delete(key);
    this.map.set(key, { value, until });
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }
  get size(): number {
    return this.map.size;
  }
}

export class CatalogCache {
  private readonly films: Lru<FilmInfo>;
  private readonly cinemas: Lru<CinemaInfo>;
  private readonly cinemaCalls = new Map<string, Promise<CinemaInfo | null>>();
  calls = 0;

  constructor(
    private readonly catalog: CatalogClient,
    size: number,
    private readonly missTtlMs = 5000,
  ) {
    this.films = new Lru(size);
    this.cinemas = new Lru(size);
  }

  /** Film id -> info, or null when the catalog has no such film. */
  /** `recheck`: ask the catalog again about ids it did not know (a retry before giving up on them). */
  async filmsById(ids: readonly string[], recheck = false): Promise<Map<string, FilmInfo | null>> {
    const now = Date.now();
    const out = new Map<string, FilmInfo | null>();
    const missing = [...new Set(ids)].filter((id) => {
      const hit = this.films.get(id, now);
      if (hit === undefined || (hit === null && recheck)) return true;
      out.set(id, hit);
      return false;
    });
    const chunks: string[][] = [];
    for (let i = 0; i < missing.length; i += 100) chunks.push(missing.slice(i, i + 100));
    await inBatches(chunks, async (chunk) => {
      this.calls++;
      const result = await this.catalog.listFilms({ query: { ids: chunk, limit: 100 } });
      if (result.status !== 200) throw new DependencyUnavailableError('catalog', { detail: `catalog answered ${result.status} to listFilms` });
      const found = new Map(result.body.items.map((f) => [f.id, { primaryGenre: f.genres[0] ?? 'unknown' }]));
      for (const id of chunk) {
        const info = found.get(id) ?? null;
        this.films.set(id, info, info ? Number.MAX_SAFE_INTEGER : now + this.missTtlMs);
        out.set(id, info);
      }
    });
    return out;
  }

  async cinemasById(ids: readonly string[], recheck = false): Promise<Map<string, CinemaInfo | null>> {
    const now = Date.now();
    const out = new Map<string, CinemaInfo | null>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const hit = this.cinemas.get(id, now);
      if (hit === undefined || (hit === null && recheck)) missing.push(id);
      else out.set(id, hit);
    }
    await inBatches(missing, async (id) => out.set(id, await this.fetchCinema(id, now)));
    return out;
  }

  /** One lookup per cinema at a time: concurrent batches missing the same cinema share the call. */
  private fetchCinema(id: string, now: number): Promise<CinemaInfo | null> {
    let pending = this.cinemaCalls.get(id);
    if (!pending) {
      pending = (async () => {
        this.calls++;
        const result = await this.catalog.getCinema({ path: { cinemaId: id } });
        if (result.status !== 200 && result.status !== 404) throw new DependencyUnavailableError('catalog', { detail: `catalog answered ${result.status} to getCinema` });
        const hit = result.status === 200 ? { circuitId: result.body.circuitId, regionId: result.body.regionId } : null;
        this.cinemas.set(id, hit, hit ? Number.MAX_SAFE_INTEGER : now + this.missTtlMs);
        return hit;
      })().finally(() => this.cinemaCalls.delete(id));
      this.cinemaCalls.set(id, pending);
    }
    return pending;
  }
}

/** Catalog calls in flight at once per lookup (the cache is cold only at the start). */
const CONCURRENT_CALLS = 8;

async function inBatches<T>(items: readonly T[], each: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += CONCURRENT_CALLS) await Promise.all(items.slice(i, i + CONCURRENT_CALLS).map(each));
}
