/** Audience handlers: segments CRUD; film ids checked against the catalog on every write. */
import { AppError, badRequest, conflict, decodeCursor, encodeCursor, notFound } from '@marquee/runtime';
import type { AudienceHandlers } from '@marquee/generated/audience/server.gen';
import type { Schemas } from '@marquee/generated/audience/types.gen';
import type { CatalogClient } from '@marquee/generated/audience/clients/catalog/client.gen';
import type { SegmentsRepository } from '../data-access/segments-repository';
import { segmentQuery, type AudienceQueries } from '../domain/audience-queries';
import { assertFilmsExist } from '../domain/film-references';
import { viewsOverTime } from '../domain/views-over-time';
import type { ProfilesIndex } from '../data-access/profiles-index';

/** Breakdown problems found while compiling `?dimensions=` point at the query parameter, not a body. */
function asDimensionError(err: unknown): unknown {
  if (!(err instanceof AppError) || !err.errors) return err;
  const errors = err.errors.map((e) => {
    const m = /^\/breakdowns\/(\d+)/.exec(e.pointer);
    return m ? { location: 'query' as const, pointer: `/dimensions/${m[1]}`, detail: e.detail } : e;
  });
  return badRequest(err.message, errors);
}

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: string }).code === 'ER_DUP_ENTRY';
}

export function createAudienceHandlers(deps: { segments: SegmentsRepository; catalog: CatalogClient; queries: AudienceQueries; profiles: ProfilesIndex; clock?: () => Date }): AudienceHandlers {
  const { segments, catalog, queries, profiles } = deps;
  const clock = deps.clock ?? (() => new Date());
  const findSegment = async (tenantId: string, id: string) => {
    const segment = await segments.get(tenantId, id);
    if (!segment) throw notFound(`no segment with id ${id}`);
    return segment;
  };
  const uniqueName = async <T>(name: string | undefined, write: () => Promise<T>): Promise<T> => {
    try {
      return await write();
    } catch (err) {
      if (isDuplicateKey(err)) throw conflict(`a segment named '${name ?? ''}' already exists`);
      throw err;
    }
  };

  return {
    async listSegments({ query, principal }) {
      const after = decodeCursor(query.cursor, ['id'] as const);
      const result = await segments.list(principal.tenantId, query.limit ?? 50, after?.id);
      return { status: 200, body: { items: result.items, nextCursor: result.lastId === null ? null : encodeCursor({ id: result.lastId }) } };
    },

    async countAudience({ principal, body }) {
      return { status: 200, body: await queries.count(body, principal.tenantId) };
    },

    async breakdownAudience({ principal, body }) {
      return { status: 200, body: await queries.breakdown(body, principal.tenantId) };
    },

    async sampleAudience({ principal, body }) {
      return { status: 200, body: await queries.sample(body, principal.tenantId) };
    },

    async explainAudience({ principal, body }) {
      return { status: 200, body: queries.explain(body, principal.tenantId) };
    },

    async viewsOverTime({ principal, body }) {
      return { status: 200, body: await viewsOverTime(profiles, body, principal.tenantId, clock()) };
    },

    async getSegmentCount({ path, principal }) {
      const segment = await findSegment(principal.tenantId, path.segmentId);
      return { status: 200, body: await queries.count(segmentQuery(segment), principal.tenantId) };
    },

    async getSegmentBreakdown({ path, principal, query }) {
      const segment = await findSegment(principal.tenantId, path.segmentId);
      // ?dimensions= are free strings in the spec; the compiler checks each name (its problems are re-pointed below).
      const breakdowns = query.dimensions ? (query.dimensions.map((field) => ({ field })) as Schemas['Breakdown'][]) : segment.query?.breakdowns;
      if (!breakdowns) {
        throw badRequest('the segment saves no breakdowns; name some', [{ location: 'query', pointer: '/dimensions', detail: 'give dimensions=ageBand,region' }]);
      }
      try {
        return { status: 200, body: await queries.breakdown(segmentQuery(segment, breakdowns), principal.tenantId) };
      } catch (err) {
        throw query.dimensions ? asDimensionError(err) : err;
      }
    },

    async createSegment({ body, principal }, ctx) {
      await assertFilmsExist(catalog, body.filmIds ?? [], ctx);
      return { status: 201, body: await uniqueName(body.name, () => segments.create(principal.tenantId, body)) };
    },

    async getSegment({ path, principal }) {
      return { status: 200, body: await findSegment(principal.tenantId, path.segmentId) };
    },

    async updateSegment({ path, body, principal }, ctx) {
      // Not found before anything else, so another tenant's id never learns whether its films exist.
      await findSegment(principal.tenantId, path.segmentId);
      if (body.filmIds) {
        await assertFilmsExist(catalog, body.filmIds, ctx);
      }
      const segment = await uniqueName(body.name, () => segments.update(principal.tenantId, path.segmentId, body));
      if (!segment) throw notFound(`no segment with id ${path.segmentId}`);
      return { status: 200, body: segment };
    },

    async deleteSegment({ path, principal }) {
      if (!(await segments.delete(principal.tenantId, path.segmentId))) throw notFound(`no segment with id ${path.segmentId}`);
      return { status: 204 };
    },
  };
}
