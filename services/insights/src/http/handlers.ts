/** Insights handlers: thin translations between the generated contract and the composed insights. */
import type { InsightsHandlers } from '@marquee/generated/insights/server.gen';
import { filmOverlap, filmPerformance, segmentTrend } from '../domain/insights';
import type { Upstreams } from '../domain/upstreams';

export function createInsightsHandlers(up: Upstreams, clock: () => Date): InsightsHandlers {
  return {
    async getFilmPerformance({ path, query }, ctx) {
      return { status: 200, body: await filmPerformance(up.for(ctx), path.filmId, { weeks: query.weeks ?? 8, ...(query.from ? { from: query.from } : {}) }) };
    },
    async getFilmOverlap({ query }, ctx) {
      return { status: 200, body: await filmOverlap(up.for(ctx), query.a, query.b) };
    },
    async getSegmentTrend({ path, query }, ctx) {
      return { status: 200, body: await segmentTrend(up.for(ctx), path.segmentId, { months: query.months ?? 12, now: clock(), ...(query.until ? { until: query.until } : {}) }) };
    },
  };
}
