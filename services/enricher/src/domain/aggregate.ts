/**
 * A member's running aggregate: what a profile needs from the member's visits, kept up to date
 * one transaction at a time, so a batch costs O(new transactions) instead of re-reading and
 * re-sorting every visit of every member it touches (the profile used to be rebuilt from the
 * whole history per batch). Bounded per member: the latest MAX_FILM_VIEWS views, one entry per
 * cinema visited, and the instants of the visits inside the widest window (365 days).
 *
 * `profileOf(member, aggregate, now)` equals `buildProfile(member, allVisits, now)` for the same
 * visits added in any order (services/enricher/test/aggregate.test.ts checks it on random
 * histories), as long as `now` never goes back between updates (the clock, or a fixed PROFILE_NOW).
 */
import type { Profile } from '@marquee/generated/enricher/events.gen';
import { MAX_FILM_VIEWS, memberFields, round2, shares, type MemberAttributes, type Visit } from './profile';

const DAY_MS = 86_400_000;
const WIDEST_WINDOW_MS = 365 * DAY_MS;

interface View {
  filmId: string;
  at: number;
  genre: string | null;
}

interface CinemaTally {
  n: number;
  /** The cinema's latest visit instant. */
  last: number;
  /** Its first visit, in (instant, film id) order: breaks ties between cinemas like a sorted scan does. */
  first: number;
  firstFilm: string;
  region: string | null;
}

export interface Aggregate {
  lifetime: number;
  ticketCents: number;
  concessionCents: number;
  cinemas: Record<string, CinemaTally>;
  /** The latest MAX_FILM_VIEWS visits by (instant, film id), oldest first. */
  recent: View[];
  /** Instants of the visits at or after (latest now seen - 365 days), ascending. */
  window: number[];
}

export function emptyAggregate(): Aggregate {
  return { lifetime: 0, ticketCents: 0, concessionCents: 0, cinemas: {}, recent: [], window: [] };
}

const before = (a: { at: number; filmId: string }, b: { at: number; filmId: string }) => a.at - b.at || a.filmId.localeCompare(b.filmId);

/** Index at which `x` keeps `sorted` ascending (after equal elements). */
function insertionPoint<T>(sorted: readonly T[], x: T, cmp: (a: T, b: T) => number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmp(sorted[mid]!, x) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Adds new visits (each exactly once: the caller deduplicates by transaction id) as of `now`. Mutates and returns `agg`. */
export function addVisits(agg: Aggregate, visits: readonly Visit[], now: Date): Aggregate {
  const horizon = now.getTime() - WIDEST_WINDOW_MS;
  for (const v of visits) {
    const at = v.occurredAt.getTime();
    agg.lifetime++;
    agg.ticketCents += Math.round(v.ticketAmount * 100);
    agg.concessionCents += Math.round(v.concessionAmount * 100);
    const c = agg.cinemas[v.cinemaId];
    if (!c) agg.cinemas[v.cinemaId] = { n: 1, last: at, first: at, firstFilm: v.filmId, region: v.regionId };
    else {
      c.n++;
      c.last = Math.max(c.last, at);
      if (before({ at, filmId: v.filmId }, { at: c.first, filmId: c.firstFilm }) < 0) {
        c.first = at;
        c.firstFilm = v.filmId;
      }
      c.region ??= v.regionId;
    }
    const view = { filmId: v.filmId, at, genre: v.primaryGenre };
    agg.recent.splice(insertionPoint(agg.recent, view, before), 0, view);
    if (agg.recent.length > MAX_FILM_VIEWS) agg.recent.shift();
    if (at >= horizon) agg.window.splice(insertionPoint(agg.window, at, (a, b) => a - b), 0, at);
  }
  const stale = insertionPoint(agg.window, horizon - 1, (a, b) => a - b);
  if (stale > 0) agg.window.splice(0, stale);
  return agg;
}

/** The cinema a sorted scan of the visits would pick: most visits, then the latest visit, then the earliest first visit. */
function favourite(cinemas: Record<string, CinemaTally>): [string, CinemaTally] | undefined {
  let best: [string, CinemaTally] | undefined;
  for (const entry of Object.entries(cinemas)) {
    const [, c] = entry;
    if (!best) best = entry;
    else {
      const b = best[1];
      if (c.n > b.n || (c.n === b.n && (c.last > b.last || (c.last === b.last && before({ at: c.first, filmId: c.firstFilm }, { at: b.first, filmId: b.firstFilm }) < 0)))) best = entry;
    }
  }
  return best;
}

const instant = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

export function profileOf(member: MemberAttributes, agg: Aggregate, now: Date): Profile {
  const count = (days: number) => {
    const from = now.getTime() - days * DAY_MS;
    return agg.window.length - insertionPoint(agg.window, from - 1, (a, b) => a - b);
  };
  const views = agg.recent;
  const genres = new Map<string, number>();
  for (const v of views) if (v.genre) genres.set(v.genre, (genres.get(v.genre) ?? 0) + 1);
  const genreViews = [...genres.values()].reduce((s, n) => s + n, 0);
  const tickets = agg.ticketCents / 100;
  const concessions = agg.concessionCents / 100;
  const top = favourite(agg.cinemas);
  return {
    ...memberFields(member, top?.[1].region, now),
    visits: { last30d: count(30), last90d: count(90), last365d: count(365), lifetime: agg.lifetime },
    spend: { tickets, concessions, avgPerVisit: agg.lifetime > 0 ? round2((tickets + concessions) / agg.lifetime) : 0 },
    ...((member.favouriteCinemaId ?? top?.[0]) ? { favouriteCinemaId: member.favouriteCinemaId ?? top![0] } : {}),
    filmsSeen: [...new Set(views.map((v) => v.filmId))],
    filmViews: views.map((v) => ({ filmId: v.filmId, viewedAt: instant(v.at) })),
    genreAffinity: genreViews > 0 ? shares(genres, genreViews) : {},
    ...(views.length > 0 ? { firstVisit: instant(views[0]!.at), lastVisit: instant(views.at(-1)!.at) } : {}),
    updatedAt: instant(now.getTime()),
  };
}
