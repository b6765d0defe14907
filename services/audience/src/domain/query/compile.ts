/**
 * Audience query -> one Elasticsearch search body that answers the count (exact total hits),
 * every breakdown (one aggregation each) and the sample (bounded hits). Pure and
 * deterministic: the same query, tenant and `now` always give the same body. Every body is
 * scoped to the tenant by a term filter that user input cannot remove.
 */
import { badRequest } from '@marquee/runtime';
import type { estypes } from '@elastic/elasticsearch';
import { indexPath, type FieldName } from './field-registry';
import type { ParsedBreakdown, ParsedExpression, ParsedQuery, ParsedSample } from './parsed-query';
import { compileCondition, compileRangeBucket, type EsQuery } from './compile-condition';
import { parseAudienceQuery } from './validate';

export interface CompileContext {
  /** The caller's tenant; every query is filtered to it. */
  tenantId: string;
  /** The instant relative dates (age, withinDays) are computed from. */
  now: Date;
}

export type SearchBody = Pick<estypes.SearchRequest, 'query' | 'size' | 'track_total_hits' | 'aggs' | '_source' | 'sort'>;

/** How to read one breakdown back out of the response. */
export interface CompiledDimension {
  agg: string;
  field: FieldName;
  key?: string;
  type: 'terms' | 'ranges';
  /** Range keys in the order the query listed them. */
  rangeKeys?: string[];
}

export interface CompiledQuery {
  /** The search request body (without the index). */
  body: SearchBody;
  dimensions: CompiledDimension[];
  /** Sampled fields: DSL name and the _source path holding the value. */
  sampleFields: { name: FieldName; path: string }[];
}

export const TENANT_FIELD = 'tenantId';
/** Sample tie-breaker, so the same query returns the same members. */
export const MEMBER_ID_FIELD = 'memberId';

/** Validates and compiles an audience query; invalid input throws a 400 naming every culprit. */
export function compileQuery(input: unknown, context: CompileContext): CompiledQuery {
  const parsed = parseAudienceQuery(input);
  if (!parsed.ok) {
    throw badRequest(`${parsed.errors.length} problem(s) with the audience query`, parsed.errors);
  }
  return compileParsedQuery(parsed.query, context);
}

/** Compiles an already validated query. */
export function compileParsedQuery(query: ParsedQuery, context: CompileContext): CompiledQuery {
  assertContext(context);
  const body: SearchBody = {
    query: compileFilter(query.where, context),
    size: query.sample?.size ?? 0,
    track_total_hits: true,
  };
  if (query.breakdowns.length > 0) {
    body.aggs = Object.fromEntries(query.breakdowns.map((b, i) => [aggName(i), compileBreakdown(b, context.now)]));
  }
  if (query.sample) {
    body._source = { includes: query.sample.fields.map((f) => f.path) };
    body.sort = compileSort(query.sample);
  }
  return {
    body,
    dimensions: query.breakdowns.map((b, i) => describeDimension(b, i)),
    sampleFields: (query.sample?.fields ?? []).map((f) => ({ name: f.name, path: f.path })),
  };
}

/** The tenant-scoped filter for a `where` expression (all of the tenant's members when absent). */
export function compileFilter(where: ParsedExpression | undefined, context: CompileContext): EsQuery {
  const tenant: EsQuery = { term: { [TENANT_FIELD]: context.tenantId } };
  const clauses = where === undefined ? [] : where.kind === 'and' ? where.items : [where];
  return { bool: { filter: [tenant, ...clauses.map((c) => compileExpression(c, context.now))] } };
}

function compileExpression(expression: ParsedExpression, now: Date): EsQuery {
  switch (expression.kind) {
    case 'condition':
      return compileCondition(expression, now);
    case 'not':
      return { bool: { must_not: [compileExpression(expression.item, now)] } };
    case 'and':
    case 'or': {
      const [only] = expression.items;
      if (expression.items.length === 1 && only !== undefined) {
        return compileExpression(only, now);
      }
      const items = expression.items.map((item) => compileExpression(item, now));
      return expression.kind === 'and' ? { bool: { filter: items } } : { bool: { should: items, minimum_should_match: 1 } };
    }
  }
}

function aggName(index: number): string {
  return `b${index}`;
}

function compileBreakdown(breakdown: ParsedBreakdown, now: Date): estypes.AggregationsAggregationContainer {
  if (breakdown.type === 'terms') {
    return { terms: { field: indexPath(breakdown.field, breakdown.key), size: breakdown.size } };
  }
  const { field, key } = breakdown;
  const filters = Object.fromEntries(
    breakdown.ranges.map((r) => [r.key, compileRangeBucket({ field, now, ...(key === undefined ? {} : { key }), ...pick(r) })]),
  );
  return { filters: { filters } };
}

function pick(range: { from?: string | number; to?: string | number }): { from?: string | number; to?: string | number } {
  return { ...(range.from === undefined ? {} : { from: range.from }), ...(range.to === undefined ? {} : { to: range.to }) };
}

function describeDimension(breakdown: ParsedBreakdown, index: number): CompiledDimension {
  return {
    agg: aggName(index),
    field: breakdown.field.name,
    ...(breakdown.key === undefined ? {} : { key: breakdown.key }),
    type: breakdown.type,
    ...(breakdown.type === 'ranges' ? { rangeKeys: breakdown.ranges.map((r) => r.key) } : {}),
  };
}

function compileSort(sample: ParsedSample): estypes.SortCombinations[] {
  const tieBreak: estypes.SortCombinations = { [MEMBER_ID_FIELD]: { order: 'asc' } };
  if (!sample.sort) {
    return [tieBreak];
  }
  return [{ [indexPath(sample.sort.field, sample.sort.key)]: { order: sample.sort.order } }, tieBreak];
}

function assertContext(context: CompileContext): void {
  if (typeof context.tenantId !== 'string' || context.tenantId === '') {
    throw new Error('compileQuery needs a tenantId');
  }
  if (!(context.now instanceof Date) || Number.isNaN(context.now.getTime())) {
    throw new Error('compileQuery needs a valid `now`');
  }
}
