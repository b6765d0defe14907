/**
 * Docs emitter: a static, self-contained HTML API reference per service (inline CSS, a few lines
 * of vanilla JS for the filter box) and an index page linking the services. Spec-derived text
 * reaches the HTML only through `escapeHtml`; output is deterministic (spec order, no clock).
 * A large spec (Stripe, Zoom, GitHub) is paged instead of one page of tens or hundreds of MB:
 * index.html (overview and navigation), operations-N.html and schemas-N.html, each with the full
 * sidebar; there, a schema used by another is a link to its own entry instead of expanded again.
 * @see https://spec.openapis.org/oas/v3.1.0#schema-object
 */
import type { IRMedia, IROperation, IRParameter, IRResponse, IRService } from '../ir';
import { getAt, isObject, parsePointer, type JsonObject, type JsonValue } from '@marquee/openapi';
import type { EmittedFile } from './emitter';

/** Nesting depth after which property tables stop expanding (deep DAGs stay bounded). */
const MAX_DEPTH = 6;
const SCHEMA_PREFIX = '#/components/schemas/';

const DEPRECATED = ' <span class="badge deprecated">deprecated</span>';
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe in HTML content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return SPECIAL_CHARS.test(text) ? text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c) : text;
}
const SPECIAL_CHARS = /[&<>"']/;

/** Past either count the reference is paged (emitPaged), unless `paged` says otherwise. */
export const PAGED_OVER = { operations: 150, schemas: 300 };
const OPS_PER_PAGE = 40;
const SCHEMAS_PER_PAGE = 150;
/** Spec JSON per schema page: a page closes early past it (a few schemas are huge inline trees). */
const SCHEMA_JSON_PER_PAGE = 250_000;

export function emitServiceDocs(ir: IRService, document: JsonObject, options: { changelog?: string; paged?: boolean }): EmittedFile[] {
  const groups = groupByTag(ir);
  const paged = options.paged ?? (ir.operations.length > PAGED_OVER.operations || Object.keys(ir.schemas).length > PAGED_OVER.schemas);
  if (paged) {
    return emitPaged(ir, document, groups, options.changelog);
  }
  const main = [
    `<header><h1>${escapeHtml(ir.title)} <span class="version">${escapeHtml(ir.version)}</span></h1>`,
    `<p class="muted">OpenAPI ${escapeHtml(ir.openapi)}</p>${prose(ir.description)}</header>`,
    ...groups.map((g) => tagSection(g, document)),
    schemasSection(ir, document),
    options.changelog !== undefined ? `<section id="changelog"><h2>Changelog</h2><pre>${escapeHtml(options.changelog)}</pre></section>` : '',
  ];
  const body = `<nav>${sidebar(ir, groups, options.changelog !== undefined)}</nav>\n<main>\n${main.filter(Boolean).join('\n')}\n</main>\n${FILTER_SCRIPT}`;
  return [{ path: 'index.html', content: page(`${ir.title} ${ir.version}`, body) }];
}

export function emitDocsIndex(
  services: { name: string; title: string; version: string; description?: string; operations: number }[],
): EmittedFile {
  const items = services.map(
    (s) =>
      `<li><a href="${escapeHtml(encodeURIComponent(s.name))}/index.html">${escapeHtml(s.title)}</a> ` +
      `<span class="version">${escapeHtml(s.version)}</span> <span class="muted">${s.operations} operation${s.operations === 1 ? '' : 's'}</span>${prose(s.description)}</li>`,
  );
  const body = `<main class="wide"><h1>API reference</h1>\n<ul class="services">\n${items.join('\n')}\n</ul></main>`;
  return { path: 'index.html', content: page('API reference', body) };
}

// ---- paged reference (large specs) ------------------------------------------------------------

/** While a paged reference is emitted: the page each operation and schema is on (links go there). */
let pages: { ops: Map<string, string>; schemas: Map<string, string> } | undefined;

/** Consecutive chunks of at most `size` items, closed early once their weight reaches `budget`. */
function chunks<T>(items: readonly T[], size: number, weight: (item: T) => number = () => 0, budget = Infinity): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let total = 0;
  for (const item of items) {
    if (current.length === size || (current.length > 0 && total >= budget)) {
      out.push(current);
      current = [];
      total = 0;
    }
    current.push(item);
    total += weight(item);
  }
  return current.length > 0 ? [...out, current] : out;
}

function pager(prefix: string, n: number, count: number): string {
  const link = (i: number, label: string) => (i >= 1 && i <= count ? `<a href="${prefix}-${i}.html">${label}</a>` : '');
  return `<p class="pager">${[link(n - 1, '← previous'), `page ${n} of ${count}`, link(n + 1, 'next →')].filter(Boolean).join(' · ')}</p>`;
}

function emitPaged(ir: IRService, document: JsonObject, groups: TagGroup[], changelog: string | undefined): EmittedFile[] {
  const opChunks = chunks(groups.flatMap((g) => g.owned.map((op) => ({ group: g, op }))), OPS_PER_PAGE);
  const schemaChunks = chunks(Object.keys(ir.schemas), SCHEMAS_PER_PAGE, (name) => JSON.stringify(ir.schemas[name]).length, SCHEMA_JSON_PER_PAGE);
  pages = { ops: new Map(), schemas: new Map() };
  opChunks.forEach((c, i) => c.forEach(({ op }) => pages!.ops.set(op.operationId, `operations-${i + 1}.html`)));
  schemaChunks.forEach((c, i) => c.forEach((name) => pages!.schemas.set(name, `schemas-${i + 1}.html`)));
  try {
    const nav = `<nav>${sidebar(ir, groups, changelog !== undefined)}</nav>`;
    const title = `${ir.title} ${ir.version}`;
    const shell = (suffix: string, main: string) => page(`${title}${suffix}`, `${nav}\n<main>\n${main}\n</main>\n${FILTER_SCRIPT}`);
    const files: EmittedFile[] = [];
    const started = new Set<string>();
    opChunks.forEach((chunk, i) => {
      const sections = groups.map((g) => {
        const owned = chunk.filter((c) => c.group === g).map((c) => c.op);
        const first = !started.has(g.name);
        if (owned.length > 0) started.add(g.name);
        return tagSection(g, document, owned, first);
      });
      const pagerHtml = pager('operations', i + 1, opChunks.length);
      files.push({ path: `operations-${i + 1}.html`, content: shell(` · operations ${i + 1}/${opChunks.length}`, `${pagerHtml}\n${sections.filter(Boolean).join('\n')}\n${pagerHtml}`) });
    });
    schemaChunks.forEach((names, i) => {
      const pagerHtml = pager('schemas', i + 1, schemaChunks.length);
      files.push({ path: `schemas-${i + 1}.html`, content: shell(` · schemas ${i + 1}/${schemaChunks.length}`, `${pagerHtml}\n${schemasSection(ir, document, names)}\n${pagerHtml}`) });
    });
    const contents = groups
      .filter((g) => g.owned.length > 0)
      .map((g) => `<li><a href="${pages!.ops.get(g.owned[0]!.operationId)}#${anchor('tag', g.name)}">${escapeHtml(g.name)}</a> <span class="muted">${g.owned.length} operation${g.owned.length === 1 ? '' : 's'}</span>${prose(g.description)}</li>`);
    const index = [
      `<header><h1>${escapeHtml(ir.title)} <span class="version">${escapeHtml(ir.version)}</span></h1>`,
      `<p class="muted">OpenAPI ${escapeHtml(ir.openapi)} · ${ir.operations.length} operations on ${opChunks.length} page${opChunks.length === 1 ? '' : 's'}, ${schemaChunks.flat().length} schemas on ${schemaChunks.length}</p>${prose(ir.description)}</header>`,
      `<section id="contents"><h2>Operations by tag</h2><ul class="services">${contents.join('')}</ul></section>`,
      changelog !== undefined ? `<section id="changelog"><h2>Changelog</h2><pre>${escapeHtml(changelog)}</pre></section>` : '',
    ];
    return [{ path: 'index.html', content: shell('', index.filter(Boolean).join('\n')) }, ...files];
  } finally {
    pages = undefined;
  }
}

// ---- page structure -------------------------------------------------------------------------

/** `operations`: every operation carrying the tag (sidebar); `owned`: those whose first tag it is (rendered once). */
interface TagGroup { name: string; description?: string; operations: IROperation[]; owned: IROperation[] }

function groupByTag(ir: IRService): TagGroup[] {
  const groups = new Map<string, TagGroup>();
  const group = (name: string): TagGroup => {
    let g = groups.get(name);
    if (!g) {
      const description = ir.tags.find((t) => t.name === name)?.description;
      g = { name, ...(description !== undefined ? { description } : {}), operations: [], owned: [] };
      groups.set(name, g);
    }
    return g;
  };
  ir.tags.forEach((t) => group(t.name));
  for (const op of ir.operations) {
    const tags = op.tags.length > 0 ? op.tags : ['default'];
    [...new Set(tags)].forEach((t) => group(t).operations.push(op));
    group(tags[0] ?? 'default').owned.push(op);
  }
  return [...groups.values()].filter((g) => g.operations.length > 0);
}

function sidebar(ir: IRService, groups: TagGroup[], changelog: boolean): string {
  const tagLists = groups.map((g) => {
    const links = g.operations.map(
      (op) => `<li data-search="${searchText(op)}"><a href="${pages?.ops.get(op.operationId) ?? ''}#${anchor('op', op.operationId)}">${methodBadge(op.method)} ${escapeHtml(op.summary ?? op.operationId)}</a></li>`,
    );
    return `<h4>${escapeHtml(g.name)}</h4><ul>${links.join('')}</ul>`;
  });
  const extra = [
    Object.keys(ir.schemas).length > 0 ? `<a href="${pages ? 'schemas-1.html' : '#schemas'}">Schemas</a>` : '',
    changelog ? `<a href="${pages ? 'index.html' : ''}#changelog">Changelog</a>` : '',
  ];
  return `<a class="home" href="${pages ? 'index.html' : '#'}">${escapeHtml(ir.title)}</a><input id="filter" type="search" placeholder="Filter operations" aria-label="Filter operations">${tagLists.join('')}<p>${extra.filter(Boolean).join('<br>')}</p>`;
}

function tagSection(group: TagGroup, document: JsonObject, owned = group.owned, first = true): string {
  if (owned.length === 0) {
    return '';
  }
  const ops = owned.map((op) => operationSection(op, document)).join('\n');
  const heading = first ? `<h2>${escapeHtml(group.name)}</h2>${prose(group.description)}` : `<h2>${escapeHtml(group.name)} <span class="muted">(continued)</span></h2>`;
  return `<section class="tag" id="${anchor('tag', group.name)}">${heading}\n${ops}</section>`;
}

function operationSection(op: IROperation, document: JsonObject): string {
  const title = `<h3>${methodBadge(op.method)} <code class="path">${escapeHtml(op.path)}</code>${op.deprecated ? DEPRECATED : ''}</h3>`;
  const meta = `<p class="meta"><code>${escapeHtml(op.operationId)}</code>${op.summary ? ` — ${escapeHtml(op.summary)}` : ''}</p>`;
  const parts = [title, meta, prose(op.description), parametersTable(op, document), requestBody(op, document), responses(op.responses, document)];
  return `<article class="op" id="${anchor('op', op.operationId)}" data-search="${searchText(op)}">${parts.filter(Boolean).join('\n')}</article>`;
}

function parametersTable(op: IROperation, document: JsonObject): string {
  const params: IRParameter[] = [...op.parameters.path, ...op.parameters.query, ...op.parameters.header, ...op.parameters.cookie];
  if (params.length === 0) {
    return '';
  }
  const rows = params.map((p) => {
    const { node } = resolve(document, p.schema);
    const example = p.example ?? schemaExample(node);
    return [
      `<code>${escapeHtml(p.name)}</code>${p.deprecated ? DEPRECATED : ''}`,
      escapeHtml(p.in),
      requiredCell(p.required),
      typeCell(document, p.schema) + constraintList(node),
      prose(p.description ?? stringAt(node, 'description')),
      example === undefined ? '' : `<code>${escapeHtml(valueText(example))}</code>`,
    ];
  });
  return `<h4>Parameters</h4>${table('params', ['Name', 'In', 'Required', 'Type', 'Description', 'Example'], rows)}`;
}

function requestBody(op: IROperation, document: JsonObject): string {
  const body = op.requestBody;
  const contents = body?.contents.map((m) => mediaBlock(m, document, 'Example request')).join('') ?? '';
  return body ? `<h4>Request body ${requiredCell(body.required)}</h4>${prose(body.description)}${contents}` : '';
}

function responses(list: IRResponse[], document: JsonObject): string {
  const items = list.map((r) => {
    const kind = /^[1-5]/.test(r.status) ? `s${r.status[0]}` : 'sd';
    const headerRows = r.headers.map((h) => [`<code>${escapeHtml(h.name)}</code>`, requiredCell(h.required), typeCell(document, h.schema), prose(h.description)]);
    const headers = headerRows.length === 0 ? '' : table('headers', ['Header', 'Required', 'Type', 'Description'], headerRows);
    // Links (4.8.20): the operations a client can call next with values from this response.
    const linkRows = r.links.map((l) => [
      `<code>${escapeHtml(l.name)}</code>`,
      `<code>${escapeHtml(l.operationId ?? l.operationRef ?? '')}</code>`,
      Object.entries(l.parameters).map(([p, v]) => `<code>${escapeHtml(p)}</code> = <code>${escapeHtml(JSON.stringify(v))}</code>`).join('<br>'),
      prose(l.description),
    ]);
    const links = linkRows.length === 0 ? '' : table('headers', ['Link', 'Operation', 'Parameters', 'Description'], linkRows);
    const media = r.contents.length === 0 ? '<p class="muted">No content.</p>' : r.contents.map((m) => mediaBlock(m, document, 'Example response')).join('');
    return `<div class="response"><h5><span class="status ${kind}">${escapeHtml(r.status)}</span> ${inline(r.description)}</h5>${headers}${links}${media}</div>`;
  });
  return items.length === 0 ? '' : `<h4>Responses</h4>${items.join('\n')}`;
}

function mediaBlock(media: IRMedia, document: JsonObject, exampleLabel: string): string {
  const schema = media.schema === undefined ? '' : schemaBlock(document, media.schema, []);
  const example = media.example ?? schemaExample(resolve(document, media.schema).node);
  return `<div class="media"><p><span class="mt">${escapeHtml(media.mediaType)}</span></p>${schema}${exampleBlock(exampleLabel, example, true)}</div>`;
}

function schemasSection(ir: IRService, document: JsonObject, names: readonly string[] = Object.keys(ir.schemas)): string {
  const entries = names.map((name) => {
    const schema = ir.schemas[name] as JsonValue;
    const block = schemaBlock(document, schema, [SCHEMA_PREFIX + name.replace(/~/g, '~0').replace(/\//g, '~1')]);
    const example = exampleBlock('Example', schemaExample(resolve(document, schema).node), false);
    return `<article class="schema" id="${anchor('schema', name)}" data-search="${escapeHtml(name.toLowerCase())}"><h3>${escapeHtml(name)}</h3>${block}${example}</article>`;
  });
  return entries.length === 0 ? '' : `<section id="schemas"><h2>Schemas</h2>\n${entries.join('\n')}</section>`;
}

// ---- schemas ----------------------------------------------------------------------------------

/** One line of a property table; `variant` rows are allOf/oneOf/anyOf members. */
interface Row { depth: number; name: string; required: boolean; variant: boolean; schema: JsonValue; recursive: boolean }

/**
 * Rendered schema blocks per document, by schema and path: the same schema (Problem in every
 * error response, a shared body) is rendered once per generator run, not once per use.
 */
const rendered = new WeakMap<JsonObject, Map<string, string>>();

/** A schema as a heading line (type, constraints, description) and a nested property table. */
function schemaBlock(document: JsonObject, schema: JsonValue, seen: string[]): string {
  let cache = rendered.get(document);
  if (!cache) {
    cache = new Map();
    rendered.set(document, cache);
  }
  const key = `${pages ? 'p' : 'f'}${seen.join('\u0000')}\u0001${JSON.stringify(schema)}`;
  let html = cache.get(key);
  if (html === undefined) {
    html = renderSchemaBlock(document, schema, seen);
    cache.set(key, html);
  }
  return html;
}

function renderSchemaBlock(document: JsonObject, schema: JsonValue, seen: string[]): string {
  const { node } = resolve(document, schema);
  const rows: Row[] = [];
  collectRows(document, schema, 0, seen, rows);
  const head = `<div class="schema-head">${typeCell(document, schema)}${constraintList(node)}${prose(stringAt(node, 'description'))}</div>`;
  if (rows.length === 0) {
    return head;
  }
  const cells = rows.map((r) => {
    const { node: n } = resolve(document, r.schema);
    const name = r.variant ? `<em>${escapeHtml(r.name)}</em>` : `<code>${escapeHtml(r.name)}</code>`;
    return [
      `<span style="margin-left:${r.depth * 1.25}em">${name}</span>`,
      typeCell(document, r.schema) + (r.recursive ? ' <span class="muted">(recursive)</span>' : ''),
      r.variant ? '' : requiredCell(r.required),
      constraintList(n, true),
      prose(stringAt(n, 'description')),
    ];
  });
  return head + table('props', ['Property', 'Type', 'Required', 'Constraints', 'Description'], cells);
}

/** Walks properties, array items, additionalProperties and allOf/oneOf/anyOf variants. */
function collectRows(document: JsonObject, schema: JsonValue, depth: number, seen: string[], rows: Row[]): void {
  const { node, refs } = resolve(document, schema);
  if (depth > MAX_DEPTH || refs.some((r) => seen.includes(r)) || (pages !== undefined && depth > 0 && refs.length > 0)) {
    return; // paged: a referenced schema is a link to its own entry, not expanded again
  }
  const path = [...seen, ...refs];
  const child = (name: string, value: JsonValue, required: boolean, variant: boolean): void => {
    const target = resolve(document, value);
    const items = target.node.items !== undefined && !Array.isArray(target.node.items) ? resolve(document, target.node.items).refs : [];
    const recursive = [...target.refs, ...items].some((r) => path.includes(r));
    rows.push({ depth, name, required, variant, schema: value, recursive });
    collectRows(document, value, depth + 1, path, rows);
  };
  const required = Array.isArray(node.required) ? node.required : [];
  for (const [name, value] of Object.entries(isObject(node.properties) ? node.properties : {})) {
    child(name, value, required.includes(name), false);
  }
  if (isObject(node.additionalProperties)) {
    child('{additional property}', node.additionalProperties, false, false);
  }
  if (node.items !== undefined && !Array.isArray(node.items)) {
    collectRows(document, node.items, depth, path, rows);
  }
  for (const keyword of ['allOf', 'oneOf', 'anyOf'] as const) {
    const variants = node[keyword];
    if (Array.isArray(variants)) {
      variants.forEach((v, i) => child(`${keyword} ${i + 1}`, v, false, true));
    }
  }
}

/** Follows `$ref` chains; sibling keywords (3.1) override the target's. */
function resolve(document: JsonObject, schema: JsonValue | undefined): { node: JsonObject; refs: string[] } {
  const refs: string[] = [];
  let node: JsonValue | undefined = schema;
  let siblings: JsonObject = {};
  while (isObject(node) && typeof node.$ref === 'string' && refs.length < 32 && !refs.includes(node.$ref)) {
    const { $ref, ...rest } = node;
    siblings = { ...rest, ...siblings };
    refs.push($ref);
    node = lookup(document, $ref);
  }
  const base = isObject(node) ? node : {};
  return { node: { ...base, ...siblings }, refs };
}

function lookup(document: JsonObject, ref: string): JsonValue | undefined {
  try {
    return ref.startsWith('#') ? getAt(document, parsePointer(ref)) : undefined;
  } catch {
    return undefined;
  }
}

/** The type of a schema as HTML: `string`, `array<Film>`, `string | null`, with a link to its component. */
function typeCell(document: JsonObject, schema: JsonValue | undefined, depth = 0): string {
  const { node, refs } = resolve(document, schema);
  const ref = refs.find((r) => r.startsWith(SCHEMA_PREFIX));
  const link = ref === undefined ? '' : refLink(ref);
  if (link && depth > 0) {
    return link;
  }
  const text = typeText(document, node, depth);
  return link ? `${text} <span class="muted">·</span> ${link}` : text;
}

function typeText(document: JsonObject, node: JsonObject, depth: number): string {
  const types = Array.isArray(node.type) ? node.type.map(String) : typeof node.type === 'string' ? [node.type] : [];
  if (types.length === 0) {
    const keyword = ['allOf', 'oneOf', 'anyOf'].find((k) => Array.isArray(node[k]));
    types.push(keyword ?? (isObject(node.properties) ? 'object' : node.items !== undefined ? 'array' : node.const !== undefined ? 'const' : 'any'));
  }
  if (node.nullable === true && !types.includes('null')) {
    types.push('null');
  }
  return types
    .map((t) => (t === 'array' && depth < 3 && node.items !== undefined ? `array&lt;${typeCell(document, node.items, depth + 1)}&gt;` : escapeHtml(t)))
    .join(' | ');
}

function constraintList(node: JsonObject, withExample = false): string {
  const items: string[] = [];
  const add = (label: string, value: JsonValue | undefined): void => {
    if (value !== undefined) {
      items.push(`${escapeHtml(label)} <code>${escapeHtml(valueText(value))}</code>`);
    }
  };
  if (Array.isArray(node.enum)) {
    items.push(`one of ${node.enum.map((v) => `<code>${escapeHtml(valueText(v))}</code>`).join(', ')}`);
  }
  add('const', node.const);
  add('format', node.format);
  add('pattern', node.pattern);
  // 3.1 exclusive bounds are numbers of their own; 3.0 ones are boolean flags on minimum/maximum.
  for (const [bound, exclusive, sign] of [['minimum', 'exclusiveMinimum', '>'], ['maximum', 'exclusiveMaximum', '<']] as const) {
    const flag = node[exclusive];
    add(`${sign}=`, flag === true ? undefined : node[bound]);
    add(sign, typeof flag === 'number' ? flag : flag === true ? node[bound] : undefined);
  }
  for (const key of ['multipleOf', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties', 'default'] as const) {
    add(key, node[key]);
  }
  const flags = [
    node.uniqueItems === true ? 'unique items' : '',
    node.additionalProperties === false ? 'no additional properties' : '',
    node.readOnly === true ? '<span class="badge">read-only</span>' : '',
    node.writeOnly === true ? '<span class="badge">write-only</span>' : '',
    node.deprecated === true ? DEPRECATED.trim() : '',
  ];
  items.push(...flags.filter(Boolean));
  if (withExample) {
    add('example', schemaExample(node));
  }
  return items.length === 0 ? '' : `<ul class="constraints">${items.map((i) => `<li>${i}</li>`).join('')}</ul>`;
}

function schemaExample(node: JsonObject): JsonValue | undefined {
  return node.example ?? (Array.isArray(node.examples) ? node.examples[0] : undefined);
}

// ---- small helpers ----------------------------------------------------------------------------

function table(cls: string, headers: string[], rows: string[][]): string {
  const head = headers.map((h) => `<th>${h}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table class="${cls}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function requiredCell(required: boolean): string {
  return required ? '<span class="req">required</span>' : '<span class="muted">optional</span>';
}

function exampleBlock(label: string, value: JsonValue | undefined, open: boolean): string {
  return value === undefined ? '' : `<details${open ? ' open' : ''}><summary>${label}</summary><pre><code>${escapeHtml(valueText(value, true))}</code></pre></details>`;
}

function refLink(ref: string): string {
  let name = ref.slice(SCHEMA_PREFIX.length);
  try {
    name = parsePointer(ref)[2] ?? name;
  } catch {
    // malformed escapes: show the raw text
  }
  return `<a class="ref" href="${pages?.schemas.get(name) ?? ''}#${anchor('schema', name)}">${escapeHtml(name)}</a>`;
}

/** An HTML id / URL fragment for any name: other characters become `.hex.` (so distinct names stay distinct). */
function anchor(prefix: 'op' | 'schema' | 'tag', name: string): string {
  return `${prefix}-` + name.replace(/[^A-Za-z0-9_-]/gu, (c) => `.${c.codePointAt(0)!.toString(16)}.`);
}

function searchText(op: IROperation): string {
  return escapeHtml([op.method, op.path, op.operationId, op.summary ?? '', ...op.tags].join(' ').toLowerCase());
}

function methodBadge(method: string): string {
  return `<span class="method m-${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span>`;
}

function stringAt(node: JsonObject, key: string): string | undefined {
  const value = node[key];
  return typeof value === 'string' ? value : undefined;
}

/** Escaped paragraphs with `code` spans; '' for missing text. */
function prose(text: string | undefined): string {
  const paragraphs = (text ?? '').trim().split(/\n\s*\n/).filter(Boolean);
  return paragraphs.map((p) => `<p>${inline(p)}</p>`).join('');
}

/** Escaped text with `code` spans. */
function inline(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** Strings as they are, other values as (optionally indented) JSON. */
function valueText(value: JsonValue, pretty = false): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, pretty ? 2 : undefined);
}

function page(title: string, body: string): string {
  return `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<link rel="icon" href="data:,">\n<title>${escapeHtml(title)}</title>\n<style>${CSS}</style>\n</head>\n<body>\n${body}\n</body>\n</html>\n`;
}

const FILTER_SCRIPT = `<script>
document.getElementById('filter').addEventListener('input', function (e) {
  var q = e.target.value.trim().toLowerCase();
  document.querySelectorAll('[data-search]').forEach(function (el) {
    el.hidden = q !== '' && el.getAttribute('data-search').indexOf(q) < 0;
  });
});
</script>`;

const CSS = `
*{box-sizing:border-box}body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#fff;display:flex}
nav{position:sticky;top:0;height:100vh;overflow:auto;width:280px;flex:none;padding:16px;background:#f6f8fa;border-right:1px solid #d0d7de}
nav ul{list-style:none;margin:0 0 8px;padding:0}nav li a{display:block;padding:2px 0;color:#1f2328;text-decoration:none}nav h4{margin:12px 0 4px;text-transform:uppercase;font-size:12px;color:#57606a}
nav .home{font-weight:600;font-size:16px;color:#1f2328;text-decoration:none}#filter{width:100%;margin:12px 0 4px;padding:6px;border:1px solid #d0d7de;border-radius:6px}
main{flex:1;min-width:0;padding:24px 40px;max-width:1100px}main.wide{margin:0 auto}h1 .version,.version{font-size:13px;background:#ddf4ff;color:#0969da;border-radius:10px;padding:1px 8px;vertical-align:middle}
h2{border-bottom:1px solid #d0d7de;padding-bottom:4px;margin-top:40px}.op,.schema{border:1px solid #d0d7de;border-radius:8px;padding:12px 16px;margin:16px 0}
.muted{color:#57606a}code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;background:#f6f8fa;padding:1px 4px;border-radius:4px}
pre{background:#f6f8fa;padding:12px;border-radius:6px;overflow:auto}pre code{padding:0;background:none}
table{border-collapse:collapse;width:100%;margin:8px 0;font-size:13px}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f6f8fa}td p{margin:0}
.method{display:inline-block;min-width:54px;text-align:center;font:600 11px/18px ui-monospace,monospace;color:#fff;border-radius:4px;padding:0 4px;background:#6e7781}
.m-get{background:#1f883d}.m-post{background:#0969da}.m-put{background:#9a6700}.m-patch{background:#8250df}.m-delete{background:#cf222e}
.badge{display:inline-block;font-size:11px;border:1px solid #d0d7de;border-radius:10px;padding:0 6px;color:#57606a}.deprecated{color:#cf222e;border-color:#cf222e}
.req{color:#cf222e;font-weight:600}.status{font:600 12px ui-monospace,monospace;border-radius:4px;padding:1px 6px;color:#fff;background:#6e7781}
.s2{background:#1f883d}.s3{background:#0969da}.s4{background:#bc4c00}.s5{background:#cf222e}.mt{font:12px ui-monospace,monospace;color:#8250df}
.constraints{margin:0;padding-left:16px}.schema-head{margin:4px 0}.response{margin:8px 0 16px}h5{font-size:14px;margin:8px 0 4px}
.services li{margin:12px 0}.pager{text-align:center;color:#57606a}[hidden]{display:none!important}
`;
