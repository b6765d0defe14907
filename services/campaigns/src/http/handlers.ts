/** Campaigns handlers: CRUD in the caller's tenant, the status lifecycle, reach through audience. */
import { conflict, decodeCursor, encodeCursor, notFound } from '@marquee/runtime';
import type { CampaignsHandlers } from '@marquee/generated/campaigns/server.gen';
import type { Schemas } from '@marquee/generated/campaigns/types.gen';
import type { CampaignsRepository } from '../data-access/campaigns-repository';
import { checkCampaignFields } from '../domain/checks';
import { DELETABLE, EDITABLE, TRANSITIONS, illegalTransition, notEditable, stateConflict } from '../domain/lifecycle';
import type { SegmentReach } from '../domain/segment-reach';

/** A stored campaign's segment that has gone: the problem points at the campaign in the path. */
const SEGMENT_OF_CAMPAIGN = { location: 'path', pointer: '/campaignId' } as const;

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: string }).code === 'ER_DUP_ENTRY';
}

export function createCampaignsHandlers(deps: { campaigns: CampaignsRepository; reach: SegmentReach; clock: () => Date }): CampaignsHandlers {
  const { campaigns, reach, clock } = deps;
  const find = async (tenantId: string, id: string): Promise<Schemas['Campaign']> => {
    const campaign = await campaigns.get(tenantId, id);
    if (!campaign) throw notFound(`no campaign with id ${id}`);
    return campaign;
  };
  const uniqueName = async <T>(name: string | undefined, write: () => Promise<T>): Promise<T> => {
    try {
      return await write();
    } catch (err) {
      if (isDuplicateKey(err)) throw conflict(`a campaign named '${name ?? ''}' already exists`);
      throw err;
    }
  };

  return {
    async listCampaigns({ query, principal }) {
      const after = decodeCursor(query.cursor, ['id'] as const);
      const filter = { ...(query.status ? { statuses: query.status } : {}), ...(query.channel ? { channel: query.channel } : {}), ...(query.segmentId ? { segmentId: query.segmentId } : {}) };
      const result = await campaigns.list(principal.tenantId, filter, query.limit ?? 50, after?.id);
      return { status: 200, body: { items: result.items, nextCursor: result.lastId === null ? null : encodeCursor({ id: result.lastId }) } };
    },

    async createCampaign({ body, principal }, ctx) {
      checkCampaignFields(body);
      const measured = await reach.of(body.segmentId, { location: 'body', pointer: '/segmentId' }, ctx);
      const campaign = await uniqueName(body.name, () => campaigns.create(principal.tenantId, body, measured, clock()));
      return { status: 201, body: campaign, headers: { Location: `/campaigns/${campaign.id}` } };
    },

    async getCampaign({ path, principal }) {
      return { status: 200, body: await find(principal.tenantId, path.campaignId) };
    },

    async updateCampaign({ path, body, principal }, ctx) {
      // Not found before anything else, so another tenant's id learns nothing about segments.
      const current = await find(principal.tenantId, path.campaignId);
      if (!EDITABLE.includes(current.status)) throw notEditable(current.status, 'changed');
      const merged = { schedule: body.schedule ?? current.schedule, budget: body.budget ?? current.budget };
      checkCampaignFields(merged);
      const measured = body.segmentId && body.segmentId !== current.segmentId ? await reach.of(body.segmentId, { location: 'body', pointer: '/segmentId' }, ctx) : undefined;
      const updated = await uniqueName(body.name, () => campaigns.update(principal.tenantId, path.campaignId, EDITABLE, { ...body, ...(measured ? { reach: measured } : {}) }, clock()));
      if (updated) return { status: 200, body: updated };
      // Moved on (or deleted) between the read and the write.
      const now = await find(principal.tenantId, path.campaignId);
      throw notEditable(now.status, 'changed');
    },

    async deleteCampaign({ path, principal }) {
      const current = await find(principal.tenantId, path.campaignId);
      if (!(await campaigns.delete(principal.tenantId, path.campaignId, DELETABLE))) {
        throw notEditable((await campaigns.get(principal.tenantId, path.campaignId))?.status ?? current.status, 'deleted');
      }
      return { status: 204 };
    },

    async transitionCampaign({ path, body, principal }, ctx) {
      const current = await find(principal.tenantId, path.campaignId);
      const to = body.status;
      if (!TRANSITIONS[current.status].includes(to)) throw illegalTransition(current.status, to);
      if (to === 'scheduled' && Date.parse(current.schedule.end) <= clock().getTime()) {
        const detail = `the schedule ended at ${current.schedule.end}; change it before scheduling`;
        throw stateConflict(detail, [{ location: 'body', pointer: '/schedule/end', detail }]);
      }
      // Scheduling or starting measures the segment again: the figure the campaign goes out with.
      const measured = to === 'scheduled' || to === 'running' ? await reach.of(current.segmentId, SEGMENT_OF_CAMPAIGN, ctx) : undefined;
      const moved = await campaigns.update(principal.tenantId, path.campaignId, [current.status], { status: to, ...(measured ? { reach: measured } : {}) }, clock());
      if (moved) return { status: 200, body: moved };
      const now = await find(principal.tenantId, path.campaignId);
      throw illegalTransition(now.status, to);
    },

    async getCampaignReach({ path, principal }, ctx) {
      const current = await find(principal.tenantId, path.campaignId);
      const measured = await reach.of(current.segmentId, SEGMENT_OF_CAMPAIGN, ctx);
      await campaigns.setReach(principal.tenantId, path.campaignId, measured);
      return { status: 200, body: measured };
    },
  };
}
