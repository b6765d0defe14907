import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundleSpec, getAt, type JsonObject } from '@marquee/openapi';
import { RULE_IDS, RULES, diffSpecs, type Change } from '../src';
import { splitPointer } from '../src/pointer';
import { comparableKeys, loadCases } from './helpers';

const cases = loadCases();
const SPECS = resolve(__dirname, '../../specs');

describe('diffSpecs over the case corpus (diff/test/cases)', () => {
  test.each(cases.map((c) => [`${c.file}: ${c.description}`, c] as const))('%s', (_name, c) => {
    const changes = diffSpecs(c.base, c.revision, { today: c.today });
    const { actual, expected } = comparableKeys(changes, c.expect);
    expect(actual).toEqual(expected);
  });
});

describe('the corpus itself', () => {
  const expectations = cases.flatMap((c) => c.expect.map((e) => ({ ...e, file: c.file })));

  test('When the rule catalog is listed, Then every rule has at least one case', () => {
    const covered = new Set(expectations.map((e) => e.rule));
    expect(RULE_IDS.filter((id) => !covered.has(id))).toEqual([]);
  });

  test('When cases name rules, Then each rule exists with the severity the catalog gives it', () => {
    const wrong = expectations.filter((e) => !(e.rule in RULES) || RULES[e.rule as keyof typeof RULES].severity !== e.severity);
    expect(wrong).toEqual([]);
  });
});

describe('every change the corpus produces', () => {
  const all = cases.flatMap((c) => diffSpecs(c.base, c.revision, { today: c.today }).map((change) => ({ c, change })));

  test('When a change is reported, Then both pointers resolve in their documents', () => {
    const unresolved = all.filter(
      ({ c, change }) =>
        (change.base !== undefined && getAt(c.base, splitPointer(change.base)) === undefined) ||
        (change.revision !== undefined && getAt(c.revision, splitPointer(change.revision)) === undefined),
    );
    expect(unresolved.map(({ c, change }) => `${c.file}: ${change.rule} ${change.base} ${change.revision}`)).toEqual([]);
  });

  test('When a change is reported, Then it has a sentence, a fix and an operation with the operationId its spec declares', () => {
    for (const { c, change } of all) {
      expect(change.message).toMatch(/^[A-Z'].*\.$/);
      expect(change.fix.length).toBeGreaterThan(10);
      expect(change.operation.method).toMatch(/^[A-Z]+$/);
      const method = change.operation.method.toLowerCase();
      const webhook = /^\(webhook (.+)\)$/.exec(change.operation.path)?.[1];
      const at = webhook !== undefined ? ['webhooks', webhook, method, 'operationId'] : ['paths', change.operation.path, method, 'operationId'];
      // Callbacks are named after their operation; every callback case declares operationIds.
      const declared = change.operation.path.startsWith('(callback ')
        ? expect.any(String)
        : [c.revision, c.base].map((doc) => getAt(doc, at)).find((id) => id !== undefined);
      expect(change.operation.operationId).toEqual(declared);
    }
  });
});

describe('messages and pointers', () => {
  const byFile = (file: string): Change[] => {
    const c = cases.find((x) => x.file === file)!;
    return diffSpecs(c.base, c.revision, { today: c.today });
  };

  test('When a shared component property is removed, Then the pointer is the component and the message names the path in each operation and site', () => {
    const removed = byFile('shared-component-many-operations.yaml').filter((c) => c.rule === 'response-property-removed');
    expect(removed.map((c) => c.base)).toEqual(Array(4).fill('/components/schemas/Film/properties/tagline'));
    expect(removed.map((c) => c.message)).toContain("Property 'items[].tagline' in response 200 (application/json) was removed.");
    expect(removed.map((c) => c.operation.operationId)).toEqual(['listFilms', 'createFilm', 'createFilm', 'getFilm']);
    expect(removed.filter((c) => c.operation.operationId === 'createFilm').map((c) => c.site)).toEqual([
      { name: 'response 200 (application/json)', base: '/paths/~1films/post/responses/200/content/application~1json', revision: '/paths/~1films/post/responses/200/content/application~1json' },
      { name: 'response 201 (application/json)', base: '/paths/~1films/post/responses/201/content/application~1json', revision: '/paths/~1films/post/responses/201/content/application~1json' },
    ]);
  });

  test('When one schema change reaches several media types and statuses, Then each gets its own finding and site', () => {
    const changes = byFile('shared-schema-several-media-types.yaml');
    expect(changes.map((c) => c.site?.name).sort()).toEqual([
      'request body (application/json)',
      'request body (application/x-www-form-urlencoded)',
      'response 200 (application/json)',
      'response 200 (application/xml)',
      'response 201 (application/json)',
    ]);
    expect(new Set(changes.map((c) => c.site?.revision)).size).toBe(5);
    // Within one site, a component reached through two properties counts once.
    expect(changes.filter((c) => c.site?.name === 'response 201 (application/json)').map((c) => c.message)).toEqual([
      "'director.born' in response 201 (application/json) may now be null.",
    ]);
  });

  test('When an operation is removed before its sunset, Then the message gives the date', () => {
    const [change] = byFile('deprecated-operation-removed-before-sunset.yaml');
    expect(change).toMatchObject({
      message: 'Deprecated operation GET /films/search was removed before its sunset date 2026-06-30 (today is 2026-03-01).',
      operation: { method: 'GET', path: '/films/search', operationId: 'searchFilms' },
      base: '/paths/~1films~1search/get',
      revision: '/paths',
    });
  });

  test('When a request limit is tightened, Then the message says which keyword and how', () => {
    const [change] = byFile('request-max-length-decreased.yaml');
    expect(change?.message).toBe("Query parameter 'q': maxLength changed from 200 to 100.");
    expect(change?.base).toBe('/paths/~1films/get/parameters/0/schema/maxLength');
  });
});

describe('diffSpecs on the real catalog spec', () => {
  const catalog = bundleSpec(resolve(SPECS, 'catalog/openapi.yaml')).document;

  test('When the spec is compared with itself, Then there are no changes', () => {
    expect(diffSpecs(catalog, structuredClone(catalog))).toEqual([]);
  });

  test('When the shared Uuid component (from specs/common) loses its format, Then each parameter or media type using it is reported once', () => {
    const revision = structuredClone(catalog) as Record<string, any>;
    const uuid = Object.keys(revision.components.schemas).find((name) => name.startsWith('Uuid'))!;
    delete revision.components.schemas[uuid].format;
    const changes = diffSpecs(catalog, revision as JsonObject);
    const perSite = new Map<string, number>();
    for (const c of changes.filter((x) => x.rule === 'request-format-removed')) {
      const key = `${c.operation.method} ${c.operation.path} ${c.site?.name}`;
      perSite.set(key, (perSite.get(key) ?? 0) + 1);
    }
    expect(perSite.get("GET /films/{filmId} path parameter 'filmId'")).toBe(1);
    expect([...perSite.keys()].filter((k) => k.startsWith('GET /films '))).toHaveLength(1);
    expect([...perSite.values()].every((n) => n === 1)).toBe(true);
    expect(changes.some((c) => c.rule === 'response-format-changed' && c.operation.operationId === 'getFilm')).toBe(true);
  });

  test('When diffSpecs runs, Then it does not modify its inputs and gives the same answer twice', () => {
    const revision = structuredClone(catalog) as Record<string, any>;
    delete revision.paths['/films'].post;
    const before = JSON.stringify([catalog, revision]);
    const first = diffSpecs(catalog, revision as JsonObject, { today: '2026-01-01' });
    expect(diffSpecs(catalog, revision as JsonObject, { today: '2026-01-01' })).toEqual(first);
    expect(JSON.stringify([catalog, revision])).toBe(before);
  });

  test('When no date is given, Then x-sunset is checked against today', () => {
    const revision = structuredClone(catalog) as Record<string, any>;
    const withSunset = structuredClone(catalog) as Record<string, any>;
    Object.assign(withSunset.paths['/films'].post, { deprecated: true, 'x-sunset': '9999-12-31' });
    delete revision.paths['/films'].post;
    expect(diffSpecs(withSunset as JsonObject, revision as JsonObject).map((c) => c.rule)).toEqual(['deprecated-operation-removed-before-sunset']);
  });
});

describe('diff/RULES.md', () => {
  const doc = readFileSync(resolve(__dirname, '../RULES.md'), 'utf8');

  test('When the rule catalog is listed, Then every rule is documented with its severity', () => {
    const missing = RULE_IDS.filter((id) => !doc.includes(`| \`${id}\` | ${RULES[id].severity} |`));
    expect(missing).toEqual([]);
  });
});
