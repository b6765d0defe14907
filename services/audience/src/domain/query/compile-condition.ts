/**
 * One validated condition -> one Elasticsearch query clause. Only term, terms, range, exists,
 * prefix, bool and nested are ever produced; dates relative to "now" are computed from the
 * `now` passed in, so the same input always gives the same clause.
 */
import type { estypes } from '@elastic/elasticsearch';
import { indexPath, type FieldSpec, type Operator } from './field-registry';
import type { ParsedCondition, Scalar } from './parsed-query';

export type EsQuery = estypes.QueryDslQueryContainer;
type Bounds = Partial<Record<'gte' | 'lte' | 'gt' | 'lt', Scalar>>;

const DAY_MS = 86_400_000;
const FILM_VIEWS = { path: 'filmViews', filmId: 'filmViews.filmId', viewedAt: 'filmViews.viewedAt' } as const;

/** Compiles one condition, evaluated at `now`. */
export function compileCondition(condition: ParsedCondition, now: Date): EsQuery {
  const { field, op, key, value } = condition;
  switch (field.type) {
    case 'age':
      return compileAge(op, value, now);
    case 'filmView': {
      const viewed: EsQuery = { term: { [FILM_VIEWS.filmId]: key as string } };
      const filter = op === 'exists' ? [viewed] : [viewed, compileOnPath({ path: FILM_VIEWS.viewedAt, op, value, now })];
      return { nested: { path: FILM_VIEWS.path, query: { bool: { filter } } } };
    }
    case 'postcode':
      return compileOnPath({ path: field.path, op, value: upperCase(value), now });
    default:
      return compileOnPath({ path: indexPath(field, key), op, value, now });
  }
}

function compileOnPath({ path, op, value, now }: { path: string; op: Operator; value: ParsedCondition['value']; now: Date }): EsQuery {
  switch (op) {
    case 'exists':
      return { exists: { field: path } };
    case 'in':
    case 'any':
      return { terms: { [path]: value as Scalar[] } };
    case 'all':
      return { bool: { filter: (value as Scalar[]).map((v): EsQuery => ({ term: { [path]: v } })) } };
    case 'prefix':
      return { prefix: { [path]: { value: String(value) } } };
    case 'eq':
      return { term: { [path]: value as Scalar } };
    case 'between': {
      const [low, high] = value as [Scalar, Scalar];
      return range(path, { gte: low, lte: high });
    }
    case 'withinDays':
      return range(path, { gte: daysBefore(now, value as number) });
    default:
      return range(path, { [op]: value as Scalar });
  }
}

/**
 * Age is the age reached in `now`'s calendar year (UTC): `year(now) - birthYear`. Each age
 * bound therefore maps to exactly one birth year, and the query stays on the indexed field.
 */
function compileAge(op: Operator, value: ParsedCondition['value'], now: Date): EsQuery {
  const year = now.getUTCFullYear();
  const born = (age: Scalar): number => year - Number(age);
  switch (op) {
    case 'exists':
      return { exists: { field: 'birthYear' } };
    case 'eq':
      return { term: { birthYear: born(value as number) } };
    case 'between': {
      const [youngest, oldest] = value as [number, number];
      return range('birthYear', { gte: born(oldest), lte: born(youngest) });
    }
    case 'gte':
      return range('birthYear', { lte: born(value as number) });
    case 'gt':
      return range('birthYear', { lt: born(value as number) });
    case 'lte':
      return range('birthYear', { gte: born(value as number) });
    default:
      return range('birthYear', { gt: born(value as number) });
  }
}

/** The query for a breakdown range [from, to) on `field`. */
export function compileRangeBucket({ field, key, from, to, now }: { field: FieldSpec; key?: string; from?: Scalar; to?: Scalar; now: Date }): EsQuery {
  if (field.type === 'age') {
    const year = now.getUTCFullYear();
    // age in [from, to)  <=>  birthYear in (year - to, year - from]
    return range('birthYear', { ...(to === undefined ? {} : { gt: year - Number(to) }), ...(from === undefined ? {} : { lte: year - Number(from) }) });
  }
  return range(indexPath(field, key), { ...(from === undefined ? {} : { gte: from }), ...(to === undefined ? {} : { lt: to }) });
}

function range(path: string, bounds: Bounds): EsQuery {
  return { range: { [path]: bounds } };
}

function daysBefore(now: Date, days: number): string {
  return new Date(now.getTime() - days * DAY_MS).toISOString();
}

function upperCase(value: ParsedCondition['value']): ParsedCondition['value'] {
  if (Array.isArray(value)) {
    return value.map((v) => String(v).toUpperCase());
  }
  return value === undefined ? undefined : String(value).toUpperCase();
}
