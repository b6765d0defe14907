/** Source databases and their pulls: register, list, read, forget, pull now, pull history. Tenant-scoped. */
import { conflict, notFound } from '@marquee/runtime';
import type { IngestHandlers } from '@marquee/generated/ingest/server.gen';
import type { SourcesRepository } from '../data-access/sources-repository';
import type { SourcePuller } from '../domain/source-puller';
import { tenantOf } from '../tenant';

type SourceHandlers = Pick<IngestHandlers, 'createSource' | 'listSources' | 'getSource' | 'deleteSource' | 'startPull' | 'listPulls' | 'getPull'>;

export function createSourceHandlers(deps: { sources: SourcesRepository; puller: SourcePuller }): SourceHandlers {
  const { sources, puller } = deps;

  const sourceOf = async (tenantId: string, id: string) => {
    const source = await sources.get(tenantId, id);
    if (!source) throw notFound(`no source with id ${id}`);
    return source;
  };

  return {
    async createSource(input) {
      const source = await sources.create(tenantOf(input), input.body);
      if (!source) throw conflict(`a source named '${input.body.name}' already exists`);
      return { status: 201, body: source, headers: { Location: `/sources/${source.id}` } };
    },

    async listSources(input) {
      return { status: 200, body: { items: await sources.list(tenantOf(input)) } };
    },

    async getSource(input) {
      return { status: 200, body: await sourceOf(tenantOf(input), input.path.sourceId) };
    },

    async deleteSource(input) {
      if (!(await sources.remove(tenantOf(input), input.path.sourceId))) throw notFound(`no source with id ${input.path.sourceId}`);
      return { status: 204 };
    },

    async startPull(input) {
      const source = await sourceOf(tenantOf(input), input.path.sourceId);
      const pull = await sources.startPull(source.id);
      if (!pull) throw conflict(`source ${source.id} is being pulled already (see GET /sources/${source.id}/pulls)`);
      puller.launch(source, pull.id);
      return { status: 202, body: pull, headers: { Location: `/sources/${source.id}/pulls/${pull.id}` } };
    },

    async listPulls(input) {
      const source = await sourceOf(tenantOf(input), input.path.sourceId);
      return { status: 200, body: { items: await sources.listPulls(source.id, input.query.limit ?? 50) } };
    },

    async getPull(input) {
      const source = await sourceOf(tenantOf(input), input.path.sourceId);
      const pull = await sources.getPull(source.id, input.path.pullId);
      if (!pull) throw notFound(`no pull ${input.path.pullId} of source ${source.id}`);
      return { status: 200, body: pull };
    },
  };
}
