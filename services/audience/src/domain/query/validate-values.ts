/**
 * Value checks for conditions: one value against its field's rule, and the shape each operator
 * wants (nothing, a pair, a list, a day count).
 */
import { QUERY_LIMITS, type FieldSpec, type Operator, type ValueRule } from './field-registry';
import type { Scalar } from './parsed-query';
import { childPointer, show, type Problems } from './problems';

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const DATE_HINT = "a date 'YYYY-MM-DD' or an RFC 3339 date-time such as '2026-01-31T18:00:00Z'";

/** A problem with one value, or undefined when it fits the rule. */
export function checkScalar(rule: ValueRule, value: unknown): string | undefined {
  switch (rule.kind) {
    case 'enum':
      return typeof value === 'string' && rule.values.includes(value) ? undefined : `must be one of ${rule.values.join(', ')}; got ${show(value)}`;
    case 'pattern':
      return typeof value === 'string' && value.length <= QUERY_LIMITS.maxStringLength && rule.pattern.test(value)
        ? undefined
        : `must be ${rule.hint}; got ${show(value)}`;
    case 'number':
      return checkNumber(rule, value);
    case 'date':
      return typeof value === 'string' && isValidDate(value) ? undefined : `must be ${DATE_HINT}; got ${show(value)}`;
  }
}

function checkNumber(rule: { min: number; max: number; integer: boolean }, value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return `must be a number; got ${show(value)}`;
  }
  if (rule.integer && !Number.isInteger(value)) {
    return `must be a whole number; got ${value}`;
  }
  return value < rule.min || value > rule.max ? `must be between ${rule.min} and ${rule.max}; got ${value}` : undefined;
}

function isValidDate(text: string): boolean {
  const match = DATE_PATTERN.exec(text);
  if (!match) {
    return false;
  }
  const [, year, month, day] = match;
  const midnight = new Date(`${year}-${month}-${day}T00:00:00Z`);
  return !Number.isNaN(midnight.getTime()) && midnight.toISOString().slice(0, 10) === `${year}-${month}-${day}` && !Number.isNaN(Date.parse(text));
}

/** Orders two valid values of the same rule (numbers, or dates by instant). */
export function compareScalars(rule: ValueRule, a: Scalar, b: Scalar): number {
  if (rule.kind === 'date') {
    return Date.parse(String(a)) - Date.parse(String(b));
  }
  return Number(a) - Number(b);
}

interface ValueInput {
  field: FieldSpec;
  op: Operator;
  value: unknown;
  /** Pointer of the condition object; the value lives at `${pointer}/value`. */
  pointer: string;
  problems: Problems;
}

/** Checks a condition's value for its operator; returns it when valid. */
export function checkConditionValue(input: ValueInput): Scalar | Scalar[] | undefined {
  const { op, value, pointer, problems } = input;
  const at = childPointer(pointer, 'value');
  if (op === 'exists') {
    if (value !== undefined) {
      problems.add(at, "'exists' takes no value; wrap the condition in 'not' to find members without the field");
    }
    return undefined;
  }
  if (value === undefined) {
    problems.add(pointer, `'${op}' needs a 'value'`);
    return undefined;
  }
  switch (op) {
    case 'withinDays':
      return report(problems, at, checkNumber({ min: 1, max: QUERY_LIMITS.maxWithinDays, integer: true }, value), value as number);
    case 'between':
      return checkPair({ ...input, at });
    case 'in':
    case 'any':
    case 'all':
      return checkList({ ...input, at, max: op === 'all' ? QUERY_LIMITS.maxAllItems : QUERY_LIMITS.maxListItems });
    default:
      return report(problems, at, checkScalar(input.field.value, value), value as Scalar);
  }
}

function report<T>(problems: Problems, at: string, problem: string | undefined, value: T): T | undefined {
  if (problem !== undefined) {
    problems.add(at, problem);
    return undefined;
  }
  return value;
}

function checkPair({ field, value, problems, at }: ValueInput & { at: string }): Scalar[] | undefined {
  if (!Array.isArray(value) || value.length !== 2) {
    problems.add(at, `'between' needs a pair [low, high] (both inclusive); got ${show(value)}`);
    return undefined;
  }
  if (!checkItems(field, value, at, problems)) {
    return undefined;
  }
  const pair = value as Scalar[];
  if (compareScalars(field.value, pair[0]!, pair[1]!) > 0) {
    problems.add(at, `'between' needs low <= high; got ${show(pair)}`);
    return undefined;
  }
  return pair;
}

function checkList({ field, op, value, problems, at, max }: ValueInput & { at: string; max: number }): Scalar[] | undefined {
  if (!Array.isArray(value)) {
    problems.add(at, `'${op}' needs a list of values; got ${show(value)}`);
    return undefined;
  }
  if (value.length === 0 || value.length > max) {
    problems.add(at, `'${op}' needs 1 to ${max} values; got ${value.length}`);
    return undefined;
  }
  return checkItems(field, value, at, problems) ? (value as Scalar[]) : undefined;
}

function checkItems(field: FieldSpec, items: readonly unknown[], at: string, problems: Problems): boolean {
  let ok = true;
  items.forEach((item, i) => {
    const problem = checkScalar(field.value, item);
    if (problem !== undefined) {
      ok = false;
      problems.add(childPointer(at, i), problem);
    }
  });
  return ok;
}
