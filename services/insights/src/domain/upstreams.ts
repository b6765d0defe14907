/**
 * The audience and catalog calls insights makes, each answer mapped once: 200 is the body, a
 * 404 is the caller's problem (named by the caller of this module), 401/403 means the forwarded
 * credential lacks the upstream's scope (403 naming it), anything else is a 503.
 */
import { DependencyUnavailableError, ForbiddenError } from '@marquee/runtime';
import type { CallerContext } from '@marquee/runtime/client';
import type { AudienceClient } from '@marquee/generated/insights/clients/audience/client.gen';
import type { CatalogClient } from '@marquee/generated/insights/clients/catalog/client.gen';
import type { Schemas as AudienceSchemas } from '@marquee/generated/insights/clients/audience/types.gen';
import type { Schemas as CatalogSchemas } from '@marquee/generated/insights/clients/catalog/types.gen';

export type Film = CatalogSchemas['Film'];
export type Segment = AudienceSchemas['Segment'];
export type Expression = NonNullable<AudienceSchemas['AudienceQuery']['where']>;
export type ViewsQuery = AudienceSchemas['ViewsQuery'];
export type ViewsResult = AudienceSchemas['ViewsResult'];

function failed(service: 'audience' | 'catalog', what: string, status: number): Error {
  if (status === 401 || status === 403) {
    return new ForbiddenError([`${service}:read`], `${what} needs scope '${service}:read' on the caller's credential`);
  }
  return new DependencyUnavailableError(service, { detail: `${service} answered ${status} to ${what}; retry later` });
}

export class Upstreams {
  private readonly call: { context?: CallerContext };

  constructor(
    private readonly audience: AudienceClient,
    private readonly catalog: CatalogClient,
    context?: CallerContext,
    private readonly shared: { regionNames?: Promise<Map<string, string>> } = {},
  ) {
    this.call = context ? { context } : {};
  }

  /** The same upstreams called on behalf of one request: its id and the caller's credential travel. */
  for(context: CallerContext): Upstreams {
    return new Upstreams(this.audience, this.catalog, context, this.shared);
  }

  /** The film, or undefined when the catalog has none with that id. */
  async film(filmId: string): Promise<Film | undefined> {
    const result = await this.catalog.getFilm({ path: { filmId } }, this.call);
    if (result.status === 200) return result.body;
    if (result.status === 404) return undefined;
    throw failed('catalog', 'getFilm', result.status);
  }

  /** Region id -> name; reference data, fetched once per process (again after a failure). */
  async regions(): Promise<Map<string, string>> {
    this.shared.regionNames ??= this.catalog.listRegions({ query: {} }, this.call).then((result) => {
      if (result.status !== 200) throw failed('catalog', 'listRegions', result.status);
      return new Map(result.body.items.map((r) => [r.id, r.name]));
    });
    return this.shared.regionNames.catch((err: unknown) => {
      this.shared.regionNames = undefined;
      throw err;
    });
  }

  async count(where: Expression | undefined): Promise<number> {
    const result = await this.audience.countAudience({ body: where ? { where } : {} }, this.call);
    if (result.status === 200) return result.body.count;
    throw failed('audience', 'countAudience', result.status);
  }

  async views(query: ViewsQuery): Promise<ViewsResult> {
    const result = await this.audience.viewsOverTime({ body: query }, this.call);
    if (result.status === 200) return result.body;
    throw failed('audience', 'viewsOverTime', result.status);
  }

  /** The segment, or undefined when the caller's tenant has none with that id. */
  async segment(segmentId: string): Promise<Segment | undefined> {
    const result = await this.audience.getSegment({ path: { segmentId } }, this.call);
    if (result.status === 200) return result.body;
    if (result.status === 404) return undefined;
    throw failed('audience', 'getSegment', result.status);
  }

  async segmentSize(segmentId: string): Promise<number> {
    const result = await this.audience.getSegmentCount({ path: { segmentId } }, this.call);
    if (result.status === 200) return result.body.count;
    throw failed('audience', 'getSegmentCount', result.status);
  }
}
