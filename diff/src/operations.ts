/**
 * Operations of one document, keyed so the same endpoint matches across versions: the method
 * plus the path template with parameter names blanked (`GET /films/{}`), because renaming
 * `{filmId}` to `{id}` does not change the URL a client calls.
 * @see https://spec.openapis.org/oas/v3.1.0#paths-object
 */
import { HTTP_METHODS, isObject, synthesizeId, toIdentifier } from '@marquee/openapi';
import { joinPointer } from './pointer';
import type { Located } from './located';
import type { SpecDoc } from './spec-doc';
import type { OperationRef } from './types';

export interface ParameterEntry {
  name: string;
  in: string;
  required: boolean;
  deprecated: boolean;
  style: string;
  explode: boolean;
  /** The parameter object, after following its `$ref`. */
  located: Located;
  schema: Located;
}

export interface SecurityAlternative {
  /** Scheme name → required scopes. */
  schemes: Map<string, Set<string>>;
  pointer: string;
}

/**
 * What the entry is: an operation under `paths`, a 3.1 webhook (4.8.1, `webhooks`) or a callback
 * of an operation (4.8.18). Webhooks and callbacks are diffed with the same rules as operations.
 */
export type OperationKind = 'operation' | 'webhook' | 'callback';

export interface OperationEntry {
  kind: OperationKind;
  key: string;
  normalizedPath: string;
  ref: OperationRef;
  /** The method name generated clients use for this operation. */
  clientMethod: string;
  located: Located;
  pathPointer: string;
  deprecated: boolean;
  /** The raw `x-sunset` value, if any. */
  sunset?: string;
  parameters: ParameterEntry[];
  security: SecurityAlternative[];
}

/** Header parameters the spec says to ignore: they are described elsewhere (4.8.12.1). */
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

export function normalizePath(path: string): string {
  return path.replace(/\{[^}]*\}/g, '{}').replace(/\/+$/, '') || '/';
}

export function indexOperations(doc: SpecDoc): Map<string, OperationEntry> {
  const out = new Map<string, OperationEntry>();
  const paths = isObject(doc.root.paths) ? doc.root.paths : {};
  for (const path of Object.keys(paths)) {
    indexPathItem(doc, out, { kind: 'operation', path, normalizedPath: normalizePath(path), pathPointer: joinPointer('/paths', path) });
  }
  const webhooks = isObject(doc.root.webhooks) ? doc.root.webhooks : {};
  for (const name of Object.keys(webhooks)) {
    const path = `(webhook ${name})`;
    indexPathItem(doc, out, { kind: 'webhook', path, normalizedPath: path, pathPointer: joinPointer('/webhooks', name) });
  }
  return out;
}

interface PathItemArgs {
  kind: OperationKind;
  /** How the entry is named in findings: the path template, or a webhook/callback label. */
  path: string;
  /** The matching key's path part (parameter names blanked). */
  normalizedPath: string;
  pathPointer: string;
}

function indexPathItem(doc: SpecDoc, out: Map<string, OperationEntry>, args: PathItemArgs): void {
  const item = doc.deref(doc.at(args.pathPointer));
  if (!isObject(item.node)) {
    return;
  }
  const shared = parametersOf(doc, doc.child(item, 'parameters'));
  for (const method of HTTP_METHODS) {
    const located = doc.child(item, method);
    if (!isObject(located.node)) {
      continue;
    }
    const entry = toEntry({ doc, method, located, shared, ...args });
    out.set(entry.key, entry);
    indexCallbacks(doc, out, entry);
  }
}

/** An operation's callbacks (name → runtime expression → path item), keyed under the operation. */
function indexCallbacks(doc: SpecDoc, out: Map<string, OperationEntry>, parent: OperationEntry): void {
  const callbacks = doc.child(parent.located, 'callbacks');
  if (!isObject(callbacks.node)) {
    return;
  }
  for (const name of Object.keys(callbacks.node)) {
    const callback = doc.deref(doc.child(callbacks, name));
    if (!isObject(callback.node)) {
      continue;
    }
    for (const expression of Object.keys(callback.node)) {
      const label = `(callback ${name} of ${parent.ref.method} ${parent.ref.path}: ${expression})`;
      const normalizedPath = `(callback ${name} of ${parent.key}: ${normalizePath(expression)})`;
      indexPathItem(doc, out, { kind: 'callback', path: label, normalizedPath, pathPointer: joinPointer(callback.pointer, expression) });
    }
  }
}

interface EntryArgs extends PathItemArgs {
  doc: SpecDoc;
  method: string;
  located: Located;
  shared: ParameterEntry[];
}

function toEntry({ doc, kind, path, normalizedPath, method, located, shared, pathPointer }: EntryArgs): OperationEntry {
  const op = located.node as Record<string, unknown>;
  const operationId = typeof op.operationId === 'string' && op.operationId !== '' ? op.operationId : undefined;
  const own = parametersOf(doc, doc.child(located, 'parameters'));
  const parameters = [...shared.filter((s) => !own.some((o) => sameParameter(o, s))), ...own];
  const sunset = op['x-sunset'];
  return {
    kind,
    key: `${method.toUpperCase()} ${normalizedPath}`,
    normalizedPath,
    ref: { method: method.toUpperCase(), path, ...(operationId ? { operationId } : {}) },
    clientMethod: operationId ? toIdentifier(operationId) : synthesizeId(method, path),
    located,
    pathPointer,
    deprecated: op.deprecated === true,
    ...(typeof sunset === 'string' ? { sunset } : sunset instanceof Date ? { sunset: sunset.toISOString().slice(0, 10) } : {}),
    parameters,
    security: securityOf(doc, located),
  };
}

export function sameParameter(a: { name: string; in: string }, b: { name: string; in: string }): boolean {
  return a.in === b.in && (a.in === 'header' ? a.name.toLowerCase() === b.name.toLowerCase() : a.name === b.name);
}

function parametersOf(doc: SpecDoc, list: Located): ParameterEntry[] {
  if (!Array.isArray(list.node)) {
    return [];
  }
  return list.node
    .map((_, i) => doc.deref(doc.child(list, String(i))))
    .filter((p) => isObject(p.node))
    .map((located) => toParameter(doc, located))
    .filter((p) => !(p.in === 'header' && IGNORED_HEADERS.has(p.name.toLowerCase())));
}

function toParameter(doc: SpecDoc, located: Located): ParameterEntry {
  const p = located.node as Record<string, unknown>;
  const location = String(p.in);
  const formStyle = location === 'query' || location === 'cookie';
  const style = typeof p.style === 'string' ? p.style : formStyle ? 'form' : 'simple';
  return {
    name: String(p.name),
    in: location,
    required: p.required === true || location === 'path',
    deprecated: p.deprecated === true,
    style,
    explode: typeof p.explode === 'boolean' ? p.explode : style === 'form',
    located,
    schema: parameterSchema(doc, located),
  };
}

/** A parameter's schema, or the schema of its single `content` entry (4.8.12.4). */
function parameterSchema(doc: SpecDoc, located: Located): Located {
  const p = located.node as Record<string, unknown>;
  if (p.schema !== undefined || !isObject(p.content)) {
    return doc.child(located, 'schema');
  }
  const mediaType = Object.keys(p.content)[0];
  return mediaType === undefined ? doc.child(located, 'schema') : doc.child(doc.child(doc.child(located, 'content'), mediaType), 'schema');
}

/** The operation's own `security`, else the document's; `{}` in the list means "no auth". */
function securityOf(doc: SpecDoc, operation: Located): SecurityAlternative[] {
  const own = doc.child(operation, 'security');
  const list = Array.isArray(own.node) ? own : doc.at('/security');
  if (!Array.isArray(list.node)) {
    return [{ schemes: new Map(), pointer: list.pointer }];
  }
  if (list.node.length === 0) {
    return [{ schemes: new Map(), pointer: list.pointer }];
  }
  return list.node.map((requirement, i) => ({
    schemes: new Map(
      Object.entries(isObject(requirement) ? requirement : {}).map(([scheme, scopes]) => [
        scheme,
        new Set(Array.isArray(scopes) ? scopes.map(String) : []),
      ]),
    ),
    pointer: `${list.pointer}/${i}`,
  }));
}
