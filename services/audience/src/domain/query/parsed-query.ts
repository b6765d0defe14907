/**
 * The validated form of an audience query: what `parseAudienceQuery` returns and the compiler
 * reads. Fields are resolved to their registry specs and values are checked, so the compiler
 * never re-validates and never sees raw request JSON.
 */
import type { FieldSpec, Operator } from './field-registry';

export type Scalar = string | number;

export interface ParsedCondition {
  kind: 'condition';
  field: FieldSpec;
  op: Operator;
  key?: string;
  /** Absent for `exists`; a pair for `between`; a list for `in`/`any`/`all`; a day count for `withinDays`. */
  value?: Scalar | Scalar[];
}

export type ParsedExpression =
  | { kind: 'and'; items: ParsedExpression[] }
  | { kind: 'or'; items: ParsedExpression[] }
  | { kind: 'not'; item: ParsedExpression }
  | ParsedCondition;

export interface ParsedRange {
  from?: Scalar;
  to?: Scalar;
  /** Bucket key: the one given, else `from..to` with `*` for an open end. */
  key: string;
}

export type ParsedBreakdown =
  | { type: 'terms'; field: FieldSpec; key?: string; size: number }
  | { type: 'ranges'; field: FieldSpec; key?: string; ranges: ParsedRange[] };

export interface ParsedSample {
  size: number;
  fields: FieldSpec[];
  sort?: { field: FieldSpec; key?: string; order: 'asc' | 'desc' };
}

export interface ParsedQuery {
  where?: ParsedExpression;
  breakdowns: ParsedBreakdown[];
  sample?: ParsedSample;
}
