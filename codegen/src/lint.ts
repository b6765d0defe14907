/**
 * Our own spec rules. Every finding carries file:line and a fix, and all findings are
 * collected before the run fails.
 */
import { dirname, relative, resolve } from 'node:path';
import { HTTP_METHODS, pascal, toIdentifier } from './ir';
import { isSecured, lintTransportResponses } from './lint-transport';
import { getAt, isObject, parsePointer, SpecFiles, SpecLoadError, type JsonValue, type LoadedFile } from '@marquee/openapi';

export type Severity = 'error' | 'warning';

export interface Finding {
  rule: string;
  severity: Severity;
  file: string;
  line: number;
  column: number;
  message: string;
  fix: string;
}

interface Located {
  file: LoadedFile;
  pointer: string[];
  value: JsonValue | undefined;
}

export function lintSpec(rootPath: string, files = new SpecFiles()): Finding[] {
  const root = files.get(rootPath);
  const findings: Finding[] = [];
  const report = (rule: string, at: { file: LoadedFile; pointer: string[] }, message: string, fix: string, severity: Severity = 'error') => {
    const { line, column } = at.file.locate(at.pointer);
    findings.push({ rule, severity, file: relative(process.cwd(), at.file.path), line, column, message, fix });
  };
  const follow = (from: LoadedFile, pointer: string[], value: JsonValue | undefined, depth = 0): Located => {
    if (depth > 16 || !isObject(value) || typeof value.$ref !== 'string') {
      return { file: from, pointer, value };
    }
    const [filePart = '', fragment = ''] = value.$ref.split('#');
    const target = filePart === '' ? from : loadOrSkip(files, resolve(dirname(from.path), filePart));
    if (!target) {
      return { file: from, pointer, value: undefined };
    }
    const targetPointer = parsePointer(fragment);
    return follow(target, targetPointer, getAt(target.data, targetPointer), depth + 1);
  };

  let reachableLoaded = false;
  /** A `$ref` from `from` to a response named `name` that one of the spec's files defines (its own first). */
  const sharedResponseRef = (from: LoadedFile, name: string): string | undefined => {
    if (!reachableLoaded) {
      loadReachable(root, files);
      reachableLoaded = true;
    }
    const defines = (file: LoadedFile) => isObject(file.data.components) && isObject(file.data.components.responses) && isObject(file.data.components.responses[name]);
    const file = [from, root, ...files.all()].find(defines);
    const path = file && file !== from ? relative(dirname(from.path), file.path) : '';
    return file ? `${path && !path.startsWith('.') ? `./${path}` : path}#/components/responses/${name}` : undefined;
  };

  const seenIds = new Map<string, string>();
  const paths = isObject(root.data.paths) ? root.data.paths : {};
  for (const [path, rawItem] of Object.entries(paths)) {
    // A path item may live in a file of its own; findings then point into that file.
    const { file: itemFile, pointer: itemPointer, value: item } = follow(root, ['paths', path], rawItem);
    if (!isObject(item)) {
      continue;
    }
    if (path.includes('?') || path.includes('#')) {
      report('path-query-string', { file: root, pointer: ['paths', path] }, `path '${path}' has a query string or fragment; a path template cannot match one, so no request could reach its operations`, `declare the query part as a parameter (\`in: query\`) of the operations under '${path.replace(/[?#].*$/, '')}', or leave this path out; the generator skips it meanwhile`, 'warning');
    }
    for (const method of HTTP_METHODS) {
      // An operation may itself be a $ref to another file (or elsewhere in this one).
      const { file: opFile, pointer: opPointer, value: op } = follow(itemFile, [...itemPointer, method], item[method]);
      if (!isObject(op)) {
        continue;
      }
      const at = { file: opFile, pointer: opPointer };
      const label = `${method.toUpperCase()} ${path}`;
      const id = op.operationId;
      if (typeof id !== 'string' || id === '') {
        report('operation-id', at, `${label} has no operationId`, `add \`operationId: ${suggestId(method, path)}\``);
      } else {
        if (!/^[a-z][A-Za-z0-9]*$/.test(id)) {
          report('operation-id-case', { file: opFile, pointer: [...at.pointer, 'operationId'] }, `operationId '${id}' is not camelCase`, 'use a camelCase verbNoun such as listFilms');
        }
        const previous = seenIds.get(id);
        if (previous) {
          report('operation-id-unique', { file: opFile, pointer: [...at.pointer, 'operationId'] }, `operationId '${id}' is also used by ${previous}`, 'give each operation its own operationId');
        }
        seenIds.set(id, label);
      }
      if (typeof op.summary !== 'string' || typeof op.description !== 'string') {
        report('operation-described', at, `${label} needs both a summary and a description`, 'add `summary:` (a few words) and `description:` (what it does, what it checks)');
      }
      if (op.deprecated === true) {
        const sunset = op['x-sunset'];
        if (typeof sunset !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(sunset) || Number.isNaN(Date.parse(sunset))) {
          report('deprecated-sunset', at, `${label} is deprecated without a valid \`x-sunset\` date`, 'add `x-sunset: YYYY-MM-DD` (the day after which it may be removed) and `x-successor: <path of the replacement>`');
        }
        if (typeof op['x-successor'] !== 'string') {
          report('deprecated-successor', at, `${label} is deprecated without \`x-successor\``, 'add `x-successor: /v2/...` naming the operation callers should move to', 'warning');
        }
      }
      lintSecurity({ op, at, label, rootSecurity: root.data.security, schemes: securitySchemesOf(root.data), report });
      lintTransportResponses({ op, at, label, secured: isSecured(op.security ?? root.data.security), responseRef: (name) => sharedResponseRef(opFile, name), report });
      const responses = isObject(op.responses) ? op.responses : {};
      const hasProblem4xx = Object.entries(responses).some(([status, r]) => {
        if (!/^4/.test(status)) {
          return false;
        }
        const resolved = follow(opFile, [...at.pointer, 'responses', status], r);
        return isObject(resolved.value) && isObject(resolved.value.content) && 'application/problem+json' in resolved.value.content;
      });
      if (!hasProblem4xx) {
        report('problem-4xx', { file: opFile, pointer: [...at.pointer, 'responses'] }, `${label} declares no 4xx response with application/problem+json`, 'declare a 4xx response (e.g. 400) whose content is `application/problem+json` (RFC 9457), ideally one shared under components/responses');
      }
      const params = [...(Array.isArray(item.parameters) ? item.parameters : []).map((p, i) => ({ p, ptr: [...itemPointer, 'parameters', String(i)], file: itemFile })), ...(Array.isArray(op.parameters) ? op.parameters : []).map((p, i) => ({ p, ptr: [...at.pointer, 'parameters', String(i)], file: opFile }))];
      for (const { p, ptr, file: paramFile } of params) {
        const resolved = follow(paramFile, ptr, p);
        if (isObject(resolved.value) && typeof resolved.value.description !== 'string') {
          report('parameter-described', resolved, `parameter '${String(resolved.value.name)}' of ${label} has no description`, 'add `description:`');
        }
        if (isObject(resolved.value) && resolved.value.example === undefined && resolved.value.examples === undefined) {
          report('parameter-example', resolved, `parameter '${String(resolved.value.name)}' of ${label} has no example`, 'add `example:`', 'warning');
        }
      }
      for (const [status, r] of Object.entries(responses)) {
        const resolved = follow(opFile, [...at.pointer, 'responses', status], r);
        const content = isObject(resolved.value) && isObject(resolved.value.content) ? resolved.value.content : {};
        for (const [mediaType, media] of Object.entries(content)) {
          if (isObject(media) && isObject(media.schema) && media.schema.$ref === undefined && media.schema.type === 'object') {
            report('no-inline-response-object', { file: resolved.file, pointer: [...resolved.pointer, 'content', mediaType, 'schema'] }, `${label} ${status} has an inline object schema`, 'move it to components/schemas and $ref it, so clients get a named type');
          }
        }
      }
    }
  }
  loadReachable(root, files);
  const schemaFiles = new Set<LoadedFile>([root, ...files.all()]);
  for (const file of schemaFiles) {
    const components = isObject(file.data.components) && isObject(file.data.components.schemas) ? file.data.components.schemas : {};
    for (const [name, schema] of Object.entries(components)) {
      const at = { file, pointer: ['components', 'schemas', name] };
      if (!isObject(schema) || schema.$ref !== undefined) {
        continue;
      }
      if (typeof schema.description !== 'string') {
        report('schema-described', at, `schema '${name}' has no description`, 'add `description:` saying what it represents');
      }
      if (schema.example === undefined && schema.examples === undefined) {
        report('schema-example', at, `schema '${name}' has no example`, 'add `example:` with a realistic value');
      }
    }
  }
  return dedupe(findings);
}

type Report = (rule: string, at: { file: LoadedFile; pointer: string[] }, message: string, fix: string, severity?: Severity) => void;

function securitySchemesOf(document: JsonValue): Record<string, JsonValue> {
  return isObject(document) && isObject(document.components) && isObject(document.components.securitySchemes) ? document.components.securitySchemes : {};
}

const SUPPORTED_SCHEME = (def: JsonValue | undefined): boolean =>
  isObject(def) &&
  (def.type === 'oauth2' || def.type === 'openIdConnect' || (def.type === 'http' && String(def.scheme).toLowerCase() === 'bearer') || (def.type === 'apiKey' && def.in === 'header' && String(def.name).toLowerCase() === 'x-api-key'));

/**
 * Every operation declares who may call it: `security` (its own or the root default) naming
 * known schemes, or `security: []` with `x-public: true` for deliberately public ones.
 */
function lintSecurity(args: { op: Record<string, JsonValue>; at: { file: LoadedFile; pointer: string[] }; label: string; rootSecurity: JsonValue | undefined; schemes: Record<string, JsonValue>; report: Report }): void {
  const { op, at, label, rootSecurity, schemes, report } = args;
  const own = op.security;
  const isPublic = op['x-public'] === true;
  const effective = own ?? rootSecurity;
  if (isPublic) {
    if (!Array.isArray(own) || own.length > 0) {
      report('public-security-empty', at, `${label} is x-public but does not declare \`security: []\``, 'add `security: []` next to `x-public: true` (public means no credentials at all)');
    }
    return;
  }
  if (!Array.isArray(effective)) {
    report('operation-security', at, `${label} declares no security (neither its own nor a root default)`, "add `security: [{ oauth2: ['<service>:read'] }, { apiKey: ['<service>:read'] }]`, or `security: []` with `x-public: true` if anyone may call it");
    return;
  }
  if (effective.length === 0 || effective.some((alt) => isObject(alt) && Object.keys(alt).length === 0)) {
    report('public-marked', Array.isArray(own) ? { file: at.file, pointer: [...at.pointer, 'security'] } : at, `${label} lets anyone call it but is not marked \`x-public: true\``, 'add `x-public: true` if it is meant to be public, else declare the schemes and scopes it needs');
  }
  for (const requirement of effective) {
    for (const name of Object.keys(isObject(requirement) ? requirement : {})) {
      if (!SUPPORTED_SCHEME(schemes[name])) {
        report('security-scheme-known', Array.isArray(own) ? { file: at.file, pointer: [...at.pointer, 'security'] } : at, `${label} requires security scheme '${name}', which components.securitySchemes does not define as oauth2, openIdConnect, http bearer or an X-API-Key header`, `define \`components.securitySchemes.${name}\` as one of those, or use a defined scheme`);
      }
    }
  }
}

/** Loads every file the spec reaches by `$ref`, so schema rules also see files only schemas refer to. */
function loadReachable(root: LoadedFile, files: SpecFiles): void {
  const seen = new Set<string>([root.path]);
  const pending = [root];
  for (let file = pending.pop(); file; file = pending.pop()) {
    for (const ref of refsIn(file.data)) {
      const filePart = ref.split('#')[0] ?? '';
      if (filePart === '' || /^[a-z]+:\/\//i.test(filePart)) {
        continue;
      }
      const target = loadOrSkip(files, resolve(dirname(file.path), filePart));
      if (target && !seen.has(target.path)) {
        seen.add(target.path);
        pending.push(target);
      }
    }
  }
}

/**
 * A file a `$ref` names, or undefined when it cannot be loaded: lint goes on with what it can
 * read, so its findings print, and the bundler then reports the broken `$ref` where it stands.
 */
function loadOrSkip(files: SpecFiles, path: string): LoadedFile | undefined {
  try {
    return files.get(path);
  } catch (err) {
    if (err instanceof SpecLoadError) {
      return undefined;
    }
    throw err;
  }
}

function refsIn(node: JsonValue | undefined): string[] {
  if (Array.isArray(node)) {
    return node.flatMap(refsIn);
  }
  if (!isObject(node)) {
    return [];
  }
  return Object.entries(node).flatMap(([key, value]) => (key === '$ref' && typeof value === 'string' ? [value] : refsIn(value)));
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.file}:${f.line}:${f.rule}:${f.message}`;
    if (seen.has(k)) {
      return false;
    }
    seen.add(k);
    return true;
  });
}

/** A camelCase verbNoun that is always a valid identifier, whatever the path's characters. */
export function suggestId(method: string, path: string): string {
  const nouns = path
    .replace(/[?#].*$/, '')
    .split('/')
    .filter((s) => s && !s.startsWith('{'));
  const last = pascal(toIdentifier(nouns.at(-1) ?? 'resource'));
  const single = path.endsWith('}');
  const verb = method === 'get' ? (single ? 'get' : 'list') : method === 'post' ? 'create' : method === 'patch' || method === 'put' ? 'update' : toIdentifier(method);
  return toIdentifier(`${verb}${single ? last.replace(/s$/, '') : last}`);
}

export function formatFinding(f: Finding): string {
  return `${f.file}:${f.line}:${f.column} ${f.severity} ${f.rule}: ${f.message}\n    fix: ${f.fix}`;
}
