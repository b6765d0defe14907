/**
 * Elasticsearch responses -> the DSL's result shapes. Pure: percentages are computed here from
 * the counts, against the exact total, so they never depend on the engine's rounding.
 */
import type { estypes } from '@elastic/elasticsearch';
import type { CompiledQuery, SearchBody } from './compile';
import type { FieldName } from './field-registry';
import { isPlainObject } from './problems';

/** The parts of a search response these helpers read. */
export type SearchResponseLike = Pick<estypes.SearchResponse<unknown>, 'took' | 'hits' | 'aggregations'>;

export interface CountResult {
  count: number;
  tookMs: number;
}
export interface BreakdownBucket {
  key: string;
  count: number;
  percentage: number;
}
export interface BreakdownDimension {
  field: FieldName;
  key?: string;
  buckets: BreakdownBucket[];
}
export interface BreakdownResult {
  total: number;
  dimensions: BreakdownDimension[];
}
export interface SampleItem {
  id: string;
  [field: string]: unknown;
}
export interface SampleResult {
  total: number;
  items: SampleItem[];
}
export interface ExplainResult {
  query: SearchBody;
}

/** The exact number of matching members. */
export function totalHits(response: SearchResponseLike): number {
  const total = response.hits.total;
  return typeof total === 'number' ? total : (total?.value ?? 0);
}

export function toCountResult(response: SearchResponseLike): CountResult {
  return { count: totalHits(response), tookMs: response.took };
}

/** Buckets for every breakdown, in the order the query asked for them; percentages of the total, 2 decimals. */
export function toBreakdownResult(response: SearchResponseLike, compiled: CompiledQuery): BreakdownResult {
  const total = totalHits(response);
  const aggregations: Record<string, unknown> = response.aggregations ?? {};
  const percentage = (count: number): number => (total === 0 ? 0 : Math.round((count * 10_000) / total) / 100);
  const dimensions = compiled.dimensions.map((dimension): BreakdownDimension => {
    const counts = dimension.type === 'terms' ? termsCounts(aggregations[dimension.agg]) : rangeCounts(aggregations[dimension.agg], dimension.rangeKeys ?? []);
    return {
      field: dimension.field,
      ...(dimension.key === undefined ? {} : { key: dimension.key }),
      buckets: counts.map(([key, count]) => ({ key, count, percentage: percentage(count) })),
    };
  });
  return { total, dimensions };
}

function termsCounts(aggregate: unknown): [string, number][] {
  const buckets = isPlainObject(aggregate) && Array.isArray(aggregate.buckets) ? (aggregate.buckets as unknown[]) : [];
  return buckets.filter(isPlainObject).map((b) => [String(b.key_as_string ?? b.key), Number(b.doc_count ?? 0)]);
}

function rangeCounts(aggregate: unknown, keys: readonly string[]): [string, number][] {
  const buckets = isPlainObject(aggregate) && isPlainObject(aggregate.buckets) ? aggregate.buckets : {};
  return keys.map((key) => {
    const bucket = buckets[key];
    return [key, isPlainObject(bucket) ? Number(bucket.doc_count ?? 0) : 0];
  });
}

/** The sampled members: the document id plus each requested field (null when the member has none). */
export function toSampleResult(response: SearchResponseLike, compiled: CompiledQuery): SampleResult {
  // No hits: a response filtered to hits.hits._id/_source (filter_path) leaves hits.hits out.
  const items = (response.hits.hits ?? []).map((hit): SampleItem => {
    const item: SampleItem = { id: String(hit._id ?? '') };
    for (const field of compiled.sampleFields) {
      item[field.name] = readPath(hit._source, field.path) ?? null;
    }
    return item;
  });
  return { total: totalHits(response), items };
}

export function toExplainResult(compiled: CompiledQuery): ExplainResult {
  return { query: compiled.body };
}

function readPath(source: unknown, path: string): unknown {
  if (isPlainObject(source) && Object.hasOwn(source, path)) {
    return source[path];
  }
  let node: unknown = source;
  for (const segment of path.split('.')) {
    if (!isPlainObject(node)) {
      return undefined;
    }
    node = node[segment];
  }
  return node;
}
