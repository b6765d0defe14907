/** Audience handlers: segments CRUD; film ids checked against the catalog on every write. */
import { conflict, decodeCursor, encodeCursor, notFound } from '@marquee/runtime';
import type { AudienceHandlers } from '@marquee/generated/audience/server.gen';
import type { CatalogClient } from '@marquee/generated/catalog/client.gen';
import type { SegmentsRepository } from '../data-access/segments-repository';
import { assertFilmsExist } from '../domain/film-references';

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: string }).code === 'ER_DUP_ENTRY';
}

export function createAudienceHandlers(deps: { segments: SegmentsRepository; catalog: CatalogClient }): AudienceHandlers {
  const { segments, catalog } = deps;
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

    async createSegment({ body }) {
      await assertFilmsExist(catalog, body.filmIds);
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
