/**
 * A campaign's reach is its segment's size, asked of the audience service through its generated
 * client with the caller's credential (so the segment is looked up in the caller's tenant).
 * An unknown segment is a 422 on the field that named it; a caller without audience:read is a
 * 403; an audience that cannot answer is a 503.
 */
import { DependencyUnavailableError, ForbiddenError, unprocessable } from '@marquee/runtime';
import type { CallerContext } from '@marquee/runtime/client';
import type { AudienceClient } from '@marquee/generated/campaigns/clients/audience/client.gen';
import type { Schemas } from '@marquee/generated/campaigns/types.gen';

export class SegmentReach {
  constructor(
    private readonly audience: AudienceClient,
    private readonly clock: () => Date,
  ) {}

  /**
   * The segment's size now; `pointer` names the request field holding the segment id, `context`
   * is the handler's request (its id and the caller's credential travel with the call).
   */
  async of(segmentId: string, pointer: { location: 'body' | 'path'; pointer: string }, context: CallerContext): Promise<Schemas['Reach']> {
    const result = await this.audience.getSegmentCount({ path: { segmentId } }, { context });
    if (result.status === 200) {
      return { segmentId, count: result.body.count, computedAt: this.clock().toISOString() };
    }
    if (result.status === 404) {
      throw unprocessable(`no segment with id ${segmentId} in the audience service`, [{ ...pointer, detail: `no segment with id '${segmentId}'` }]);
    }
    if (result.status === 401 || result.status === 403) {
      throw new ForbiddenError(['audience:read'], "computing a campaign's reach needs scope 'audience:read' on the caller's credential");
    }
    throw new DependencyUnavailableError('audience', { detail: `audience answered ${result.status} while counting segment ${segmentId}; retry later` });
  }
}
