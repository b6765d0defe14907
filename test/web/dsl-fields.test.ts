/**
 * The audience spec's `x-fields` (QueryField) is what the web app builds its field and operator
 * pickers from; the compiler's field registry is what the service enforces. They must agree.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIELD_NAMES, getField, type ValueRule } from '../../services/audience/src/domain/query/field-registry';

interface XField { type: string; ops: string[]; enum?: string[]; pattern?: string; format?: string; minimum?: number; maximum?: number; key?: { noun: string; enum?: string[]; format?: string } }

const bundled = JSON.parse(readFileSync(join(__dirname, '../../generated/audience/openapi.json'), 'utf8'));
const xFields = bundled.components.schemas.QueryField['x-fields'] as Record<string, XField>;

function described(rule: ValueRule, type: 'value' | 'key'): Record<string, unknown> {
  switch (rule.kind) {
    case 'enum': return { enum: [...rule.values] };
    case 'pattern': return rule.hint.includes('UUID') ? { format: 'uuid' } : { pattern: rule.pattern.source };
    case 'number': return type === 'key' ? {} : { minimum: rule.min, maximum: rule.max };
    case 'date': return {};
  }
}

test('x-fields lists exactly the QueryField enum, in order', () => {
  expect(Object.keys(xFields)).toEqual(bundled.components.schemas.QueryField.enum);
  expect(Object.keys(xFields)).toEqual([...FIELD_NAMES]);
});

test.each([...FIELD_NAMES])('%s: operators, value rule and key match the compiler', (name) => {
  const spec = getField(name)!;
  const x = xFields[name]!;
  expect(x.ops).toEqual([...spec.ops]);
  const rule = spec.value;
  const type = rule.kind === 'number' ? (rule.integer ? 'integer' : 'number') : rule.kind === 'date' ? 'date' : 'string';
  expect(x.type).toBe(type);
  const key = x.key;
  const valueRule = Object.fromEntries(Object.entries(x).filter(([k]) => !['type', 'ops', 'key'].includes(k)));
  expect(valueRule).toEqual(described(rule, 'value'));
  if (spec.key) {
    expect(key).toEqual({ noun: spec.key.noun, ...described(spec.key.rule, 'key') });
  } else {
    expect(key).toBeUndefined();
  }
});
