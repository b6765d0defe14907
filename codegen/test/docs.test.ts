import { resolve } from 'node:path';
import { bundleSpec, type JsonObject } from '@marquee/openapi';
import { emitDocsIndex, emitServiceDocs, escapeHtml } from '../src/emit/docs';
import { buildIR } from '../src/ir';

const SPECS = resolve(__dirname, '../../specs');

function specDocs(name: string, changelog?: string): { html: string; operationIds: string[]; schemas: string[] } {
  const document = bundleSpec(resolve(SPECS, name, 'openapi.yaml')).document;
  const ir = buildIR(name, document);
  const files = emitServiceDocs(ir, document, changelog === undefined ? {} : { changelog });
  expect(files.map((f) => f.path)).toEqual(['index.html']);
  return { html: files[0]!.content, operationIds: ir.operations.map((o) => o.operationId), schemas: Object.keys(ir.schemas) };
}

function inlineDocs(document: JsonObject): string {
  return emitServiceDocs(buildIR('inline', document), document, {})[0]!.content;
}

/** A small hand-written spec exercising the corners real-world specs have. */
function edgeSpec(): JsonObject {
  return {
    openapi: '3.0.3',
    info: { title: 'Edge <API>', version: '2.0.0-beta', description: 'Try <script>alert("x")</script> & see.' },
    paths: {
      '/nodes/{id}': {
        get: {
          operationId: 'getNode',
          deprecated: true,
          parameters: [{ name: 'id', in: 'path', schema: { type: 'string' } }],
          responses: {
            '200': { description: 'The node.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } },
            '204': { description: 'Nothing.' },
          },
        },
        put: {
          tags: ['write', 'admin'],
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' }, example: { kind: 'cat' } } } },
          responses: { default: { description: '' } },
        },
      },
    },
    components: {
      schemas: {
        Node: {
          type: 'object',
          properties: {
            children: { type: 'array', items: { $ref: '#/components/schemas/Node' } },
            parent: { $ref: '#/components/schemas/Node' },
            other: { $ref: '#/components/schemas/Other' },
            odd: { $ref: '#/components/schemas/Odd%20%3Cname%3E~1x' },
            label: { type: 'string', nullable: true, readOnly: true },
            secret: { type: ['string', 'null'], writeOnly: true },
            meta: { type: 'object', additionalProperties: { type: 'integer', minimum: 0, exclusiveMinimum: true } },
          },
        },
        Other: { type: 'object', properties: { back: { $ref: '#/components/schemas/Node' } } },
        SelfRef: { $ref: '#/components/schemas/SelfRef' },
        'Odd <name>/x': { type: 'string', description: 'A schema whose name is no identifier.' },
        Pet: {
          oneOf: [{ $ref: '#/components/schemas/Cat' }, { type: 'object', properties: { bark: { type: 'boolean' } } }],
        },
        Cat: { allOf: [{ type: 'object', properties: { kind: { type: 'string', enum: ['cat'] } } }] },
      },
    },
  };
}

describe('emitServiceDocs', () => {
  it('given the catalog spec, want every operationId and escaped description text', () => {
    const { html, operationIds, schemas } = specDocs('catalog');
    expect(operationIds.length).toBeGreaterThan(10);
    for (const id of operationIds) {
      expect(html).toContain(`id="op-${id}"`);
      expect(html).toContain(`<code>${id}</code>`);
    }
    for (const name of schemas) {
      expect(html).toContain(`id="schema-${name}"`);
    }
    expect(html).toContain('Maple Leaf Yonge &amp; Dundas');
    expect(html).not.toContain('Maple Leaf Yonge & Dundas');
    expect(html).toContain('href="#schema-Film"');
    expect(html).toContain('one of <code>G</code>');
  });

  it("given the catalog spec's response links, want each with its target operation and parameters", () => {
    const { html } = specDocs('catalog');
    expect(html).toContain('<code>GetFilm</code>');
    expect(html).toMatch(/<code>getFilm<\/code><\/td><td><code>filmId<\/code> = <code>&quot;\$response\.body#\/id&quot;<\/code>/);
  });

  it('given a changelog, want it as escaped preformatted text', () => {
    const { html } = specDocs('audience', '## 1.1.0\n- <b>new</b> & shiny');
    expect(html).toContain('<section id="changelog"><h2>Changelog</h2><pre>## 1.1.0\n- &lt;b&gt;new&lt;/b&gt; &amp; shiny</pre>');
    expect(specDocs('audience').html).not.toContain('id="changelog"');
  });

  it('given a <script> in a description, want it escaped', () => {
    const html = inlineDocs(edgeSpec());
    expect(html).toContain('Try &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; see.');
    expect(html).toContain('<title>Edge &lt;API&gt; 2.0.0-beta</title>');
    expect(html).not.toContain('<script>alert');
    // The only script is the filter box.
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it('given recursive schemas, want finite output linking back to the component', () => {
    const html = inlineDocs(edgeSpec());
    expect(html).toContain('id="schema-Node"');
    expect(html).toContain('id="schema-SelfRef"');
    expect(html).toContain('array&lt;<a class="ref" href="#schema-Node">Node</a>&gt;');
    expect(html).toContain('(recursive)');
    expect(html.length).toBeLessThan(100_000);
  });

  it('given 3.0/3.1 schema features, want them rendered', () => {
    const html = inlineDocs(edgeSpec());
    expect(html).toContain('string | null'); // nullable: true and type: [string, null]
    expect(html).toContain('read-only');
    expect(html).toContain('write-only');
    expect(html).toContain('{additional property}');
    expect(html).toContain('&gt; <code>0</code>'); // 3.0 exclusiveMinimum: true
    expect(html).toContain('<em>oneOf 1</em>');
    expect(html).toContain('<em>allOf 1</em>');
    expect(html).toContain('<span class="badge deprecated">deprecated</span>');
    expect(html).toContain('No content.');
    expect(html).toContain('&quot;kind&quot;: &quot;cat&quot;'); // media example
    expect(html).toContain('id="op-putNodesId"'); // synthesized id
  });

  it('given the same input twice, want byte-identical output', () => {
    expect(specDocs('catalog', 'log').html).toBe(specDocs('catalog', 'log').html);
    expect(inlineDocs(edgeSpec())).toBe(inlineDocs(edgeSpec()));
  });

  it('given any docs page, want every in-page link to point at an existing anchor', () => {
    for (const html of [specDocs('catalog').html, specDocs('audience').html, inlineDocs(edgeSpec())]) {
      const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
      const targets = [...html.matchAll(/ href="#([^"]+)"/g)].map((m) => m[1]);
      expect(targets.length).toBeGreaterThan(5);
      expect(targets.filter((t) => !ids.has(t))).toEqual([]);
      expect(ids.size).toBe([...html.matchAll(/ id="/g)].length); // ids are unique
    }
    expect(inlineDocs(edgeSpec())).toContain('>Odd &lt;name&gt;/x</a>');
  });

  it('given the output, want it self-contained', () => {
    const { html } = specDocs('catalog');
    expect(html).not.toMatch(/<(link|script)[^>]+(src|href)="(?!data:)/i);
    expect(html).not.toMatch(/https?:\/\/(?!marquee\.dev)/); // only spec example values
  });
});

describe('emitDocsIndex', () => {
  it('given services, want each listed with a link to its page', () => {
    const file = emitDocsIndex([
      { name: 'catalog', title: 'Marquee Catalog API', version: '1.0.0', description: 'Films & cinemas', operations: 17 },
      { name: 'audience', title: 'Audience <API>', version: '1.0.0', operations: 1 },
    ]);
    expect(file.path).toBe('index.html');
    expect(file.content).toContain('<a href="catalog/index.html">Marquee Catalog API</a>');
    expect(file.content).toContain('<a href="audience/index.html">Audience &lt;API&gt;</a>');
    expect(file.content).toContain('Films &amp; cinemas');
    expect(file.content).toContain('17 operations');
    expect(file.content).toContain('1 operation<');
    expect(file.content.indexOf('catalog/')).toBeLessThan(file.content.indexOf('audience/'));
  });
});

describe('escapeHtml', () => {
  it('given markup characters, want entities', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('emitServiceDocs on a large spec (paged)', () => {
  /** 160 operations in two tags; 200 schemas, each holding the next (a deep chain expanded inline would repeat it everywhere). */
  function largeSpec(): JsonObject {
    const schemas: Record<string, JsonObject> = {};
    for (let i = 0; i < 200; i++) {
      schemas[`S${i}`] = { type: 'object', properties: { id: { type: 'string' }, next: i < 199 ? { $ref: `#/components/schemas/S${i + 1}` } : { type: 'null' } } };
    }
    const paths: Record<string, JsonObject> = {};
    for (let i = 0; i < 160; i++) {
      const ref = { $ref: `#/components/schemas/S${i}` };
      paths[`/r${i}`] = { get: { operationId: `get${i}`, tags: [i < 20 ? 'small' : 'big'], responses: { '200': { description: 'OK', content: { 'application/json': { schema: ref } } } } } };
    }
    return { openapi: '3.1.0', info: { title: 'Large', version: '1.0.0' }, tags: [{ name: 'small', description: 'A few.' }, { name: 'big' }], paths, components: { schemas } };
  }

  const document = largeSpec();
  const files = emitServiceDocs(buildIR('large', document), document, {});
  const byPath = new Map(files.map((f) => [f.path, f.content]));

  it('given more operations than one page holds, want an index, operation pages and schema pages', () => {
    expect(files.map((f) => f.path)).toEqual(['index.html', 'operations-1.html', 'operations-2.html', 'operations-3.html', 'operations-4.html', 'schemas-1.html', 'schemas-2.html']);
    const articles = files.flatMap((f) => [...f.content.matchAll(/<article class="op" id="(op-[^"]+)"/g)].map((m) => m[1]));
    expect(articles).toHaveLength(160);
    expect(new Set(articles).size).toBe(160);
    expect(byPath.get('index.html')).toContain('160 operations on 4 pages, 200 schemas on 2');
  });

  it('given links between pages, want every one to land on an id of an emitted page', () => {
    let checked = 0;
    for (const { content } of files) {
      for (const [, page, id] of content.matchAll(/href="([a-z0-9-]+\.html)#([^"]+)"/g)) {
        expect([page, byPath.get(page!)?.includes(`id="${id}"`)]).toEqual([page, true]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000); // sidebar on every page, schema links in responses and schemas
  });

  it('given a schema that holds another, want a link to it instead of its properties again, so pages stay small', () => {
    const s0 = /<article class="schema" id="schema-S0".*?<\/article>/s.exec(byPath.get('schemas-1.html')!)![0];
    expect(s0).toContain('href="schemas-1.html#schema-S1"');
    expect(s0.match(/<tr>/g)).toHaveLength(3); // header, id, next: S1's own rows are on its entry
    expect(Math.max(...files.map((f) => f.content.length))).toBeLessThan(400_000);
    expect(emitServiceDocs(buildIR('large', document), document, {})).toEqual(files); // deterministic
  });

  it('given a few huge schemas, want a schema page to close once it holds 250 kB of their spec JSON', () => {
    const huge = { type: 'string', enum: Array.from({ length: 20_000 }, (_, i) => `value-${i}`) }; // ~300 kB each
    const doc: JsonObject = { openapi: '3.1.0', info: { title: 'Huge', version: '1' }, paths: {}, components: { schemas: { A: huge, B: huge, C: { type: 'string' }, D: huge } } };
    const paths = emitServiceDocs(buildIR('huge', doc), doc, { paged: true }).map((f) => f.path);
    expect(paths).toEqual(['index.html', 'schemas-1.html', 'schemas-2.html', 'schemas-3.html']); // A | B, C | D
  });

  it('given a small spec forced into pages, and a large one forced into one, want what was asked', () => {
    const { document: small } = bundleSpec(resolve(SPECS, 'catalog', 'openapi.yaml'));
    expect(emitServiceDocs(buildIR('catalog', small), small, { paged: true }).map((f) => f.path)).toEqual(['index.html', 'operations-1.html', 'schemas-1.html']);
    expect(emitServiceDocs(buildIR('large', document), document, { paged: false }).map((f) => f.path)).toEqual(['index.html']);
  });
});
