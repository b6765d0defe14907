/**
 * Answers audience questions: DSL in, compiled (tenant-scoped) Elasticsearch request out,
 * results shaped as the spec declares. Segments are answered by turning them into a query.
 */
import { badRequest, type FieldError } from '@marquee/runtime';
import type { Schemas } from '@marquee/generated/audience/types.gen';
import type { ProfilesIndex } from '../data-access/profiles-index';
import { compileQuery, toBreakdownResult, toCountResult, toExplainResult, toSampleResult, type CompiledQuery } from './query';

type AudienceQuery = Schemas['AudienceQuery'];

export class AudienceQueries {
  constructor(
    private readonly profiles: ProfilesIndex,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async count(query: AudienceQuery, tenantId: string): Promise<Schemas['CountResult']> {
    const compiled = this.compile({ where: query.where }, tenantId);
    return toCountResult(await this.profiles.query({ ...compiled.body, size: 0 }));
  }

  async breakdown(query: AudienceQuery, tenantId: string): Promise<Schemas['BreakdownResult']> {
    if (!query.breakdowns || query.breakdowns.length === 0) {
      throw badRequest('a breakdown needs at least one dimension', [{ location: 'body', pointer: '/breakdowns', detail: 'give 1 to 3 breakdowns, e.g. [{ "field": "ageBand" }]' }]);
    }
    const compiled = this.compile({ where: query.where, breakdowns: query.breakdowns }, tenantId);
    return toBreakdownResult(await this.profiles.query({ ...compiled.body, size: 0 }), compiled);
  }

  async sample(query: AudienceQuery, tenantId: string): Promise<Schemas['SampleResult']> {
    if (!query.sample) {
      throw badRequest('a sample needs `sample`', [{ location: 'body', pointer: '/sample', detail: 'give { "size": 1..100, "fields": [...] }' }]);
    }
    const compiled = this.compile({ where: query.where, sample: query.sample }, tenantId);
    return toSampleResult(await this.profiles.query(compiled.body), compiled);
  }

  explain(query: AudienceQuery, tenantId: string): Schemas['ExplainResult'] {
    return toExplainResult(this.compile(query, tenantId));
  }

  private compile(query: AudienceQuery, tenantId: string): CompiledQuery {
    return compileQuery(query, { tenantId, now: this.clock() });
  }
}

/** A segment as a query: its own `where`, and (when it names films) members who saw any of them. */
export function segmentQuery(segment: Schemas['Segment'], breakdowns?: AudienceQuery['breakdowns']): AudienceQuery {
  const parts = [
    ...(segment.query?.where ? [segment.query.where] : []),
    ...(segment.filmIds.length > 0 ? [{ field: 'filmsSeen' as const, op: 'any' as const, value: segment.filmIds }] : []),
  ];
  const where = parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : { and: parts };
  return { ...(where ? { where } : {}), ...(breakdowns ? { breakdowns } : {}) } as AudienceQuery;
}

/** Problems in a query embedded in another body (segments), with pointers under `prefix`. */
export function prefixed(prefix: string, errors: FieldError[]): FieldError[] {
  return errors.map((e) => ({ ...e, pointer: `${prefix}${e.pointer}` }));
}
