/**
 * Loading specs: YAML or JSON files parsed with source positions, so lint findings and bundle
 * errors can point at file:line.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { jsonLocator } from './json-positions';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import { LineCounter, isMap, isSeq, parseDocument, type Document, type Node } from 'yaml';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface LoadedFile {
  path: string;
  data: JsonObject;
  text: string;
  locate(pointer: readonly (string | number)[]): { line: number; column: number };
}

export class SpecLoadError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(`${file}${line ? `:${line}${column ? `:${column}` : ''}` : ''}: ${message}`);
    this.name = 'SpecLoadError';
  }
}

/** Caches parsed files by absolute path for one generator run. */
export class SpecFiles {
  private readonly files = new Map<string, LoadedFile>();

  get(path: string): LoadedFile {
    const abs = resolve(path);
    let file = this.files.get(abs);
    if (!file) {
      file = loadFile(abs);
      this.files.set(abs, file);
    }
    return file;
  }

  all(): LoadedFile[] {
    return [...this.files.values()];
  }
}

export function loadFile(path: string): LoadedFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SpecLoadError(`cannot read file (${(err as NodeJS.ErrnoException).code ?? String(err)})`, path);
  }
  // JSON (most large published specs) parses an order of magnitude faster with JSON.parse; its
  // positions are computed only when a finding needs one. Anything JSON.parse refuses (YAML,
  // or broken JSON whose error YAML reports with a line) takes the YAML path.
  const json = looksLikeJson(path, text) ? tryJson(text) : undefined;
  if (json !== undefined) {
    let locate: LoadedFile['locate'] | undefined;
    return { path, text, data: json, locate: (pointer) => (locate ??= jsonLocator(text))(pointer) };
  }
  // YAML: js-yaml reads the data about 7x faster than `yaml`, whose document (with source
  // positions) is then built only when a finding needs a line. Anything js-yaml refuses, and any
  // file with anchors (alias limits), takes the `yaml` path, which reports errors with a line.
  const fast = ANCHOR.test(text) ? undefined : tryFastYaml(text);
  if (fast !== undefined) {
    let parsed: ParsedYaml | undefined;
    return { path, text, data: fast, locate: (pointer) => locateNode((parsed ??= parseYaml(text, path)), pointer) };
  }
  const parsed = parseYaml(text, path);
  const data = parsed.doc.toJS({ maxAliasCount: 1000 }) as unknown;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new SpecLoadError('expected a YAML or JSON object at the top level', path, 1);
  }
  return { path, text, data: data as JsonObject, locate: (pointer) => locateNode(parsed, pointer) };
}

/** A YAML anchor (`&name`) outside quotes is rare in specs; such files keep the `yaml` parser. */
const ANCHOR = /(^|[\s[{,:-])&[^\s]/m;

/** The top-level object by js-yaml (YAML 1.2 core schema, duplicate keys refused), or undefined. */
function tryFastYaml(text: string): JsonObject | undefined {
  try {
    const value = loadYaml(text, { schema: CORE_SCHEMA }) as unknown;
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

interface ParsedYaml {
  doc: Document;
  lineCounter: LineCounter;
}

function parseYaml(text: string, path: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, merge: false });
  const firstError = doc.errors[0];
  if (firstError) {
    const line = firstError.linePos?.[0].line;
    throw new SpecLoadError(firstError.message.split('\n')[0] ?? 'invalid YAML', path, line);
  }
  return { doc, lineCounter };
}

function looksLikeJson(path: string, text: string): boolean {
  return path.endsWith('.json') || /^\s*\{/.test(text);
}

/** The top-level object, or undefined when the text is not a JSON object (the YAML path decides). */
function tryJson(text: string): JsonObject | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function locateNode({ doc, lineCounter }: ParsedYaml, pointer: readonly (string | number)[]): { line: number; column: number } {
  let node: unknown = doc.contents;
  let best: Node | null = (doc.contents as Node | null) ?? null;
  for (const key of pointer) {
    if (isMap(node)) {
      const pair = node.items.find((item) => String((item.key as { value?: unknown } | null)?.value) === String(key));
      if (!pair) {
        break;
      }
      best = (pair.key as Node | null) ?? best;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(key)];
      if (item === undefined) {
        break;
      }
      best = item as Node;
      node = item;
    } else {
      break;
    }
  }
  const offset = best?.range?.[0] ?? 0;
  const pos = lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** RFC 6901 pointer segments of a local `#/...` reference fragment. */
export function parsePointer(fragment: string): string[] {
  if (fragment === '' || fragment === '#') {
    return [];
  }
  const body = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (!body.startsWith('/')) {
    throw new Error(`unsupported JSON pointer '${fragment}'`);
  }
  return body
    .slice(1)
    .split('/')
    .map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function getAt(root: JsonValue, pointer: readonly string[]): JsonValue | undefined {
  let node: JsonValue | undefined = root;
  for (const key of pointer) {
    if (Array.isArray(node)) {
      node = node[Number(key)];
    } else if (isObject(node)) {
      node = Object.hasOwn(node, key) ? node[key] : undefined;
    } else {
      return undefined;
    }
  }
  return node;
}
