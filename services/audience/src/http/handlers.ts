/** Audience handlers: segments CRUD; film ids checked against the catalog on every write. */
import { AppError, badRequest, conflict, decodeCursor, encodeCursor, notFound } from '@marquee/runtime';
import type { AudienceHandlers } from '@marquee/generated/audience/server.gen';
import type { Schemas } from '@marquee/generated/audience/types.gen';
import type { CatalogClient } from '@marquee/generated/audience/clients/catalog/client.gen';
import type { SegmentsRepository } from '../data-access/segments-repository';
import { segmentQuery, type AudienceQueries } from '../domain/audience-queries';
import { assertFilmsExist } from '../domain/film-references';

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

export function createAudienceHandlers(deps: { segments: SegmentsRepository; catalog: CatalogClient; queries: AudienceQueries }): AudienceHandlers {
  const { segments, catalog, queries } = deps;
  const findSegment = async (id: string) => {
    const segment = await segments.get(id);
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
    async listSegments({ query }) {
      const after = decodeCursor(query.cursor, ['id'] as const);
      const result = await segments.list(query.limit ?? 50, after?.id);
      return { status: 200, body: { items: result.items, nextCursor: result.lastId === null ? null : encodeCursor({ id: result.lastId }) } };
    },

    async countAudience({ headers, body }) {
      return { status: 200, body: await queries.count(body, headers['X-Tenant-Id']) };
    },

    async breakdownAudience({ headers, body }) {
      return { status: 200, body: await queries.breakdown(body, headers['X-Tenant-Id']) };
    },

    async sampleAudience({ headers, body }) {
      return { status: 200, body: await queries.sample(body, headers['X-Tenant-Id']) };
    },

    async explainAudience({ headers, body }) {
      return { status: 200, body: queries.explain(body, headers['X-Tenant-Id']) };
    },

    async getSegmentCount({ path, headers }) {
      const segment = await findSegment(path.segmentId);
      return { status: 200, body: await queries.count(segmentQuery(segment), headers['X-Tenant-Id']) };
    },

    async getSegmentBreakdown({ path, headers, query }) {
      const segment = await findSegment(path.segmentId);
      // ?dimensions= are free strings in the spec; the compiler checks each name (its problems are re-pointed below).
      const breakdowns = query.dimensions ? (query.dimensions.map((field) => ({ field })) as Schemas['Breakdown'][]) : segment.query?.breakdowns;
      if (!breakdowns) {
        throw badRequest('the segment saves no breakdowns; name some', [{ location: 'query', pointer: '/dimensions', detail: 'give dimensions=ageBand,region' }]);
      }
      try {
        return { status: 200, body: await queries.breakdown(segmentQuery(segment, breakdowns), headers['X-Tenant-Id']) };
      } catch (err) {
        throw query.dimensions ? asDimensionError(err) : err;
      }
    },

    async createSegment({ body }) {
      await assertFilmsExist(catalog, body.filmIds ?? []);
      return { status: 201, body: await uniqueName(body.name, () => segments.create(body)) };
    },

    async getSegment({ path }) {
      const segment = await segments.get(path.segmentId);
      if (!segment) throw notFound(`no segment with id ${path.segmentId}`);
      return { status: 200, body: segment };
    },

    async updateSegment({ path, body }) {
      if (body.filmIds) {
        await assertFilmsExist(catalog, body.filmIds);
      }
      const segment = await uniqueName(body.name, () => segments.update(path.segmentId, body));
      if (!segment) throw notFound(`no segment with id ${path.segmentId}`);
      return { status: 200, body: segment };
    },

    async deleteSegment({ path }) {
      if (!(await segments.delete(path.segmentId))) throw notFound(`no segment with id ${path.segmentId}`);
      return { status: 204 };
    },
  };
}
