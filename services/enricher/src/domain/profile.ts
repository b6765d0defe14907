/**
 * One member's profile from its state: the member's attributes and every transaction of it,
 * joined with the catalog (primary genre per film, region per cinema). The same shape and rules
 * as the profiles audience indexes (scripts/audience-data/generate-profiles.ts):
 * - visits: one per transaction; windows count visits at or after now - 30/90/365 days;
 * - filmViews: the latest MAX_FILM_VIEWS visits, oldest first; filmsSeen: their distinct films;
 * - genreAffinity: share of filmViews per PRIMARY genre, in 1e-4 units by largest remainder
 *   (so the shares sum to exactly 1);
 * - spend: ticket and concession totals, avgPerVisit = (tickets + concessions) / visits;
 * - ageBand from year(now) - birthYear; region: the member's, else their most visited cinema's;
 * - favouriteCinemaId: the member's, else their most visited cinema (ties: the latest visit).
 * Pure: no clock, no I/O.
 */
import type { Profile } from '@marquee/generated/enricher/events.gen';
import type { MemberEvent } from '@marquee/generated/ingest/events.gen';

export const MAX_FILM_VIEWS = 60;
const DAY_MS = 86_400_000;

export type MemberAttributes = Omit<MemberEvent, 'eventId' | 'source'>;

export interface Visit {
  filmId: string;
  cinemaId: string;
  primaryGenre: string | null;
  regionId: string | null;
  occurredAt: Date;
  ticketAmount: number;
  concessionAmount: number;
}

export function ageBandOf(birthYear: number, now: Date): NonNullable<Profile['ageBand']> {
  const age = now.getUTCFullYear() - birthYear;
  if (age < 25) return '18-24';
  if (age < 35) return '25-34';
  if (age < 45) return '35-44';
  if (age < 55) return '45-54';
  if (age < 65) return '55-64';
  return '65+';
}

/** Shares summing to exactly 1, in 1e-4 units by largest remainder (ties: genre id order). */
export function shares(counts: ReadonlyMap<string, number>, total: number): Record<string, number> {
  const UNITS = 10_000;
  const entries = [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([genre, n]) => {
    const exact = (n * UNITS) / total;
    return { genre, units: Math.floor(exact), rest: exact - Math.floor(exact) };
  });
  let missing = UNITS - entries.reduce((sum, e) => sum + e.units, 0);
  for (const e of [...entries].sort((a, b) => b.rest - a.rest || a.genre.localeCompare(b.genre))) {
    if (missing <= 0) break;
    e.units++;
    missing--;
  }
  return Object.fromEntries(entries.map((e) => [e.genre, e.units / UNITS]));
}

export const round2 = (x: number) => Math.round(x * 100) / 100;
const instant = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

function favourite(visits: readonly Visit[]): Visit | undefined {
  const counts = new Map<string, { n: number; last: Visit }>();
  for (const v of visits) {
    const c = counts.get(v.cinemaId);
    counts.set(v.cinemaId, { n: (c?.n ?? 0) + 1, last: v });
  }
  let best: { n: number; last: Visit } | undefined;
  for (const c of counts.values()) if (!best || c.n > best.n || (c.n === best.n && c.last.occurredAt > best.last.occurredAt)) best = c;
  return best?.last;
}

/** The profile fields that come from the member record; region is the member's, else `fallbackRegion` (their most visited cinema's). */
export function memberFields(member: MemberAttributes, fallbackRegion: string | null | undefined, now: Date) {
  const region = member.region ?? fallbackRegion ?? undefined;
  return {
    tenantId: member.tenantId,
    memberId: member.memberId,
    ...(member.birthYear !== undefined ? { birthYear: member.birthYear, ageBand: ageBandOf(member.birthYear, now) } : {}),
    ...(member.gender ? { gender: member.gender } : {}),
    ...(region ? { region } : {}),
    ...(member.postcodePrefix ? { postcodePrefix: member.postcodePrefix } : {}),
    membership: { memberSince: member.memberSince, ...(member.status ? { status: member.status } : {}) },
  };
}

export function buildProfile(member: MemberAttributes, history: readonly Visit[], now: Date): Profile {
  const visits = [...history].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.filmId.localeCompare(b.filmId));
  const at = (days: number) => now.getTime() - days * DAY_MS;
  const count = (days: number) => visits.filter((v) => v.occurredAt.getTime() >= at(days)).length;
  const views = visits.slice(-MAX_FILM_VIEWS);
  const genres = new Map<string, number>();
  for (const v of views) if (v.primaryGenre) genres.set(v.primaryGenre, (genres.get(v.primaryGenre) ?? 0) + 1);
  const tickets = round2(visits.reduce((s, v) => s + v.ticketAmount, 0));
  const concessions = round2(visits.reduce((s, v) => s + v.concessionAmount, 0));
  const top = favourite(visits);
  const genreViews = [...genres.values()].reduce((s, n) => s + n, 0);
  return {
    ...memberFields(member, top?.regionId, now),
    visits: { last30d: count(30), last90d: count(90), last365d: count(365), lifetime: visits.length },
    spend: { tickets, concessions, avgPerVisit: visits.length > 0 ? round2((tickets + concessions) / visits.length) : 0 },
    ...((member.favouriteCinemaId ?? top?.cinemaId) ? { favouriteCinemaId: member.favouriteCinemaId ?? top!.cinemaId } : {}),
    filmsSeen: [...new Set(views.map((v) => v.filmId))],
    filmViews: views.map((v) => ({ filmId: v.filmId, viewedAt: instant(v.occurredAt) })),
    genreAffinity: genreViews > 0 ? shares(genres, genreViews) : {},
    ...(views.length > 0 ? { firstVisit: instant(views[0]!.occurredAt), lastVisit: instant(views.at(-1)!.occurredAt) } : {}),
    updatedAt: instant(now),
  };
}
