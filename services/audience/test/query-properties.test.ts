/**
 * Property tests built from the field registry: every valid query compiles to a bounded,
 * tenant-scoped body with no dangerous query types; every invalid mutation is refused with a
 * pointer into the input; arbitrary JSON never makes validation throw.
 */
import fc from 'fast-check';
import {
  FIELD_NAMES,
  OPERATORS,
  QUERY_LIMITS,
  SAMPLE_FIELD_NAMES,
  SORT_FIELD_NAMES,
  compileQuery,
  getField,
  validateAudienceQuery,
  type FieldSpec,
  type Operator,
  type ValueRule,
} from '../src/domain/query';

const TENANT = 'a3c9b1e2-7d4f-4e8a-9b0c-1d2e3f4a5b6c';
const NOW = new Date('2026-06-15T12:00:00Z');
const FORBIDDEN_KEYS = new Set(['script', 'wildcard', 'regexp', 'query_string', 'simple_query_string', 'script_score', 'function_score', 'fuzzy', 'runtime_mappings', 'scripted_metric']);
/** The tenant bool, five groups, and one bool inside a condition (all-list or nested film view). */
const MAX_BOOL_DEPTH = 1 + QUERY_LIMITS.maxDepth + 1;

type Json = unknown;
const FIELDS = FIELD_NAMES.map((name) => getField(name) as FieldSpec);

// ---------------------------------------------------------------- arbitraries from the registry

const dateArb = fc
  .date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .chain((d) => fc.constantFrom(d.toISOString(), d.toISOString().slice(0, 10)));

const scalarCache = new Map<ValueRule, fc.Arbitrary<string | number>>();
/** Built once per rule: fc.stringMatching compiles its regex on construction. */
function scalarArb(rule: ValueRule): fc.Arbitrary<string | number> {
  const cached = scalarCache.get(rule) ?? buildScalarArb(rule);
  scalarCache.set(rule, cached);
  return cached;
}

function buildScalarArb(rule: ValueRule): fc.Arbitrary<string | number> {
  switch (rule.kind) {
    case 'enum':
      return fc.constantFrom(...rule.values);
    case 'pattern':
      return fc.stringMatching(rule.pattern);
    case 'number':
      return rule.integer ? fc.integer({ min: rule.min, max: rule.max }) : fc.double({ min: rule.min, max: rule.max, noNaN: true });
    case 'date':
      return dateArb;
  }
}

const order = (rule: ValueRule) => (a: string | number, b: string | number): number =>
  rule.kind === 'date' ? Date.parse(String(a)) - Date.parse(String(b)) : Number(a) - Number(b);

function valueArb(field: FieldSpec, op: Operator): fc.Arbitrary<Json> {
  const scalar = scalarArb(field.value);
  switch (op) {
    case 'exists':
      return fc.constant(undefined);
    case 'withinDays':
      return fc.integer({ min: 1, max: QUERY_LIMITS.maxWithinDays });
    case 'between':
      return fc.tuple(scalar, scalar).map((pair) => [...pair].sort(order(field.value)));
    case 'in':
    case 'any':
      return fc.array(scalar, { minLength: 1, maxLength: 8 });
    case 'all':
      return fc.array(scalar, { minLength: 1, maxLength: 5 });
    default:
      return scalar;
  }
}

const keyArb = (field: FieldSpec): fc.Arbitrary<string | undefined> => (field.key ? (scalarArb(field.key.rule) as fc.Arbitrary<string>) : fc.constant(undefined));

const conditionArb: fc.Arbitrary<Json> = fc.oneof(
  ...FIELDS.flatMap((field) =>
    field.ops.map((op) =>
      fc.tuple(keyArb(field), valueArb(field, op)).map(([key, value]) => ({ field: field.name, op, ...(key === undefined ? {} : { key }), ...(value === undefined ? {} : { value }) })),
    ),
  ),
);

function expressionArb(groupsLeft: number): fc.Arbitrary<Json> {
  if (groupsLeft === 0) {
    return conditionArb;
  }
  const child = expressionArb(groupsLeft - 1);
  const list = fc.array(child, { minLength: 1, maxLength: 3 });
  return fc.oneof(
    { weight: 2, arbitrary: conditionArb },
    { weight: 1, arbitrary: list.map((and) => ({ and })) },
    { weight: 1, arbitrary: list.map((or) => ({ or })) },
    { weight: 1, arbitrary: child.map((not) => ({ not })) },
  );
}

function rangesArb(field: FieldSpec): fc.Arbitrary<Json[]> {
  const compare = order(field.value);
  return fc
    .tuple(fc.uniqueArray(scalarArb(field.value), { minLength: 2, maxLength: 6, selector: (v) => (field.value.kind === 'date' ? Date.parse(String(v)) : v) }), fc.boolean(), fc.boolean())
    .map(([values, openLow, openHigh]) => {
      const sorted = [...values].sort(compare);
      const ranges: Json[] = sorted.slice(1).map((to, i) => ({ from: sorted[i], to }));
      return [...(openLow ? [{ to: sorted[0] }] : []), ...ranges, ...(openHigh ? [{ from: sorted.at(-1) }] : [])];
    });
}

const breakdownArb: fc.Arbitrary<Json> = fc.oneof(
  ...FIELDS.filter((f) => f.breakdown === 'terms' || f.breakdown === 'both').map((field) =>
    fc.option(fc.integer({ min: 1, max: QUERY_LIMITS.maxTermsSize }), { nil: undefined }).map((size) => ({ field: field.name, ...(size === undefined ? {} : { size }) })),
  ),
  ...FIELDS.filter((f) => f.breakdown === 'ranges' || f.breakdown === 'both').map((field) =>
    fc.tuple(keyArb(field), rangesArb(field)).map(([key, ranges]) => ({ field: field.name, ...(key === undefined ? {} : { key }), type: 'ranges', ranges })),
  ),
);

const sortArb: fc.Arbitrary<Json> = fc.oneof(
  ...SORT_FIELD_NAMES.map((name) =>
    fc.tuple(keyArb(getField(name) as FieldSpec), fc.constantFrom('asc', 'desc')).map(([key, o]) => ({ field: name, ...(key === undefined ? {} : { key }), order: o })),
  ),
);

const sampleArb: fc.Arbitrary<Json> = fc.record(
  { size: fc.integer({ min: 1, max: QUERY_LIMITS.maxSampleSize }), fields: fc.uniqueArray(fc.constantFrom(...SAMPLE_FIELD_NAMES), { minLength: 1, maxLength: 5 }), sort: sortArb },
  { requiredKeys: ['size', 'fields'] },
);

const countConditions = (node: Json): number =>
  Array.isArray(node) ? node.reduce((n: number, item) => n + countConditions(item), 0) : isObject(node) ? ('field' in node ? 1 : Object.values(node).reduce((n: number, v) => n + countConditions(v), 0)) : 0;

const whereArb = expressionArb(QUERY_LIMITS.maxDepth).filter((where) => countConditions(where) <= QUERY_LIMITS.maxConditions);

const validQueryArb: fc.Arbitrary<Record<string, Json>> = fc.record(
  { where: whereArb, breakdowns: fc.array(breakdownArb, { maxLength: QUERY_LIMITS.maxBreakdowns }), sample: sampleArb },
  { requiredKeys: [] },
);

// ---------------------------------------------------------------- helpers over JSON

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Calls `visit(key, value, boolDepth)` on every property of the tree. */
function walk(node: Json, visit: (key: string, value: Json, boolDepth: number) => void, boolDepth = 0): void {
  if (Array.isArray(node)) {
    node.forEach((item) => walk(item, visit, boolDepth));
  } else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      const depth = key === 'bool' ? boolDepth + 1 : boolDepth;
      visit(key, value, depth);
      walk(value, visit, depth);
    }
  }
}

function resolves(root: Json, pointer: string): boolean {
  if (pointer === '') {
    return true;
  }
  let node = root;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node) && /^(0|[1-9]\d*)$/.test(token) && Number(token) < node.length) {
      node = node[Number(token)];
    } else if (isObject(node) && Object.hasOwn(node, token)) {
      node = node[token];
    } else {
      return false;
    }
  }
  return pointer.startsWith('/');
}

/** Pointers of every condition object under `node`. */
function conditionPointers(node: Json, pointer: string): string[] {
  if (Array.isArray(node)) {
    return node.flatMap((item, i) => conditionPointers(item, `${pointer}/${i}`));
  }
  if (!isObject(node)) {
    return [];
  }
  return 'field' in node ? [pointer] : Object.entries(node).flatMap(([k, v]) => conditionPointers(v, `${pointer}/${k}`));
}

function replaceAt(root: Record<string, Json>, pointer: string, replace: (old: Record<string, Json>) => Json): Record<string, Json> {
  const copy = structuredClone(root);
  const tokens = pointer.slice(1).split('/');
  const last = tokens.pop() as string;
  const parent = tokens.reduce<Json>((node, t) => (node as Record<string, Json>)[t], copy) as Record<string, Json>;
  parent[last] = replace(parent[last] as Record<string, Json>);
  return copy;
}

/** Everything in a compiled body that breaks the safety rules (collected, so one failed run shows all). */
function violations(body: Json): string[] {
  const found: string[] = [];
  walk(body, (key, value, boolDepth) => {
    if (FORBIDDEN_KEYS.has(key)) found.push(`forbidden key '${key}'`);
    if (boolDepth > MAX_BOOL_DEPTH) found.push(`bool depth ${boolDepth}`);
    if (key === 'size' && !(typeof value === 'number' && value <= QUERY_LIMITS.maxSampleSize)) found.push(`size ${String(value)}`);
    if (key === 'terms' && isObject(value) && 'field' in value && !(Number(value.size) <= QUERY_LIMITS.maxTermsSize)) found.push(`terms agg size ${String(value.size)}`);
    if (key === 'terms' && isObject(value) && !('field' in value)) {
      Object.values(value).forEach((list) => Array.isArray(list) && list.length > QUERY_LIMITS.maxListItems && found.push(`terms list of ${list.length}`));
    }
  });
  return found;
}

// ---------------------------------------------------------------- properties

describe('audience query properties', () => {
  test('When a query is valid, Then it compiles to a bounded, tenant-scoped body without scripts, wildcards or regexps', () => {
    fc.assert(
      fc.property(validQueryArb, (query) => {
        expect(validateAudienceQuery(query)).toEqual([]);
        const { body } = compileQuery(query, { tenantId: TENANT, now: NOW });
        expect(JSON.stringify(compileQuery(query, { tenantId: TENANT, now: NOW }).body)).toBe(JSON.stringify(body));
        expect(JSON.parse(JSON.stringify(body))).toEqual(body);
        expect(body.track_total_hits).toBe(true);
        expect((body.query?.bool?.filter as Json[])[0]).toEqual({ term: { tenantId: TENANT } });
        expect(Object.keys(body.aggs ?? {}).length).toBeLessThanOrEqual(QUERY_LIMITS.maxBreakdowns);
        expect(violations(body)).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  const mutations = {
    unknownField: (c: Record<string, Json>, salt: string): Json => ({ ...c, field: `x-${salt}` }),
    wrongOp: (c: Record<string, Json>, salt: string): Json => {
      const spec = getField(String(c.field)) as FieldSpec;
      const refused = [...OPERATORS.filter((op) => !spec.ops.includes(op)), `op-${salt}`];
      return { ...c, op: refused[salt.length % refused.length] };
    },
    wrongTypeValue: (c: Record<string, Json>, salt: string): Json => ({ ...c, value: c.op === 'exists' ? 1 : [{}, true, null, [[salt]], { salt }][salt.length % 5] }),
    tooDeep: (c: Record<string, Json>): Json => ({ not: { not: { not: { not: { not: { not: c } } } } } }),
  };

  test('When a valid query is broken, Then it is refused with pointers that resolve into the input', () => {
    const arb = fc.record({
      query: validQueryArb.filter((q) => q.where !== undefined),
      pick: fc.nat(),
      kind: fc.constantFrom(...(Object.keys(mutations) as (keyof typeof mutations)[])),
      salt: fc.string({ maxLength: 6 }),
    });
    fc.assert(
      fc.property(arb, ({ query, pick, kind, salt }) => {
        const targets = conditionPointers(query.where, '/where');
        const target = targets[pick % targets.length] as string;
        const broken = replaceAt(query, target, (c) => mutations[kind](c, salt));
        const errors = validateAudienceQuery(broken);
        expect(errors.length).toBeGreaterThan(0);
        errors.forEach((e) => expect(resolves(broken, e.pointer)).toBe(true));
        expect(errors.some((e) => e.pointer.startsWith(target))).toBe(true);
        expect(() => compileQuery(broken, { tenantId: TENANT, now: NOW })).toThrow();
      }),
      { numRuns: 1000 },
    );
  });

  test('When the body is arbitrary JSON, Then validation never throws and every pointer resolves', () => {
    const junk = fc.oneof(fc.jsonValue({ maxDepth: 6 }), fc.jsonValue({ maxDepth: 6 }).map((where) => ({ where })), fc.jsonValue().map((breakdowns) => ({ breakdowns, sample: breakdowns })));
    fc.assert(
      fc.property(junk, (input) => {
        validateAudienceQuery(input).forEach((e) => expect(resolves(input, e.pointer)).toBe(true));
      }),
      { numRuns: 500 },
    );
  });
});
