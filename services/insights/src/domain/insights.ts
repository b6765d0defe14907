/**
 * The three insights, each composed from audience and catalog answers (see README, "Insights"):
 * film performance (views per week and member region), the overlap of two films' audiences,
 * and a segment's members' cinema-going per month.
 */
import { badRequest, notFound, unprocessable } from '@marquee/runtime';
import type { Schemas } from '@marquee/generated/insights/types.gen';
import { addDays, isoDay, monthAfter, monthsUntil, weeksBetween } from './calendar';
import type { Expression, Film, Segment, Upstreams } from './upstreams';

const filmRef = (film: Film): Schemas['FilmRef'] => ({ id: film.id, title: film.title, releaseDate: film.releaseDate });

export async function filmPerformance(up: Upstreams, filmId: string, options: { from?: string; weeks: number }): Promise<Schemas['FilmPerformance']> {
  const film = await up.film(filmId);
  if (!film) throw notFound(`no film with id ${filmId} in the catalog`);
  const from = options.from ?? film.releaseDate;
  const to = addDays(from, options.weeks * 7);
  const [views, names] = await Promise.all([up.views({ filmIds: [filmId], from, to, interval: 'week', by: 'region' }), up.regions()]);
  const byWeek = new Map(views.periods.map((p) => [p.start, p]));
  return {
    film: filmRef(film),
    from,
    to,
    views: views.views,
    members: views.members,
    weeks: weeksBetween(from, to).map((weekStart) => {
      const period = byWeek.get(weekStart);
      return {
        weekStart,
        views: period?.views ?? 0,
        members: period?.members ?? 0,
        regions: (period?.groups ?? []).map((g) => ({ regionId: g.key, name: names.get(g.key) ?? g.key, views: g.views, members: g.members })),
      };
    }),
  };
}

const sawAny = (filmIds: string[]): Expression => ({ field: 'filmsSeen', op: 'any', value: filmIds });

export async function filmOverlap(up: Upstreams, a: string, b: string): Promise<Schemas['FilmOverlap']> {
  if (a === b) throw badRequest('the two films must differ', [{ location: 'query', pointer: '/b', detail: 'must be a different film from a' }]);
  const [filmA, filmB] = await Promise.all([up.film(a), up.film(b)]);
  const missing = [
    ...(filmA ? [] : [{ location: 'query' as const, pointer: '/a', detail: `no film with id '${a}' in the catalog` }]),
    ...(filmB ? [] : [{ location: 'query' as const, pointer: '/b', detail: `no film with id '${b}' in the catalog` }]),
  ];
  if (!filmA || !filmB) throw unprocessable(`${missing.length} film(s) do not exist in the catalog`, missing);
  const [sawA, sawB, both, either] = await Promise.all([
    up.count(sawAny([a])),
    up.count(sawAny([b])),
    up.count({ field: 'filmsSeen', op: 'all', value: [a, b] }),
    up.count(sawAny([a, b])),
  ]);
  return {
    a: { film: filmRef(filmA), members: sawA },
    b: { film: filmRef(filmB), members: sawB },
    both,
    either,
    jaccard: either === 0 ? 0 : Math.round((both / either) * 10_000) / 10_000,
  };
}

/** A segment as a DSL expression: its own `where`, and (when it names films) members who saw any of them. */
export function segmentWhere(segment: Segment): Expression | undefined {
  const parts: Expression[] = [...(segment.query?.where ? [segment.query.where] : []), ...(segment.filmIds.length > 0 ? [sawAny(segment.filmIds)] : [])];
  return parts.length <= 1 ? parts[0] : { and: parts };
}

export async function segmentTrend(up: Upstreams, segmentId: string, options: { until?: string; months: number; now: Date }): Promise<Schemas['SegmentTrend']> {
  const segment = await up.segment(segmentId);
  if (!segment) throw notFound(`no segment with id ${segmentId}`);
  const months = monthsUntil(options.until ?? isoDay(options.now).slice(0, 7), options.months);
  const from = `${months[0]}-01`;
  const to = monthAfter(months.at(-1) as string);
  const where = segmentWhere(segment);
  const [size, views] = await Promise.all([up.segmentSize(segmentId), up.views({ ...(where ? { where } : {}), from, to, interval: 'month' })]);
  const byMonth = new Map(views.periods.map((p) => [p.start.slice(0, 7), p]));
  return {
    segment: { id: segment.id, name: segment.name },
    size,
    months: months.map((month) => ({ month, members: byMonth.get(month)?.members ?? 0, views: byMonth.get(month)?.views ?? 0 })),
  };
}
