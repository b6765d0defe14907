/**
 * Every field the audience query DSL knows: its type, where it lives in the profiles index,
 * which operators it takes, what values are valid, and whether it can be broken down, sampled
 * or sorted on. Validation, compilation, the index mapping and the property tests all read
 * this one table, so adding a field here is the whole change.
 */

/** Genre ids of the catalog; `genreAffinity` has one share per genre. */
export const GENRE_IDS = [
  'action', 'adventure', 'animation', 'biography', 'comedy', 'crime', 'documentary', 'drama', 'family',
  'fantasy', 'horror', 'musical', 'mystery', 'romance', 'science-fiction', 'thriller', 'war', 'western',
] as const;
export type GenreId = (typeof GENRE_IDS)[number];

export const AGE_BANDS = ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;
export const GENDERS = ['female', 'male', 'nonbinary', 'unknown'] as const;
export const MEMBERSHIP_STATUSES = ['active', 'lapsed', 'cancelled'] as const;

export const OPERATORS = ['eq', 'in', 'between', 'gte', 'lte', 'gt', 'lt', 'exists', 'any', 'all', 'withinDays', 'prefix'] as const;
export type Operator = (typeof OPERATORS)[number];

/** How a field is stored and queried; decides value checks and the compiled query. */
export type FieldType = 'keyword' | 'postcode' | 'number' | 'date' | 'age' | 'filmList' | 'filmView' | 'genreShare';

export type BreakdownSupport = 'terms' | 'ranges' | 'both' | 'none';

/** What a single value of the field must look like. */
export type ValueRule =
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'pattern'; pattern: RegExp; hint: string }
  | { kind: 'number'; min: number; max: number; integer: boolean }
  | { kind: 'date' };

export interface KeySpec {
  /** What the key names, for messages. */
  noun: string;
  rule: ValueRule;
}

export interface FieldSpec {
  name: FieldName;
  type: FieldType;
  /** Index path; for keyed fields the key is appended (`genreAffinity.horror`) or matched in the nested doc. */
  path: string;
  ops: readonly Operator[];
  value: ValueRule;
  key?: KeySpec;
  breakdown: BreakdownSupport;
  sampleable: boolean;
  sortable: boolean;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UUID: ValueRule = { kind: 'pattern', pattern: UUID_PATTERN, hint: 'a lowercase UUID' };
const DATE: ValueRule = { kind: 'date' };
const COUNT: ValueRule = { kind: 'number', min: 0, max: 100_000, integer: true };
const MONEY: ValueRule = { kind: 'number', min: 0, max: 10_000_000, integer: false };

const ORDERED_OPS: readonly Operator[] = ['eq', 'in', 'between', 'gte', 'lte', 'gt', 'lt', 'exists'];
const RANGE_OPS: readonly Operator[] = ['between', 'gte', 'lte', 'gt', 'lt', 'exists'];
const DATE_OPS: readonly Operator[] = ['between', 'gte', 'lte', 'gt', 'lt', 'withinDays', 'exists'];
const KEYWORD_OPS: readonly Operator[] = ['eq', 'in', 'exists'];

type Flags = Pick<FieldSpec, 'breakdown' | 'sampleable' | 'sortable'>;
const LISTED: Flags = { breakdown: 'terms', sampleable: true, sortable: true };
const MEASURE: Flags = { breakdown: 'both', sampleable: true, sortable: true };
const MONEY_MEASURE: Flags = { breakdown: 'ranges', sampleable: true, sortable: true };
const DATED: Flags = { breakdown: 'ranges', sampleable: true, sortable: true };

const keyword = <N extends FieldName>(name: N, value: ValueRule, flags: Flags = LISTED): FieldSpec & { name: N } => ({ name, type: 'keyword', path: name, ops: KEYWORD_OPS, value, ...flags });
const count = <N extends FieldName>(name: N): FieldSpec & { name: N } => ({ name, type: 'number', path: name, ops: ORDERED_OPS, value: COUNT, ...MEASURE });
const money = <N extends FieldName>(name: N): FieldSpec & { name: N } => ({ name, type: 'number', path: name, ops: RANGE_OPS, value: MONEY, ...MONEY_MEASURE });
const date = <N extends FieldName>(name: N): FieldSpec & { name: N } => ({ name, type: 'date', path: name, ops: DATE_OPS, value: DATE, ...DATED });

/** Every DSL field name, in the order the spec lists them. */
export const FIELD_NAMES = [
  'age', 'birthYear', 'ageBand', 'gender', 'region', 'postcodePrefix', 'membership.memberSince', 'membership.status',
  'visits.last30d', 'visits.last90d', 'visits.last365d', 'visits.lifetime', 'spend.tickets', 'spend.concessions',
  'spend.avgPerVisit', 'favouriteCinemaId', 'filmsSeen', 'filmViews', 'genreAffinity', 'firstVisit', 'lastVisit',
] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

const FIELD_TABLE: { readonly [N in FieldName]: FieldSpec & { name: N } } = {
  age: {
    name: 'age', type: 'age', path: 'birthYear', ops: ['eq', 'between', 'gte', 'lte', 'gt', 'lt', 'exists'],
    value: { kind: 'number', min: 0, max: 120, integer: true }, breakdown: 'ranges', sampleable: false, sortable: false,
  },
  birthYear: {
    name: 'birthYear', type: 'number', path: 'birthYear', ops: ORDERED_OPS,
    value: { kind: 'number', min: 1900, max: 2100, integer: true }, ...MEASURE,
  },
  ageBand: keyword('ageBand', { kind: 'enum', values: AGE_BANDS }),
  gender: keyword('gender', { kind: 'enum', values: GENDERS }),
  region: keyword('region', { kind: 'pattern', pattern: /^[A-Z]{2}-[A-Z0-9]{1,3}$/, hint: "an ISO 3166-2 code such as 'CA-ON'" }),
  postcodePrefix: {
    name: 'postcodePrefix', type: 'postcode', path: 'postcodePrefix', ops: ['eq', 'in', 'prefix', 'exists'],
    value: { kind: 'pattern', pattern: /^[A-Za-z0-9]{1,8}$/, hint: "1-8 letters or digits such as 'M5V' or '941'" }, ...LISTED,
  },
  'membership.memberSince': date('membership.memberSince'),
  'membership.status': keyword('membership.status', { kind: 'enum', values: MEMBERSHIP_STATUSES }),
  'visits.last30d': count('visits.last30d'),
  'visits.last90d': count('visits.last90d'),
  'visits.last365d': count('visits.last365d'),
  'visits.lifetime': count('visits.lifetime'),
  'spend.tickets': money('spend.tickets'),
  'spend.concessions': money('spend.concessions'),
  'spend.avgPerVisit': money('spend.avgPerVisit'),
  favouriteCinemaId: keyword('favouriteCinemaId', UUID, { breakdown: 'terms', sampleable: true, sortable: false }),
  filmsSeen: {
    name: 'filmsSeen', type: 'filmList', path: 'filmsSeen', ops: ['any', 'all', 'exists'],
    value: UUID, breakdown: 'terms', sampleable: false, sortable: false,
  },
  filmViews: {
    name: 'filmViews', type: 'filmView', path: 'filmViews', ops: DATE_OPS, value: DATE,
    key: { noun: 'film id', rule: UUID }, breakdown: 'none', sampleable: false, sortable: false,
  },
  genreAffinity: {
    name: 'genreAffinity', type: 'genreShare', path: 'genreAffinity', ops: RANGE_OPS,
    value: { kind: 'number', min: 0, max: 1, integer: false },
    key: { noun: 'genre id', rule: { kind: 'enum', values: GENRE_IDS } }, breakdown: 'ranges', sampleable: true, sortable: true,
  },
  firstVisit: date('firstVisit'),
  lastVisit: date('lastVisit'),
};

const FIELD_LIST: readonly FieldSpec[] = FIELD_NAMES.map((name) => FIELD_TABLE[name]);

/** The registry, by DSL field name. */
export const FIELDS: ReadonlyMap<string, FieldSpec> = new Map(FIELD_LIST.map((f) => [f.name, f]));

export const SAMPLE_FIELD_NAMES: readonly FieldName[] = FIELD_LIST.filter((f) => f.sampleable).map((f) => f.name);
export const SORT_FIELD_NAMES: readonly FieldName[] = FIELD_LIST.filter((f) => f.sortable).map((f) => f.name);
export const BREAKDOWN_FIELD_NAMES: readonly FieldName[] = FIELD_LIST.filter((f) => f.breakdown !== 'none').map((f) => f.name);

/** The spec of a DSL field, or undefined when the name is not a known field. */
export function getField(name: string): FieldSpec | undefined {
  return FIELDS.get(name);
}

/** The index path a condition on `field` (with its `key`, if keyed) reads. */
export function indexPath(field: FieldSpec, key?: string): string {
  return field.type === 'genreShare' && key !== undefined ? `${field.path}.${key}` : field.path;
}

export function supportsBreakdown(field: FieldSpec, type: 'terms' | 'ranges'): boolean {
  return field.breakdown === 'both' || field.breakdown === type;
}

/** Limits that keep every compiled request small and bounded. */
export const QUERY_LIMITS = {
  /** Nested groups (and/or/not) allowed around a condition. */
  maxDepth: 5,
  maxGroupItems: 20,
  maxConditions: 100,
  /** Items of one `in` / `any` list. */
  maxListItems: 500,
  /** Items of one `all` list: each becomes its own clause. */
  maxAllItems: 50,
  /** List items over the whole query. */
  maxTotalListItems: 1000,
  maxWithinDays: 36_500,
  maxStringLength: 64,
  maxBreakdowns: 3,
  maxTermsSize: 50,
  defaultTermsSize: 10,
  maxRanges: 20,
  maxSampleSize: 100,
  /** Validation stops collecting after this many problems. */
  maxErrors: 100,
} as const;
