/**
 * Validates an audience query that arrived as JSON against the field registry. Every problem
 * is collected as a FieldError on the body with the JSON pointer of its culprit, so one 400
 * names them all.
 */
import type { FieldError } from '@marquee/runtime';
import { QUERY_LIMITS, SAMPLE_FIELD_NAMES, SORT_FIELD_NAMES, type FieldSpec } from './field-registry';
import type { ParsedQuery, ParsedSample } from './parsed-query';
import { Problems, childPointer, isPlainObject, rejectUnknownProperties, show } from './problems';
import { parseBreakdowns } from './validate-breakdown';
import { checkField, checkFieldOf, checkKey, parseExpression } from './validate-expression';

const QUERY_PROPERTIES = ['where', 'breakdowns', 'sample'] as const;
const SAMPLE_PROPERTIES = ['size', 'fields', 'sort'] as const;
const SORT_PROPERTIES = ['field', 'key', 'order'] as const;

export type ParseResult = { ok: true; query: ParsedQuery } | { ok: false; errors: FieldError[] };

/** Validates `input` (any JSON) as an AudienceQuery; on success returns its parsed form. */
export function parseAudienceQuery(input: unknown): ParseResult {
  const problems = new Problems();
  if (!isPlainObject(input)) {
    problems.add('', `must be a JSON object {where?, breakdowns?, sample?}; got ${show(input)}`);
    return { ok: false, errors: problems.errors };
  }
  rejectUnknownProperties({ object: input, allowed: QUERY_PROPERTIES, pointer: '', problems });
  const totals = { conditions: 0, listItems: 0 };
  const where = input.where === undefined ? undefined : parseExpression(input.where, '/where', 0, { problems, totals });
  const breakdowns = input.breakdowns === undefined ? [] : parseBreakdowns(input.breakdowns, '/breakdowns', problems);
  const sample = input.sample === undefined ? undefined : parseSample(input.sample, '/sample', problems);
  if (problems.errors.length > 0) {
    return { ok: false, errors: problems.errors };
  }
  return { ok: true, query: { ...(where ? { where } : {}), breakdowns, ...(sample ? { sample } : {}) } };
}

/**
 * The parsed form of every object validateAudienceQuery accepted, by identity: a request body is
 * validated (the router's body validator) and then compiled (the handler), and is not changed in
 * between, so the compiler takes the parse the validator made instead of parsing it again.
 */
const accepted = new WeakMap<object, ParsedQuery>();

/** Every problem with `input` as an AudienceQuery; empty when it is valid. */
export function validateAudienceQuery(input: unknown): FieldError[] {
  const result = parseAudienceQuery(input);
  if (result.ok) {
    accepted.set(input as object, result.query);
    return [];
  }
  return result.errors;
}

/** The parse of `input` if validateAudienceQuery accepted this very object. */
export function acceptedAudienceQuery(input: unknown): ParsedQuery | undefined {
  return typeof input === 'object' && input !== null ? accepted.get(input) : undefined;
}

function parseSample(input: unknown, pointer: string, problems: Problems): ParsedSample | undefined {
  if (!isPlainObject(input)) {
    problems.add(pointer, `must be an object {size, fields, sort?}; got ${show(input)}`);
    return undefined;
  }
  rejectUnknownProperties({ object: input, allowed: SAMPLE_PROPERTIES, pointer, problems });
  const size = input.size;
  const sizeOk = typeof size === 'number' && Number.isInteger(size) && size >= 1 && size <= QUERY_LIMITS.maxSampleSize;
  if (size === undefined) {
    problems.add(pointer, `needs 'size': 1 to ${QUERY_LIMITS.maxSampleSize}`);
  } else if (!sizeOk) {
    problems.add(childPointer(pointer, 'size'), `must be a whole number from 1 to ${QUERY_LIMITS.maxSampleSize}; got ${show(size)}`);
  }
  const fields = parseSampleFields(input.fields, pointer, problems);
  const sort = input.sort === undefined ? undefined : parseSort(input.sort, childPointer(pointer, 'sort'), problems);
  if (!sizeOk || fields === undefined || (input.sort !== undefined && sort === undefined)) {
    return undefined;
  }
  return { size: size as number, fields, ...(sort ? { sort } : {}) };
}

function parseSampleFields(input: unknown, pointer: string, problems: Problems): FieldSpec[] | undefined {
  const at = childPointer(pointer, 'fields');
  if (input === undefined) {
    problems.add(pointer, `needs 'fields': 1 or more of ${SAMPLE_FIELD_NAMES.join(', ')}`);
    return undefined;
  }
  if (!Array.isArray(input) || input.length === 0 || input.length > SAMPLE_FIELD_NAMES.length) {
    problems.add(at, `must be a list of 1 to ${SAMPLE_FIELD_NAMES.length} fields from ${SAMPLE_FIELD_NAMES.join(', ')}; got ${show(input)}`);
    return undefined;
  }
  const fields = input.map((name: unknown, i) => {
    const field = checkField(name, childPointer(at, i), problems);
    if (field && !field.sampleable) {
      problems.add(childPointer(at, i), `'${field.name}' cannot be sampled; sampleable fields: ${SAMPLE_FIELD_NAMES.join(', ')}`);
      return undefined;
    }
    if (field && input.indexOf(name) !== i) {
      problems.add(childPointer(at, i), `'${field.name}' is listed twice`);
      return undefined;
    }
    return field;
  });
  const valid = fields.filter((f): f is FieldSpec => f !== undefined);
  return valid.length === fields.length ? valid : undefined;
}

function parseSort(input: unknown, pointer: string, problems: Problems): ParsedSample['sort'] {
  if (!isPlainObject(input)) {
    problems.add(pointer, `must be an object {field, order}; got ${show(input)}`);
    return undefined;
  }
  rejectUnknownProperties({ object: input, allowed: SORT_PROPERTIES, pointer, problems });
  const field = checkFieldOf(input, pointer, problems);
  let ok = field !== undefined;
  if (field && !field.sortable) {
    problems.add(childPointer(pointer, 'field'), `'${field.name}' cannot be sorted on; sortable fields: ${SORT_FIELD_NAMES.join(', ')}`);
    ok = false;
  }
  if (field && field.sortable && !checkKey({ field, key: input.key, pointer, problems })) {
    ok = false;
  }
  const order = input.order;
  if (order === undefined) {
    problems.add(pointer, "needs 'order': 'asc' or 'desc'");
  } else if (order !== 'asc' && order !== 'desc') {
    problems.add(childPointer(pointer, 'order'), `must be 'asc' or 'desc'; got ${show(order)}`);
  }
  if (!ok || field === undefined || (order !== 'asc' && order !== 'desc')) {
    return undefined;
  }
  const key = input.key as string | undefined;
  return { field, ...(key === undefined ? {} : { key }), order };
}
