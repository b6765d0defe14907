/**
 * Validates `breakdowns`: each names a field that can be broken down, by terms (top values,
 * bounded size) or by ranges (half-open [from, to), bounded count, unique keys).
 */
import { QUERY_LIMITS, supportsBreakdown, type FieldSpec } from './field-registry';
import type { ParsedBreakdown, ParsedRange, Scalar } from './parsed-query';
import { childPointer, isPlainObject, rejectUnknownProperties, show, type Problems } from './problems';
import { checkFieldOf, checkKey } from './validate-expression';
import { checkScalar, compareScalars } from './validate-values';

const BREAKDOWN_PROPERTIES = ['field', 'key', 'type', 'size', 'ranges'] as const;
const RANGE_PROPERTIES = ['from', 'to', 'key'] as const;

/** Validates the `breakdowns` list at `pointer`. */
export function parseBreakdowns(input: unknown, pointer: string, problems: Problems): ParsedBreakdown[] {
  if (!Array.isArray(input)) {
    problems.add(pointer, `must be a list of breakdowns; got ${show(input)}`);
    return [];
  }
  if (input.length > QUERY_LIMITS.maxBreakdowns) {
    problems.add(pointer, `has ${input.length} breakdowns; at most ${QUERY_LIMITS.maxBreakdowns}`);
  }
  return input
    .map((item: unknown, i) => parseBreakdown(item, childPointer(pointer, i), problems))
    .filter((b): b is ParsedBreakdown => b !== undefined);
}

function parseBreakdown(input: unknown, pointer: string, problems: Problems): ParsedBreakdown | undefined {
  if (!isPlainObject(input)) {
    problems.add(pointer, `must be an object {field, type?, size?, ranges?}; got ${show(input)}`);
    return undefined;
  }
  rejectUnknownProperties({ object: input, allowed: BREAKDOWN_PROPERTIES, pointer, problems });
  const field = checkFieldOf(input, pointer, problems);
  if (field === undefined) {
    return undefined;
  }
  if (field.breakdown === 'none') {
    problems.add(childPointer(pointer, 'field'), `'${field.name}' cannot be broken down`);
    return undefined;
  }
  const keyOk = checkKey({ field, key: input.key, pointer, problems });
  const type = checkType(input, field, pointer, problems);
  if (type === undefined) {
    return undefined;
  }
  const key = keyOk ? (input.key as string | undefined) : undefined;
  const keyPart = key === undefined ? {} : { key };
  if (type === 'terms') {
    const size = checkTermsSize(input, pointer, problems);
    return size !== undefined && keyOk ? { type, field, ...keyPart, size } : undefined;
  }
  const ranges = checkRanges(input, field, pointer, problems);
  return ranges !== undefined && keyOk ? { type, field, ...keyPart, ranges } : undefined;
}

function checkType(input: Record<string, unknown>, field: FieldSpec, pointer: string, problems: Problems): 'terms' | 'ranges' | undefined {
  const given = input.type;
  if (given !== undefined && given !== 'terms' && given !== 'ranges') {
    problems.add(childPointer(pointer, 'type'), `must be 'terms' or 'ranges'; got ${show(given)}`);
    return undefined;
  }
  const type = given ?? (input.ranges !== undefined || !supportsBreakdown(field, 'terms') ? 'ranges' : 'terms');
  if (!supportsBreakdown(field, type)) {
    const at = childPointer(pointer, given !== undefined ? 'type' : input.ranges !== undefined ? 'ranges' : 'field');
    problems.add(at, `'${field.name}' cannot be broken down by ${type}; it supports ${field.breakdown === 'both' ? 'terms and ranges' : field.breakdown}`);
    return undefined;
  }
  return type;
}

function checkTermsSize(input: Record<string, unknown>, pointer: string, problems: Problems): number | undefined {
  if (input.ranges !== undefined) {
    problems.add(childPointer(pointer, 'ranges'), "'ranges' applies to ranges breakdowns only");
    return undefined;
  }
  const size = input.size ?? QUERY_LIMITS.defaultTermsSize;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > QUERY_LIMITS.maxTermsSize) {
    problems.add(childPointer(pointer, 'size'), `must be a whole number from 1 to ${QUERY_LIMITS.maxTermsSize}; got ${show(size)}`);
    return undefined;
  }
  return size;
}

function checkRanges(input: Record<string, unknown>, field: FieldSpec, pointer: string, problems: Problems): ParsedRange[] | undefined {
  if (input.size !== undefined) {
    problems.add(childPointer(pointer, 'size'), "'size' applies to terms breakdowns only");
  }
  const at = childPointer(pointer, 'ranges');
  const ranges = input.ranges;
  if (ranges === undefined) {
    problems.add(pointer, `a ranges breakdown needs 'ranges': 1 to ${QUERY_LIMITS.maxRanges} of {from?, to?, key?}`);
    return undefined;
  }
  if (!Array.isArray(ranges) || ranges.length === 0 || ranges.length > QUERY_LIMITS.maxRanges) {
    problems.add(at, `must be a list of 1 to ${QUERY_LIMITS.maxRanges} ranges; got ${Array.isArray(ranges) ? ranges.length : show(ranges)}`);
    return undefined;
  }
  const parsed = ranges.map((range: unknown, i) => checkRange(range, field, childPointer(at, i), problems));
  const seen = new Map<string, number>();
  parsed.forEach((range, i) => {
    const first = range === undefined ? undefined : seen.get(range.key);
    if (range !== undefined && first !== undefined) {
      problems.add(childPointer(at, i), `has the same key '${range.key}' as range ${first}; give each range its own key`);
    } else if (range !== undefined) {
      seen.set(range.key, i);
    }
  });
  const valid = parsed.filter((r): r is ParsedRange => r !== undefined);
  return valid.length === parsed.length && seen.size === valid.length && input.size === undefined ? valid : undefined;
}

function checkRange(input: unknown, field: FieldSpec, pointer: string, problems: Problems): ParsedRange | undefined {
  if (!isPlainObject(input) || (input.from === undefined && input.to === undefined)) {
    problems.add(pointer, `must be an object with 'from', 'to' or both (from inclusive, to exclusive); got ${show(input)}`);
    return undefined;
  }
  rejectUnknownProperties({ object: input, allowed: RANGE_PROPERTIES, pointer, problems });
  let ok = true;
  for (const end of ['from', 'to'] as const) {
    const problem = input[end] === undefined ? undefined : checkScalar(field.value, input[end]);
    if (problem !== undefined) {
      problems.add(childPointer(pointer, end), problem);
      ok = false;
    }
  }
  const from = input.from as Scalar | undefined;
  const to = input.to as Scalar | undefined;
  if (ok && from !== undefined && to !== undefined && compareScalars(field.value, from, to) >= 0) {
    problems.add(pointer, `'from' must be less than 'to'; got ${show(from)} and ${show(to)}`);
    ok = false;
  }
  const key = input.key;
  if (key !== undefined && (typeof key !== 'string' || key.length === 0 || key.length > QUERY_LIMITS.maxStringLength)) {
    problems.add(childPointer(pointer, 'key'), `must be a string of 1 to ${QUERY_LIMITS.maxStringLength} characters; got ${show(key)}`);
    ok = false;
  }
  if (!ok) {
    return undefined;
  }
  const range: ParsedRange = { key: typeof key === 'string' ? key : `${from ?? '*'}..${to ?? '*'}` };
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }), ...range };
}
