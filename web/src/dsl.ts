/**
 * The query being built, as an editable tree, and its translation to the audience DSL
 * (the generated `Expression` type) with the JSON pointer of every node, so a problem the
 * API reports at `/where/and/1/value` lands on the second condition's value input.
 * Which fields, operators, values and keys exist comes from the spec (`virtual:contracts`).
 */
import type { Schemas } from '@marquee/audience-sdk';
import { queryFields } from 'virtual:contracts';

export type Expression = Schemas['Expression'];
export type Condition = Schemas['Condition'];
export type FieldName = Schemas['QueryField'];
export type Operator = Schemas['QueryOperator'];
type Value = NonNullable<Condition['value']>;

export const FIELDS = queryFields;
export const FIELD_NAMES = Object.keys(FIELDS) as FieldName[];

export interface ConditionNode {
  kind: 'condition';
  id: string;
  negate: boolean;
  field: FieldName;
  op: Operator;
  key: string;
  /** As typed: one value, a comma-separated list (in, any, all) or the low end (between). */
  value: string;
  /** The high end of `between`. */
  value2: string;
}

export interface GroupNode {
  kind: 'group';
  id: string;
  negate: boolean;
  combinator: 'and' | 'or';
  children: QueryNode[];
}

export type QueryNode = ConditionNode | GroupNode;

let nextId = 0;
const newId = (): string => `n${++nextId}`;

export function newCondition(field: FieldName = FIELD_NAMES[0]!): ConditionNode {
  const info = FIELDS[field];
  return { kind: 'condition', id: newId(), negate: false, field, op: info.ops[0]!, key: info.key?.enum?.[0] ?? '', value: '', value2: '' };
}

export function newGroup(children: QueryNode[] = [], combinator: 'and' | 'or' = 'and'): GroupNode {
  return { kind: 'group', id: newId(), negate: false, combinator, children };
}

/** A field change keeps what still fits: the operator if the new field takes it, else its first. */
export function withField(node: ConditionNode, field: FieldName): ConditionNode {
  const info = FIELDS[field];
  return { ...node, field, op: info.ops.includes(node.op) ? node.op : info.ops[0]!, key: info.key ? (info.key.enum?.[0] ?? '') : '', value: '', value2: '' };
}

export const isList = (op: Operator): boolean => op === 'in' || op === 'any' || op === 'all';

/** A typed value as the DSL wants it: numbers for numeric fields when they parse, else the text (the API names what is wrong). */
function scalar(node: ConditionNode, text: string): string | number {
  const t = text.trim();
  const numeric = node.op === 'withinDays' || FIELDS[node.field].type === 'integer' || FIELDS[node.field].type === 'number';
  return numeric && t !== '' && !Number.isNaN(Number(t)) ? Number(t) : t;
}

function conditionOf(node: ConditionNode): Condition {
  const condition: Condition = { field: node.field, op: node.op };
  if (FIELDS[node.field].key) condition.key = node.key;
  if (node.op === 'exists') return condition;
  let value: Value;
  if (node.op === 'between') value = [scalar(node, node.value), scalar(node, node.value2)];
  else if (isList(node.op)) value = node.value.split(',').map((v) => v.trim()).filter((v) => v !== '').map((v) => scalar(node, v));
  else value = scalar(node, node.value);
  return { ...condition, value };
}

/**
 * Whether a node takes part in the query: a condition once its value is typed (exists needs
 * none, between both ends), a group once one of its children does. What is still being typed
 * is left out, so the live count follows finished conditions only.
 */
export function complete(node: QueryNode): boolean {
  if (node.kind === 'group') return node.children.some(complete);
  if (node.op === 'exists') return true;
  if (node.op === 'between') return node.value.trim() !== '' && node.value2.trim() !== '';
  return node.value.trim() !== '';
}

export interface Compiled {
  where: Expression | undefined;
  /** Node id by the JSON pointer of its expression (after any `not`). */
  pointers: Map<string, string>;
}

/** The tree as the DSL; `base` is where `where` sits in the request body (`/where`, `/query/where`). An empty root means every member. */
export function compile(root: GroupNode, base: string): Compiled {
  const pointers = new Map<string, string>();
  const walk = (node: QueryNode, at: string): Expression => {
    if (node.negate) return { not: walk({ ...node, negate: false }, `${at}/not`) };
    pointers.set(at, node.id);
    if (node.kind === 'condition') return conditionOf(node);
    const items = node.children.filter(complete).map((child, i) => walk(child, `${at}/${node.combinator}/${i}`));
    return node.combinator === 'and' ? { and: items } : { or: items };
  };
  const where = complete(root) ? walk(root, base) : undefined;
  return { where, pointers };
}

function text(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

/** A saved query back into an editable tree (the root is always a group). */
export function decompile(where: Expression | undefined): GroupNode {
  const walk = (e: Expression): QueryNode => {
    if ('not' in e) {
      const inner = walk(e.not);
      return inner.negate ? { ...newGroup([inner]), negate: true } : { ...inner, negate: true };
    }
    if ('and' in e) return newGroup(e.and.map(walk), 'and');
    if ('or' in e) return newGroup(e.or.map(walk), 'or');
    const v = e.value;
    const node: ConditionNode = { kind: 'condition', id: newId(), negate: false, field: e.field, op: e.op, key: e.key ?? '', value: '', value2: '' };
    if (Array.isArray(v) && e.op === 'between') return { ...node, value: text(v[0]), value2: text(v[1]) };
    if (Array.isArray(v)) return { ...node, value: v.map(text).join(', ') };
    return { ...node, value: text(v) };
  };
  if (!where) return newGroup();
  const root = walk(where);
  return root.kind === 'group' ? root : newGroup([root]);
}

/** Replaces the node with `id` (or removes it when `next` is null) anywhere in the tree. */
export function update(root: GroupNode, id: string, next: QueryNode | null): GroupNode {
  const visit = (node: QueryNode): QueryNode | null => {
    if (node.id === id) return next;
    if (node.kind === 'condition') return node;
    return { ...node, children: node.children.map(visit).filter((n): n is QueryNode => n !== null) };
  };
  return visit(root) as GroupNode;
}
