/** Partner SDK build inputs: the spec pre-processing, the configs and the pinned generator. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { batchConfig } from '../src/partner-sdks/configs';
import { CONFIG_DIR, GENERATOR_VERSION, LANGUAGES } from '../src/partner-sdks/paths';
import { prepareSpec, type Spec } from '../src/partner-sdks/prepare-spec';

const spec = (schemas: Record<string, unknown>): Spec => ({ openapi: '3.1.0', info: { title: 't', version: '2.3.4' }, components: { schemas } });
const condition = { type: 'object', additionalProperties: false, properties: { op: { type: 'string' } } };
const primitiveList = { type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'number' }] } };
const itemsOf = (s: Spec) => (s.components as { schemas: { Value: { items: unknown } } }).schemas.Value.items;

describe('prepareSpec', () => {
  test('When a schema is closed, Then every language gets it open (older SDKs read newer responses)', () => {
    for (const lang of LANGUAGES) {
      const out = prepareSpec(spec({ Condition: condition, Nested: { type: 'object', properties: { c: condition } } }), lang);
      expect(JSON.stringify(out)).not.toContain('additionalProperties');
    }
  });

  test('When array items are a oneOf of primitives, Then only Python gets them untyped', () => {
    expect(itemsOf(prepareSpec(spec({ Value: primitiveList }), 'python'))).toEqual({ description: 'One of: string, number.' });
    expect(itemsOf(prepareSpec(spec({ Value: primitiveList }), 'go'))).toEqual(primitiveList.items);
  });

  test('When a spec is prepared, Then the input is left as it was', () => {
    const input = spec({ Condition: condition });
    const before = JSON.stringify(input);
    prepareSpec(input, 'java');
    expect(JSON.stringify(input)).toBe(before);
  });
});

test('Every SDK is versioned with its spec', () => {
  for (const lang of LANGUAGES) {
    const props = batchConfig({ lang, service: 'catalog', version: '2.3.4', spec: 's.json', out: 'o' }).additionalProperties;
    expect(props.packageVersion ?? props.artifactVersion).toBe('2.3.4');
  }
});

test('The npm wrapper runs the same generator version the build fetches', () => {
  const tools = JSON.parse(readFileSync(join(CONFIG_DIR, 'openapitools.json'), 'utf8'));
  expect(tools['generator-cli'].version).toBe(GENERATOR_VERSION);
});
