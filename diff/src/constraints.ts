/**
 * Validation keywords as limits on accepted values (4.8.24 / JSON Schema Validation §6):
 * for each keyword, did the revision accept fewer values (tightened), more (loosened), or a
 * set that is neither (changed, e.g. a different pattern)? Direction is applied by the caller.
 * @see https://json-schema.org/draft/2020-12/json-schema-validation
 */
import type { Located } from './located';
import { stableStringify } from './canonical';
import { STRUCTURAL_KEYWORDS, type SchemaView } from './schema-view';

export type Outcome = 'tightened' | 'loosened' | 'changed';

export interface ConstraintChange {
  keyword: string;
  outcome: Outcome;
  /** e.g. `decreased from 200 to 100`. */
  detail: string;
  base?: string;
  revision?: string;
}

interface Bound {
  value: number;
  exclusive: boolean;
  keyword: string;
  pointer: string;
}

const UPPER_COUNTS = ['maxLength', 'maxItems', 'maxProperties', 'maxContains'];
const LOWER_COUNTS = ['minLength', 'minItems', 'minProperties', 'minContains'];

export function compareConstraints(base: SchemaView, revision: SchemaView): ConstraintChange[] {
  const out: ConstraintChange[] = [];
  const push = (change: ConstraintChange | undefined) => change && out.push(change);
  for (const keyword of UPPER_COUNTS) {
    push(compareBound(countBound(base, keyword), countBound(revision, keyword), 'upper', pointers(base, revision, keyword)));
  }
  for (const keyword of LOWER_COUNTS) {
    push(compareBound(countBound(base, keyword), countBound(revision, keyword), 'lower', pointers(base, revision, keyword)));
  }
  push(compareBound(numericBound(base, 'upper'), numericBound(revision, 'upper'), 'upper', pointers(base, revision, 'maximum')));
  push(compareBound(numericBound(base, 'lower'), numericBound(revision, 'lower'), 'lower', pointers(base, revision, 'minimum')));
  push(compareMultipleOf(base, revision));
  push(comparePattern(base, revision));
  push(compareUniqueItems(base, revision));
  for (const keyword of STRUCTURAL_KEYWORDS) {
    push(compareStructural(base, revision, keyword));
  }
  return out;
}

function pointers(base: SchemaView, revision: SchemaView, keyword: string): { base: string; revision: string } {
  return { base: base.keywords.get(keyword)?.pointer ?? base.pointer, revision: revision.keywords.get(keyword)?.pointer ?? revision.pointer };
}

function num(located: Located | undefined): number | undefined {
  return typeof located?.node === 'number' ? located.node : undefined;
}

function countBound(view: SchemaView, keyword: string): Bound | undefined {
  const located = view.keywords.get(keyword);
  const value = num(located);
  // A zero lower count (minLength: 0) says nothing.
  return value === undefined || (LOWER_COUNTS.includes(keyword) && value === 0)
    ? undefined
    : { value, exclusive: false, keyword, pointer: located!.pointer };
}

/** maximum/exclusiveMaximum (3.1 number or 3.0 boolean) folded into the strictest bound. */
function numericBound(view: SchemaView, side: 'upper' | 'lower'): Bound | undefined {
  const [inclusiveKw, exclusiveKw] = side === 'upper' ? ['maximum', 'exclusiveMaximum'] : ['minimum', 'exclusiveMinimum'];
  const inclusive = view.keywords.get(inclusiveKw);
  const exclusive = view.keywords.get(exclusiveKw);
  const candidates: Bound[] = [];
  if (typeof inclusive?.node === 'number') {
    candidates.push({ value: inclusive.node, exclusive: exclusive?.node === true, keyword: inclusiveKw, pointer: inclusive.pointer });
  }
  if (typeof exclusive?.node === 'number') {
    candidates.push({ value: exclusive.node, exclusive: true, keyword: exclusiveKw, pointer: exclusive.pointer });
  }
  return candidates.sort((a, b) => stricter(a, b, side))[0];
}

/** Sort comparator putting the stricter bound first. */
function stricter(a: Bound, b: Bound, side: 'upper' | 'lower'): number {
  if (a.value !== b.value) {
    return side === 'upper' ? a.value - b.value : b.value - a.value;
  }
  return Number(b.exclusive) - Number(a.exclusive);
}

function describe(bound: Bound): string {
  return `${bound.keyword} ${bound.value}`;
}

function compareBound(
  base: Bound | undefined,
  revision: Bound | undefined,
  side: 'upper' | 'lower',
  at: { base: string; revision: string },
): ConstraintChange | undefined {
  if (!base && !revision) {
    return undefined;
  }
  const where = { base: base?.pointer ?? at.base, revision: revision?.pointer ?? at.revision };
  if (!base) {
    return { keyword: revision!.keyword, outcome: 'tightened', detail: `${describe(revision!)} was added`, ...where };
  }
  if (!revision) {
    return { keyword: base.keyword, outcome: 'loosened', detail: `${describe(base)} was removed`, ...where };
  }
  const order = stricter(revision, base, side);
  if (order === 0) {
    return undefined;
  }
  const same = revision.keyword === base.keyword;
  const keyword = same ? base.keyword : `${base.keyword}/${revision.keyword}`;
  const detail =
    same && base.value === revision.value
      ? `${keyword} ${base.value} is now ${revision.exclusive ? 'exclusive' : 'inclusive'}`
      : same
        ? `${keyword} changed from ${base.value} to ${revision.value}`
        : `changed from ${describe(base)} to ${describe(revision)}`;
  return { keyword, outcome: order < 0 ? 'tightened' : 'loosened', detail, ...where };
}

function compareMultipleOf(base: SchemaView, revision: SchemaView): ConstraintChange | undefined {
  const b = num(base.keywords.get('multipleOf'));
  const r = num(revision.keywords.get('multipleOf'));
  const where = pointers(base, revision, 'multipleOf');
  if (b === r) {
    return undefined;
  }
  if (b === undefined) {
    return { keyword: 'multipleOf', outcome: 'tightened', detail: `multipleOf ${r} was added`, ...where };
  }
  if (r === undefined) {
    return { keyword: 'multipleOf', outcome: 'loosened', detail: `multipleOf ${b} was removed`, ...where };
  }
  const detail = `multipleOf changed from ${b} to ${r}`;
  const outcome: Outcome = isMultiple(r, b) ? 'tightened' : isMultiple(b, r) ? 'loosened' : 'changed';
  return { keyword: 'multipleOf', outcome, detail, ...where };
}

function isMultiple(value: number, of: number): boolean {
  const ratio = value / of;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9;
}

function comparePattern(base: SchemaView, revision: SchemaView): ConstraintChange | undefined {
  const b = base.keywords.get('pattern')?.node;
  const r = revision.keywords.get('pattern')?.node;
  const where = pointers(base, revision, 'pattern');
  if (b === r) {
    return undefined;
  }
  if (b === undefined) {
    return { keyword: 'pattern', outcome: 'tightened', detail: `pattern ${JSON.stringify(r)} was added`, ...where };
  }
  if (r === undefined) {
    return { keyword: 'pattern', outcome: 'loosened', detail: `pattern ${JSON.stringify(b)} was removed`, ...where };
  }
  // Whether one regular expression accepts a subset of another is not decidable here.
  return { keyword: 'pattern', outcome: 'changed', detail: `pattern changed from ${JSON.stringify(b)} to ${JSON.stringify(r)}`, ...where };
}

function compareUniqueItems(base: SchemaView, revision: SchemaView): ConstraintChange | undefined {
  const b = base.keywords.get('uniqueItems')?.node === true;
  const r = revision.keywords.get('uniqueItems')?.node === true;
  if (b === r) {
    return undefined;
  }
  const where = pointers(base, revision, 'uniqueItems');
  return r
    ? { keyword: 'uniqueItems', outcome: 'tightened', detail: 'uniqueItems was added', ...where }
    : { keyword: 'uniqueItems', outcome: 'loosened', detail: 'uniqueItems was removed', ...where };
}

/**
 * JSON Schema 2020-12 keywords that restrict values in ways not worth modelling one by one
 * (`contains`, `if`/`then`/`else`, `not`, `dependentRequired`, `propertyNames`,
 * `patternProperties`, `unevaluated*`, `content*`): adding one accepts fewer values, removing one
 * more; a change is compared as written and counts as both.
 */
function compareStructural(base: SchemaView, revision: SchemaView, keyword: string): ConstraintChange | undefined {
  const b = base.keywords.get(keyword)?.node;
  const r = revision.keywords.get(keyword)?.node;
  if (stableStringify(b) === stableStringify(r)) {
    return undefined;
  }
  const where = pointers(base, revision, keyword);
  if (b === undefined) {
    return { keyword, outcome: 'tightened', detail: `${keyword} was added`, ...where };
  }
  if (r === undefined) {
    return { keyword, outcome: 'loosened', detail: `${keyword} was removed`, ...where };
  }
  return { keyword, outcome: 'changed', detail: `${keyword} changed`, ...where };
}
