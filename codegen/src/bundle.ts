/**
 * Bundling: one self-contained document per service. External `$ref`s (other files, e.g.
 * specs/common/components.yaml) are imported into the root document's `components`, and the
 * references rewritten to local ones, so validators, type generators and docs see one file.
 * @see https://spec.openapis.org/oas/v3.1.0#reference-object
 */
import { dirname, relative, resolve } from 'node:path';
import { isExtensionEntry, isLiteralData, isNamedMap } from '@marquee/runtime/spec-literals';
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

  const importTarget = (file: string, fragment: string, kind: ComponentKind, where: string): string => {
    const key = `${file}#${fragment}`;
    const known = imported.get(key);
    if (known) {
      return known;
    }
    const source = files.get(file);
    const pointer = parsePointer(fragment);
    const target = getAt(source.data, pointer);
    if (target === undefined) {
      throw new SpecLoadError(`$ref target '${relative(process.cwd(), file)}#${fragment}' does not exist`, where);
    }
    const fromComponents = pointer[0] === 'components' && pointer.length === 3;
    const resolvedKind = fromComponents ? (pointer[1] as ComponentKind) : kind;
    const baseName = sanitizeName(pointer.at(-1) ?? file.replace(/^.*\/|\.(ya?ml|json)$/g, ''));
    const section = (isObject(components[resolvedKind]) ? components[resolvedKind] : (components[resolvedKind] = {})) as JsonObject;
    let name = baseName;
    for (let n = 2; Object.hasOwn(section, name); n++) {
      name = `${baseName}${n}`;
    }
    const ref = `#/components/${resolvedKind}/${name}`;
    imported.set(key, ref);
    origins.set(ref.slice(1), { file, pointer });
    section[name] = {}; // reserve the name before walking, so recursive schemas terminate
    section[name] = rewrite(structuredClone(target), file, resolvedKind);
    return ref;
  };

  const rewrite = (node: JsonValue, file: string, kind: ComponentKind): JsonValue => {
    if (Array.isArray(node)) {
      return node.map((item) => rewrite(item, file, kind));
    }
    if (!isObject(node)) {
      return node;
    }
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      if (isNamedMap(key, value)) {
        // Names are not keywords: a response called `default`, a property called `headers`.
        const entryKind = childKind(kind, key);
        out[key] = Object.fromEntries(Object.entries(value).map(([name, entry]) => [name, isExtensionEntry(key, name) ? entry : rewrite(entry, file, entryKind)]));
      } else if (isLiteralData(key, value, kind === 'examples')) {
        out[key] = value;
      } else if (key === '$ref' && typeof value === 'string') {
        out[key] = rewriteRef(value, file, kind);
      } else {
        out[key] = rewrite(value, file, childKind(kind, key));
      }
    }
    return out;
  };

  const rewriteRef = (ref: string, file: string, kind: ComponentKind): string => {
    const hash = ref.indexOf('#');
    const filePart = hash === -1 ? ref : ref.slice(0, hash);
    const fragment = hash === -1 ? '' : ref.slice(hash + 1);
    if (/^[a-z]+:\/\//i.test(filePart)) {
      throw new SpecLoadError(`remote $ref '${ref}' is not supported: download it next to the spec`, file);
    }
    const targetFile = filePart === '' ? file : resolve(dirname(file), filePart);
    if (targetFile === root.path) {
      return `#${fragment}`;
    }
    return importTarget(targetFile, fragment, kind, file);
  };

  // Path items split into files of their own are inlined: OpenAPI 3.0 has no components/pathItems.
  for (const section of [document.paths, document.webhooks].filter(isObject)) {
    for (const [key, item] of Object.entries(section)) {
      if (isObject(item) && typeof item.$ref === 'string' && !item.$ref.startsWith('#')) {
        const { $ref, ...siblings } = item;
        const [filePart = '', fragment = ''] = $ref.split('#');
        if (/^[a-z]+:\/\//i.test(filePart)) {
          throw new SpecLoadError(`remote $ref '${$ref}' is not supported: download it next to the spec`, root.path);
        }
        const file = resolve(dirname(root.path), filePart);
        const target = getAt(files.get(file).data, parsePointer(fragment));
        if (!isObject(target)) {
          throw new SpecLoadError(`$ref target '${relative(process.cwd(), file)}#${fragment}' is not a path item`, root.path);
        }
        section[key] = { ...(rewrite(structuredClone(target), file, 'schemas') as JsonObject), ...siblings };
        const where = section === document.paths ? 'paths' : 'webhooks';
        origins.set(`/${where}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, { file, pointer: parsePointer(fragment) });
      }
    }
  }
  const rewritten = rewrite(document, root.path, 'schemas') as JsonObject;
  // `rewrite` built a new object; keep the components collected on the way.
  rewritten.components = mergeComponents(rewritten.components, components);
  return { document: rewritten, files: files.all().map((f) => relative(process.cwd(), f.path)).sort(), origins };
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
