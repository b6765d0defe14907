/**
 * Bundling: one self-contained document per service. External `$ref`s (other files, e.g.
 * specs/common/components.yaml) are imported into the root document's `components`, and the
 * references rewritten to local ones, so validators, type generators and docs see one file.
 * @see https://spec.openapis.org/oas/v3.1.0#reference-object
 */
import { existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { isExtensionEntry, isLiteralData, isNamedMap } from '@marquee/runtime/spec-literals';
import { HTTP_METHODS } from './names';
import { SpecFiles, SpecLoadError, getAt, isObject, parsePointer, type JsonObject, type JsonValue } from './load';

type ComponentKind = 'schemas' | 'parameters' | 'responses' | 'requestBodies' | 'headers' | 'examples' | 'pathItems';

export interface BundleResult {
  document: JsonObject;
  /** Every file the bundle read, relative to cwd (inputs for the cache key). */
  files: string[];
  /**
   * Where each part imported from another file came from: a bundled pointer
   * (`/components/schemas/Problem`, `/paths/~1films`) → the absolute file and the pointer
   * segments there, so findings can be located in the file a change really lives in.
   */
  origins: Map<string, { file: string; pointer: string[] }>;
}

export function bundleSpec(rootPath: string, files = new SpecFiles()): BundleResult {
  const root = files.get(rootPath);
  const document = structuredClone(root.data);
  const imported = new Map<string, string>();
  const origins: BundleResult['origins'] = new Map();
  const components = (isObject(document.components) ? document.components : (document.components = {})) as JsonObject;

  /** A SpecLoadError at the `$ref` (file:line), naming the ref and what to do. */
  const failAt = (at: Where, message: string): never => {
    let pos: { line: number; column: number } | undefined;
    try {
      pos = files.get(at.file).locate(pointerOf(at));
    } catch {
      pos = undefined;
    }
    throw new SpecLoadError(message, relative(process.cwd(), at.file) || at.file, pos?.line, pos?.column);
  };

  /** The target of `ref` written in `at.file`: its file and pointer, loaded; errors say where the ref stands. */
  const resolveTarget = (ref: string, at: Where): { file: string; pointer: string[]; value: JsonValue } => {
    const hash = ref.indexOf('#');
    const filePart = hash === -1 ? ref : ref.slice(0, hash);
    const fragment = hash === -1 ? '' : ref.slice(hash + 1);
    if (/^[a-z][a-z0-9+.-]*:/i.test(filePart)) {
      failAt(at, `remote $ref '${ref}' is not supported: download it next to the spec and refer to the local copy`);
    }
    const file = filePart === '' ? at.file : resolve(dirname(at.file), decodeURI(filePart));
    if (!existsSync(file)) {
      failAt(at, `$ref '${ref}' points at ${relative(process.cwd(), file)}, which does not exist: fix the path (relative to ${relative(process.cwd(), dirname(at.file)) || '.'}) or add the file`);
    }
    let pointer: string[] = [];
    try {
      pointer = parsePointer(fragment);
    } catch {
      failAt(at, `$ref '${ref}' has a fragment that is not a JSON pointer ('#/a/b'): fix the fragment`);
    }
    const value = getAt(files.get(file).data, pointer);
    if (value === undefined) {
      failAt(at, `$ref target '${relative(process.cwd(), file)}#${fragment}' does not exist ($ref '${ref}'): fix the pointer or add the definition`);
    }
    return { file, pointer, value: value as JsonValue };
  };

  const importTarget = (ref: string, kind: ComponentKind, at: Where): string => {
    const target = resolveTarget(ref, at);
    const key = `${target.file}#${target.pointer.join('/')}`;
    const known = imported.get(key);
    if (known) {
      return known;
    }
    const { file, pointer } = target;
    const fromComponents = pointer[0] === 'components' && pointer.length === 3;
    const resolvedKind = fromComponents ? (pointer[1] as ComponentKind) : kind;
    const baseName = sanitizeName(pointer.at(-1) ?? file.replace(/^.*\/|\.(ya?ml|json)$/g, ''));
    const section = (isObject(components[resolvedKind]) ? components[resolvedKind] : (components[resolvedKind] = {})) as JsonObject;
    let name = baseName;
    for (let n = 2; Object.hasOwn(section, name); n++) {
      name = `${baseName}${n}`;
    }
    const local = `#/components/${resolvedKind}/${name}`;
    imported.set(key, local);
    origins.set(local.slice(1), { file, pointer });
    section[name] = {}; // reserve the name before walking, so recursive schemas terminate
    section[name] = rewrite(structuredClone(target.value), whereAt(file, pointer), resolvedKind);
    return local;
  };

  const rewrite = (node: JsonValue, at: Where, kind: ComponentKind): JsonValue => {
    if (Array.isArray(node)) {
      return node.map((item, i) => rewrite(item, child(at, String(i)), kind));
    }
    if (!isObject(node)) {
      return node;
    }
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      if (isNamedMap(key, value)) {
        // Names are not keywords: a response called `default`, a property called `headers`.
        const entryKind = childKind(kind, key);
        const where = child(at, key);
        out[key] = Object.fromEntries(Object.entries(value).map(([name, entry]) => [name, isExtensionEntry(key, name) ? entry : rewrite(entry, child(where, name), entryKind)]));
      } else if (isLiteralData(key, value, kind === 'examples')) {
        out[key] = value;
      } else if (key === '$ref' && typeof value === 'string') {
        out[key] = rewriteRef(value, child(at, key), kind);
      } else if (key === 'discriminator' && isObject(value) && isObject(value.mapping)) {
        out[key] = { ...(value as JsonObject), mapping: rewriteMapping(value.mapping, child(child(at, key), 'mapping')) };
      } else {
        out[key] = rewrite(value, child(at, key), childKind(kind, key));
      }
    }
    return out;
  };

  /**
   * `discriminator.mapping` values are schema names or references: references to other files
   * are imported like any `$ref`, and references relative to an imported file are made local.
   */
  const rewriteMapping = (mapping: JsonObject, at: Where): JsonObject =>
    Object.fromEntries(
      Object.entries(mapping).map(([value, target]) => {
        const isRef = typeof target === 'string' && (target.includes('#') || target.includes('/') || /\.(ya?ml|json)$/.test(target));
        return [value, isRef ? rewriteRef(target, child(at, value), 'schemas') : target];
      }),
    );

  /** Pointers into the root document (its components growing with what is imported) already known to resolve. */
  const checkedLocal = new Set<string>();
  const rewriteRef = (ref: string, at: Where, kind: ComponentKind): string => {
    const hash = ref.indexOf('#');
    const filePart = hash === -1 ? ref : ref.slice(0, hash);
    const targetFile = filePart === '' ? at.file : /^[a-z][a-z0-9+.-]*:/i.test(filePart) ? '' : resolve(dirname(at.file), decodeURI(filePart));
    if (targetFile === root.path) {
      const local = `#${hash === -1 ? '' : ref.slice(hash + 1)}`;
      if (!checkedLocal.has(local)) {
        if (!resolvesIn(document, local)) {
          resolveTarget(ref, at); // a dangling pointer fails at its $ref, not later in tsc over the output
        }
        checkedLocal.add(local);
      }
      return local;
    }
    return importTarget(ref, kind, at);
  };

  /** A path item or operation kept in place (OpenAPI 3.0 has no components/pathItems): its target, inlined. */
  const inlineTarget = (item: JsonObject, at: Where, what: string): { value: JsonObject; at: Where } => {
    const { $ref, ...siblings } = item;
    const target = resolveTarget(String($ref), at);
    if (!isObject(target.value)) {
      failAt(at, `$ref '${String($ref)}' should point at ${what}, but its target is not an object: fix the pointer`);
    }
    return { value: { ...(target.value as JsonObject), ...siblings }, at: whereAt(target.file, target.pointer) };
  };

  /** Path items (and their operations) pulled in from other files stay path items and operations. */
  const rewritePathItem = (raw: JsonValue, at: Where): JsonValue => {
    if (!isObject(raw)) {
      return raw;
    }
    let item = raw;
    let where = at;
    for (let depth = 0; typeof item.$ref === 'string' && depth < 8; depth++) {
      ({ value: item, at: where } = inlineTarget(item, where, 'a path item'));
    }
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(item)) {
      let op = value;
      let opAt = child(where, key);
      if ((HTTP_METHODS as readonly string[]).includes(key)) {
        for (let depth = 0; isObject(op) && typeof op.$ref === 'string' && depth < 8; depth++) {
          ({ value: op, at: opAt } = inlineTarget(op, opAt, 'an operation'));
        }
      }
      out[key] = key === '$ref' ? value : rewrite(op, opAt, childKind('schemas', key));
    }
    if (where !== at) {
      origins.set(`/${pointerOf(at).map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`, { file: where.file, pointer: pointerOf(where) });
    }
    return out;
  };

  const top: JsonObject = {};
  for (const [key, value] of Object.entries(document)) {
    if ((key === 'paths' || key === 'webhooks') && isObject(value)) {
      top[key] = Object.fromEntries(Object.entries(value).map(([name, item]) => [name, name.startsWith('x-') ? item : rewritePathItem(item, whereAt(root.path, [key, name]))]));
    } else {
      top[key] = rewrite(value, whereAt(root.path, [key]), 'schemas');
    }
  }
  // `rewrite` built new objects; keep the components collected on the way.
  top.components = mergeComponents(top.components, components);
  return { document: top, files: files.all().map((f) => relative(process.cwd(), f.path)).sort(), origins };
}

/** Where a node stands: its file and JSON pointer, kept as a chain so walking costs one small object per node. */
interface Where {
  file: string;
  up?: Where;
  key?: string;
  /** The pointer of a chain's first link. */
  base?: string[];
}

function resolvesIn(data: JsonValue, local: string): boolean {
  try {
    return getAt(data, parsePointer(local.slice(1))) !== undefined;
  } catch {
    return false;
  }
}

function child(at: Where, key: string): Where {
  return { file: at.file, up: at, key };
}

function whereAt(file: string, pointer: string[]): Where {
  return { file, base: pointer };
}

function pointerOf(where: Where): string[] {
  const keys: string[] = [];
  let w: Where | undefined = where;
  for (; w?.key !== undefined; w = w.up) {
    keys.push(w.key);
  }
  return [...(w?.base ?? []), ...keys.reverse()];
}

/** Which component section a `$ref` found under `key` most likely points at. */
function childKind(parent: ComponentKind, key: string): ComponentKind {
  switch (key) {
    case 'parameters':
      return 'parameters';
    case 'responses':
      return 'responses';
    case 'requestBody':
    case 'requestBodies':
      return 'requestBodies';
    case 'headers':
      return 'headers';
    case 'examples':
      return 'examples';
    case 'schema':
    case 'schemas':
    case 'items':
    case 'properties':
    case 'additionalProperties':
    case 'allOf':
    case 'oneOf':
    case 'anyOf':
    case 'not':
      return 'schemas';
    default:
      return parent;
  }
}

function mergeComponents(fromWalk: JsonValue | undefined, collected: JsonObject): JsonObject {
  const out: JsonObject = isObject(fromWalk) ? { ...fromWalk } : {};
  for (const [kind, section] of Object.entries(collected)) {
    if (!isObject(section)) {
      continue;
    }
    const existing = isObject(out[kind]) ? (out[kind] as JsonObject) : {};
    out[kind] = { ...existing, ...Object.fromEntries(Object.entries(section).filter(([name]) => !(name in existing))) };
  }
  return out;
}

function sanitizeName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_.-]/g, '_');
  return cleaned === '' ? 'Imported' : cleaned;
}
