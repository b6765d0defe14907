/**
 * Film views over time: per calendar week or month, the views (nested `filmViews` entries) of the
 * matching members and the distinct members behind them, optionally split by a member field.
 * One search: the member filter (tenant + `where`) at the root, the views counted in the nested
 * documents (date histogram) and members counted back at the root (reverse_nested).
 */
import { badRequest } from '@marquee/runtime';
import type { estypes } from '@elastic/elasticsearch';
import type { Schemas } from '@marquee/generated/audience/types.gen';
import type { ProfilesIndex } from '../data-access/profiles-index';
import { compileQuery } from './query';
import type { EsQuery } from './query';

type ViewsQuery = Schemas['ViewsQuery'];
type ViewsResult = Schemas['ViewsResult'];

const MAX_RANGE_DAYS = 3 * 366;
const MAX_GROUPS = 100;
const DAY_MS = 86_400_000;

interface HistogramBucket { key_as_string?: string; key: number; doc_count: number; members: { doc_count: number } }
interface ViewsAgg { doc_count: number; views: { doc_count: number; members: { doc_count: number }; periods: { buckets: HistogramBucket[] } } }
interface GroupBucket { key: string; viewed: ViewsAgg }

/** The checks the schema cannot express: `to` after `from`, a bounded range. */
function checkRange(query: ViewsQuery): void {
  const span = (Date.parse(query.to) - Date.parse(query.from)) / DAY_MS;
  if (!(span > 0)) throw badRequest('`to` must be after `from`', [{ location: 'body', pointer: '/to', detail: `must be after from (${query.from})` }]);
  if (span > MAX_RANGE_DAYS) throw badRequest('the range is too long', [{ location: 'body', pointer: '/to', detail: `at most ${MAX_RANGE_DAYS} days after from` }]);
}

/** The nested sub-aggregation counting views and their members per period. */
function viewsAgg(query: ViewsQuery): Record<string, estypes.AggregationsAggregationContainer> {
  const filter: EsQuery[] = [{ range: { 'filmViews.viewedAt': { gte: query.from, lt: query.to } } }];
  if (query.filmIds) filter.push({ terms: { 'filmViews.filmId': query.filmIds } });
  return {
    viewed: {
      nested: { path: 'filmViews' },
      aggs: {
        views: {
          filter: { bool: { filter } },
          aggs: {
            members: { reverse_nested: {} },
            periods: {
              date_histogram: { field: 'filmViews.viewedAt', calendar_interval: query.interval, time_zone: 'UTC', min_doc_count: 1, format: 'yyyy-MM-dd' },
              aggs: { members: { reverse_nested: {} } },
            },
          },
        },
      },
    },
  };
}

const day = (bucket: HistogramBucket) => bucket.key_as_string ?? new Date(bucket.key).toISOString().slice(0, 10);

export async function viewsOverTime(profiles: ProfilesIndex, query: ViewsQuery, tenantId: string, now: Date): Promise<ViewsResult> {
  checkRange(query);
  const compiled = compileQuery({ where: query.where }, { tenantId, now });
  const aggs = viewsAgg(query);
  const body: estypes.SearchRequest = {
    size: 0,
    track_total_hits: false,
    ...(compiled.body.query ? { query: compiled.body.query } : {}),
    aggs: { ...aggs, ...(query.by ? { groups: { terms: { field: query.by, size: MAX_GROUPS }, aggs } } : {}) },
  };
  const response = await profiles.query(body);
  const root = response.aggregations as unknown as { viewed: ViewsAgg; groups?: { buckets: GroupBucket[] } };
  const groupsByPeriod = new Map<string, Schemas['ViewsGroup'][]>();
  for (const group of root.groups?.buckets ?? []) {
    for (const period of group.viewed.views.periods.buckets) {
      const list = groupsByPeriod.get(day(period)) ?? [];
      list.push({ key: String(group.key), views: period.doc_count, members: period.members.doc_count });
      groupsByPeriod.set(day(period), list);
    }
  }
  const views = root.viewed.views;
  return {
    interval: query.interval,
    from: query.from,
    to: query.to,
    views: views.doc_count,
    members: views.members.doc_count,
    periods: views.periods.buckets.map((bucket) => ({
      start: day(bucket),
      views: bucket.doc_count,
      members: bucket.members.doc_count,
      ...(query.by ? { groups: (groupsByPeriod.get(day(bucket)) ?? []).sort((a, b) => b.views - a.views || a.key.localeCompare(b.key)) } : {}),
    })),
  };
}
