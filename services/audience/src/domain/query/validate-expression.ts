/**
 * Validates the `where` expression tree: groups (and / or / not) and conditions, against the
 * field registry and the nesting and size limits. Every problem is collected with its pointer.
 */
import { FIELD_NAMES, OPERATORS, QUERY_LIMITS, getField, type FieldSpec, type Operator } from './field-registry';
import type { ParsedCondition, ParsedExpression } from './parsed-query';
import { childPointer, isPlainObject, rejectUnknownProperties, show, type Problems } from './problems';
import { checkConditionValue, checkScalar } from './validate-values';

const GROUP_KINDS = ['and', 'or', 'not'] as const;
type GroupKind = (typeof GROUP_KINDS)[number];
const CONDITION_PROPERTIES = ['field', 'op', 'key', 'value'] as const;

/** Running totals over the whole tree. */
export interface ExpressionTotals {
  conditions: number;
  listItems: number;
}

interface Walk {
  problems: Problems;
  totals: ExpressionTotals;
}

/** Validates an expression; `depth` is the number of groups around it. */
export function parseExpression(input: unknown, pointer: string, depth: number, walk: Walk): ParsedExpression | undefined {
  if (!isPlainObject(input)) {
    walk.problems.add(pointer, `must be an object: a condition {field, op, value} or a group {and | or | not}; got ${show(input)}`);
    return undefined;
  }
  const kinds = [...GROUP_KINDS.filter((k) => Object.hasOwn(input, k)), ...(Object.hasOwn(input, 'field') ? ['field'] : [])];
  const [kind, other] = kinds;
  if (kind === undefined) {
    walk.problems.add(pointer, "must have 'field' (a condition) or one of 'and', 'or', 'not' (a group)");
    return undefined;
  }
  if (other !== undefined) {
    walk.problems.add(pointer, `has both '${kind}' and '${other}'; use one per object and nest the other`);
    return undefined;
  }
  if (kind === 'field') {
    return parseCondition(input, pointer, walk);
  }
  if (depth >= QUERY_LIMITS.maxDepth) {
    walk.problems.add(pointer, `nests groups deeper than ${QUERY_LIMITS.maxDepth} levels`);
    return undefined;
  }
  return parseGroup(input, kind as GroupKind, pointer, depth + 1, walk);
}

function parseGroup(input: Record<string, unknown>, kind: GroupKind, pointer: string, depth: number, walk: Walk): ParsedExpression | undefined {
  const { problems } = walk;
  rejectUnknownProperties({ object: input, allowed: [kind], pointer, problems });
  const at = childPointer(pointer, kind);
  const body = input[kind];
  if (kind === 'not') {
    const item = parseExpression(body, at, depth, walk);
    return item && { kind: 'not', item };
  }
  if (!Array.isArray(body)) {
    problems.add(at, `'${kind}' needs a list of expressions; got ${show(body)}`);
    return undefined;
  }
  const sized = body.length > 0 && body.length <= QUERY_LIMITS.maxGroupItems;
  if (!sized) {
    problems.add(at, `'${kind}' needs 1 to ${QUERY_LIMITS.maxGroupItems} expressions; got ${body.length}`);
  }
  const items = body.map((item: unknown, i) => parseExpression(item, childPointer(at, i), depth, walk));
  const valid = items.filter((item): item is ParsedExpression => item !== undefined);
  return sized && valid.length === items.length ? { kind, items: valid } : undefined;
}

function parseCondition(input: Record<string, unknown>, pointer: string, walk: Walk): ParsedCondition | undefined {
  const { problems, totals } = walk;
  totals.conditions += 1;
  if (totals.conditions === QUERY_LIMITS.maxConditions + 1) {
    problems.add(pointer, `is condition ${totals.conditions}; a query may have at most ${QUERY_LIMITS.maxConditions}`);
  }
  rejectUnknownProperties({ object: input, allowed: CONDITION_PROPERTIES, pointer, problems });
  const field = checkFieldOf(input, pointer, problems);
  const op = checkOperator(input, pointer, field, problems);
  const keyOk = field === undefined || checkKey({ field, key: input.key, pointer, problems });
  if (field === undefined || op === undefined) {
    return undefined;
  }
  const value = checkConditionValue({ field, op, value: input.value, pointer, problems });
  if (Array.isArray(value)) {
    totals.listItems += value.length;
    if (totals.listItems > QUERY_LIMITS.maxTotalListItems) {
      problems.add(childPointer(pointer, 'value'), `brings the query's list values to ${totals.listItems}; at most ${QUERY_LIMITS.maxTotalListItems}`);
    }
  }
  if (!keyOk || (value === undefined && op !== 'exists')) {
    return undefined;
  }
  const key = input.key as string | undefined;
  return { kind: 'condition', field, op, ...(key === undefined ? {} : { key }), ...(value === undefined ? {} : { value }) };
}

/** Resolves `object.field`; reports a missing field at `pointer`, an unknown one at its own pointer. */
export function checkFieldOf(object: Record<string, unknown>, pointer: string, problems: Problems): FieldSpec | undefined {
  if (object.field === undefined) {
    problems.add(pointer, `needs a 'field': one of ${FIELD_NAMES.join(', ')}`);
    return undefined;
  }
  return checkField(object.field, childPointer(pointer, 'field'), problems);
}

/** Resolves a field name; reports unknown names at `at`. */
export function checkField(name: unknown, at: string, problems: Problems): FieldSpec | undefined {
  const field = typeof name === 'string' ? getField(name) : undefined;
  if (field === undefined) {
    problems.add(at, `unknown field ${show(name)}; known fields: ${FIELD_NAMES.join(', ')}`);
  }
  return field;
}

function checkOperator(input: Record<string, unknown>, pointer: string, field: FieldSpec | undefined, problems: Problems): Operator | undefined {
  const op = input.op;
  if (op === undefined) {
    problems.add(pointer, `needs an 'op'${field ? `; '${field.name}' takes ${field.ops.join(', ')}` : ''}`);
    return undefined;
  }
  if (typeof op !== 'string' || !(OPERATORS as readonly string[]).includes(op)) {
    problems.add(childPointer(pointer, 'op'), `unknown operator ${show(op)}; operators: ${OPERATORS.join(', ')}`);
    return undefined;
  }
  if (field && !field.ops.includes(op as Operator)) {
    problems.add(childPointer(pointer, 'op'), `'${op}' does not apply to '${field.name}' (${field.type}); use one of ${field.ops.join(', ')}`);
    return undefined;
  }
  return op as Operator;
}

/** Checks `key` on a field (required on keyed fields, refused elsewhere); true when fine. */
export function checkKey({ field, key, pointer, problems }: { field: FieldSpec; key: unknown; pointer: string; problems: Problems }): boolean {
  if (field.key === undefined) {
    if (key !== undefined) {
      problems.add(childPointer(pointer, 'key'), `'${field.name}' takes no key`);
    }
    return key === undefined;
  }
  if (key === undefined) {
    const rule = field.key.rule;
    problems.add(pointer, `'${field.name}' needs a 'key': the ${field.key.noun}, ${rule.kind === 'enum' ? `one of ${rule.values.join(', ')}` : rule.kind === 'pattern' ? rule.hint : rule.kind}`);
    return false;
  }
  const problem = checkScalar(field.key.rule, key);
  if (problem !== undefined) {
    problems.add(childPointer(pointer, 'key'), `the ${field.key.noun} ${problem}`);
  }
  return problem === undefined;
}
