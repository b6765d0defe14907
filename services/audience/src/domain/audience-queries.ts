/**
 * Answers audience questions: DSL in, compiled (tenant-scoped) Elasticsearch request out,
 * results shaped as the spec declares. Segments are answered by turning them into a query.
 */
import { badRequest, type FieldError } from '@marquee/runtime';
import type { Schemas } from '@marquee/generated/audience/types.gen';
import type { ProfilesIndex } from '../data-access/profiles-index';
import { acceptedAudienceQuery, compileParsedQuery, compileQuery, toBreakdownResult, toCountResult, toExplainResult, toSampleResult, type CompiledQuery, type ParsedQuery } from './query';

type AudienceQuery = Schemas['AudienceQuery'];

/** What each answer reads of Elasticsearch's response (filter_path): the rest is neither sent nor parsed. */
const COUNT_FIELDS = ['took', 'hits.total'];
const BREAKDOWN_FIELDS = ['took', 'hits.total', 'aggregations'];
const SAMPLE_FIELDS = ['took', 'hits.total', 'hits.hits._id', 'hits.hits._source'];

export class AudienceQueries {
  constructor(
    private readonly profiles: ProfilesIndex,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async count(query: AudienceQuery, tenantId: string): Promise<Schemas['CountResult']> {
    const compiled = this.compile(query, tenantId, (q) => ({ where: q.where, breakdowns: [] }), { where: query.where });
    return toCountResult(await this.profiles.query({ ...compiled.body, size: 0 }, COUNT_FIELDS));
  }

  async breakdown(query: AudienceQuery, tenantId: string): Promise<Schemas['BreakdownResult']> {
    if (!query.breakdowns || query.breakdowns.length === 0) {
      throw badRequest('a breakdown needs at least one dimension', [{ location: 'body', pointer: '/breakdowns', detail: 'give 1 to 3 breakdowns, e.g. [{ "field": "ageBand" }]' }]);
    }
    const compiled = this.compile(query, tenantId, (q) => ({ where: q.where, breakdowns: q.breakdowns }), { where: query.where, breakdowns: query.breakdowns });
    return toBreakdownResult(await this.profiles.query({ ...compiled.body, size: 0 }, BREAKDOWN_FIELDS), compiled);
  }

  async sample(query: AudienceQuery, tenantId: string): Promise<Schemas['SampleResult']> {
    if (!query.sample) {
      throw badRequest('a sample needs `sample`', [{ location: 'body', pointer: '/sample', detail: 'give { "size": 1..100, "fields": [...] }' }]);
    }
    const compiled = this.compile(query, tenantId, (q) => ({ where: q.where, breakdowns: [], sample: q.sample }), { where: query.where, sample: query.sample });
    return toSampleResult(await this.profiles.query(compiled.body, SAMPLE_FIELDS), compiled);
  }

  explain(query: AudienceQuery, tenantId: string): Schemas['ExplainResult'] {
    return toExplainResult(this.compile(query, tenantId, (q) => q, query));
  }

  /**
   * The part of `query` an answer needs, compiled: from the parse the body validator already made
   * when `query` is the request body it accepted, else by validating `part` here.
   */
  private compile(query: AudienceQuery, tenantId: string, pick: (parsed: ParsedQuery) => ParsedQuery, part: AudienceQuery): CompiledQuery {
    const parsed = acceptedAudienceQuery(query);
    const context = { tenantId, now: this.clock() };
    return parsed ? compileParsedQuery(pick(parsed), context) : compileQuery(part, context);
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
