/**
 * The three descriptions of the DSL agree: the JSON Schema in specs/audience/query-dsl.yaml,
 * the field registry the compiler uses, and the index mapping the queries run against.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  FIELD_NAMES,
  GENRE_IDS,
  OPERATORS,
  PROFILE_INDEX_SETTINGS,
  PROFILE_MAPPINGS,
  QUERY_LIMITS,
  SAMPLE_FIELD_NAMES,
  SORT_FIELD_NAMES,
  getField,
  indexPath,
  profileIndexName,
  validateAudienceQuery,
  type FieldType,
} from '../src/domain/query';

type Schema = Record<string, any>;
const spec = parse(readFileSync(join(__dirname, '../../../specs/audience/query-dsl.yaml'), 'utf8')) as Schema;
const schemas = spec.components.schemas as Record<string, Schema>;

describe('query DSL contract', () => {
  test('When the spec lists fields and operators, Then they are exactly the registry', () => {
    expect(schemas.QueryField?.enum).toEqual(FIELD_NAMES);
    expect(schemas.QueryOperator?.enum).toEqual(OPERATORS);
    expect(schemas.SampleField?.enum).toEqual(SAMPLE_FIELD_NAMES);
    expect(schemas.SampleSort?.properties.field.enum).toEqual(SORT_FIELD_NAMES);
  });

  test('When the spec states limits, Then they are the compiler limits', () => {
    expect(schemas.AudienceQuery?.properties.breakdowns.maxItems).toBe(QUERY_LIMITS.maxBreakdowns);
    expect(schemas.AndGroup?.properties.and.maxItems).toBe(QUERY_LIMITS.maxGroupItems);
    expect(schemas.OrGroup?.properties.or.maxItems).toBe(QUERY_LIMITS.maxGroupItems);
    expect(schemas.ConditionValue?.oneOf[2].maxItems).toBe(QUERY_LIMITS.maxListItems);
    expect(schemas.Breakdown?.properties.size.maximum).toBe(QUERY_LIMITS.maxTermsSize);
    expect(schemas.Breakdown?.properties.ranges.maxItems).toBe(QUERY_LIMITS.maxRanges);
    expect(schemas.Sample?.properties.size.maximum).toBe(QUERY_LIMITS.maxSampleSize);
    expect(schemas.Sample?.properties.fields.maxItems).toBe(SAMPLE_FIELD_NAMES.length);
  });

  test('When a schema is declared, Then it has a description and an example, and request examples pass the compiler', () => {
    for (const [name, schema] of Object.entries(schemas)) {
      expect({ name, description: typeof schema.description }).toEqual({ name, description: 'string' });
      expect({ name, example: schema.example !== undefined }).toEqual({ name, example: true });
    }
    const asQuery: Record<string, (example: unknown) => unknown> = {
      AudienceQuery: (e) => e,
      Expression: (where) => ({ where }),
      AndGroup: (where) => ({ where }),
      OrGroup: (where) => ({ where }),
      NotGroup: (where) => ({ where }),
      Condition: (where) => ({ where }),
      Breakdown: (b) => ({ breakdowns: [b] }),
      Sample: (sample) => ({ sample }),
      SampleSort: (sort) => ({ sample: { size: 1, fields: ['region'], sort } }),
    };
    for (const [name, wrap] of Object.entries(asQuery)) {
      expect({ name, errors: validateAudienceQuery(wrap(schemas[name]?.example)) }).toEqual({ name, errors: [] });
    }
  });

  test('When a field is queried, Then the mapping has its path with a matching type', () => {
    const wanted: Record<FieldType, string[]> = {
      keyword: ['keyword'],
      postcode: ['keyword'],
      filmList: ['keyword'],
      number: ['short', 'integer', 'double'],
      age: ['short'],
      date: ['date'],
      filmView: ['nested'],
      genreShare: ['float'],
    };
    const typeAt = (path: string): string | undefined => {
      let node: Schema | undefined = { properties: PROFILE_MAPPINGS.properties };
      for (const segment of path.split('.')) node = node?.properties?.[segment] as Schema | undefined;
      return node?.type as string | undefined;
    };
    const mismatches = FIELD_NAMES.flatMap((name) => {
      const field = getField(name)!;
      const keys = field.type === 'genreShare' ? GENRE_IDS : [undefined];
      return keys.map((key) => ({ path: indexPath(field, key), type: typeAt(indexPath(field, key)) })).filter(({ type }) => !wanted[field.type].includes(String(type)));
    });
    expect(mismatches).toEqual([]);
    expect([typeAt('tenantId'), typeAt('memberId'), typeAt('filmViews.filmId'), typeAt('filmViews.viewedAt')]).toEqual(['keyword', 'keyword', 'keyword', 'date']);
  });

  test('When the index is created, Then it is strict, one shard, no replicas, versioned', () => {
    expect(PROFILE_MAPPINGS.dynamic).toBe('strict');
    expect(PROFILE_INDEX_SETTINGS).toEqual({ number_of_shards: 1, number_of_replicas: 0 });
    expect(profileIndexName()).toBe('profiles-v1');
  });
});
