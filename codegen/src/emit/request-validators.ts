/**
 * Request validators compiled at generate time (issue #11): express-openapi-validator's own
 * request validation (the same spec loading, preprocessing, Ajv instances and options the
 * runtime's validator uses) compiled per operation and request media type, then written out
 * as Ajv standalone code (https://ajv.js.org/standalone.html) into validators.gen.ts. A service
 * then validates requests without compiling a schema at start-up (runtime/src/fast/
 * precompiled-validation.ts); the errors are the ones the compiled validators would raise.
 *
 * Only JSON bodies and requests without a body are emitted (what the precompiled dispatch
 * serves); an operation or media type left out (a discriminator body, a body the validator
 * cannot build for a media type) keeps the validator's own middleware.
 */
import type * as AjvModule from 'ajv';
import type * as AjvStandalone from 'ajv/dist/standalone';
import type * as EovSpecLoader from 'express-openapi-validator/dist/framework/openapi.spec.loader';
import type * as EovBodyParse from 'express-openapi-validator/dist/middlewares/parsers/body.parse';
import type * as EovSchemaParse from 'express-openapi-validator/dist/middlewares/parsers/schema.parse';
import type * as EovPreprocessor from 'express-openapi-validator/dist/middlewares/parsers/schema.preprocessor';
import type * as EovRequestValidator from 'express-openapi-validator/dist/middlewares/openapi.request.validator';
import type * as EovUtil from 'express-openapi-validator/dist/middlewares/util';
import type * as EovValidator from 'express-openapi-validator/dist/openapi.validator';
import { withoutLiteralRefs } from '@marquee/runtime/spec-literals';
import type * as CompiledValidation from '@marquee/runtime/src/fast/compiled-validation';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { VALIDATOR_RUNTIME_SOURCES } from '../generator-inputs';
import { repoRoot } from '../repo-root';
import { HEADER } from './text';
import type { EmittedFile } from './emitter';

interface Route {
  basePath: string;
  expressRoute: string;
  openApiRoute: string;
  method: string;
}

type OperationObject = {
  operationId?: string;
  parameters?: object[];
  requestBody?: { content?: Record<string, unknown> };
  security?: Record<string, string[]>[];
  [key: string]: unknown;
};

interface ApiDoc {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, object>; parameters?: Record<string, object>; securitySchemes?: Record<string, { type?: string; in?: string; name?: string }> };
  security?: Record<string, string[]>[];
}

const RUNTIME_HELPER = /require\("(ajv\/dist\/runtime\/[a-z0-9_]+)"\)/g;

/**
 * The emitted file is a pure function of the document, this module's code, the runtime's validator
 * options and format mode (VALIDATOR_RUNTIME_SOURCES: compiled-validation.ts, precompiled-types.ts)
 * and the validator's and Ajv's versions: it is kept in node_modules/.cache/marquee-codegen under a
 * hash of all of them, so a forced regeneration of an unchanged spec does not compile its
 * validators again (about half a second of CPU for a large spec). MARQUEE_COMPILE_CACHE=0 turns it off.
 */
function runtimeOptionsSource(): string {
  const source = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '');
  return VALIDATOR_RUNTIME_SOURCES.map((file) => `${file}\0${source(join(repoRoot(), file))}`).join('\0');
}

export async function emitRequestValidators(document: object): Promise<EmittedFile[]> {
  const key = createHash('sha256')
    .update(JSON.stringify(document))
    .update([emitValidators, securityQueryParams, withoutUnusedSchemas, endOfJson].map(String).join('\n'))
    .update(runtimeOptionsSource())
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    .update(['express-openapi-validator', 'ajv', 'ajv-formats'].map((p) => (require(`${p}/package.json`) as { version: string }).version).join(','))
    .digest('hex');
  const file = join(repoRoot(), 'node_modules', '.cache', 'marquee-codegen', `validators-${key}.txt`);
  const useCache = process.env.MARQUEE_COMPILE_CACHE !== '0';
  if (useCache && existsSync(file)) {
    return [{ path: 'validators.gen.ts', content: readFileSync(file, 'utf8') }];
  }
  let emitted: string;
  try {
    emitted = await emitValidators(document);
  } catch (err) {
    // Never a reason to refuse a valid spec: without generate-time validators every request takes
    // the validator's middleware at run time (the Express chain), as before they existed.
    return [{ path: 'validators.gen.ts', content: withoutValidators(err) }];
  }
  if (useCache) {
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, emitted);
    } catch {
      // a read-only checkout: no cache
    }
  }
  return [{ path: 'validators.gen.ts', content: emitted }];
}

/** The module when the request validators cannot be compiled here: no operation precompiled, and why. */
function withoutValidators(err: unknown): string {
  const reason = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').slice(0, 300);
  return [
    HEADER,
    `// The request validators could not be compiled at generate time (${reason}):\n`,
    '// every request takes express-openapi-validator\'s middleware at run time instead.\n',
    '/* eslint-disable */\n',
    '// @ts-nocheck\n',
    "import type { PrecompiledValidators } from '@marquee/runtime/precompiled-validators';\n\n",
    'export const requestValidators: PrecompiledValidators = { components: {}, operations: {} };\n',
  ].join('');
}

async function emitValidators(document: object): Promise<string> {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded when a spec is generated, not on a no-op run */
  const { OpenApiValidator } = require('express-openapi-validator/dist/openapi.validator') as typeof EovValidator;
  const { OpenApiSpecLoader } = require('express-openapi-validator/dist/framework/openapi.spec.loader') as typeof EovSpecLoader;
  const { SchemaPreprocessor } = require('express-openapi-validator/dist/middlewares/parsers/schema.preprocessor') as typeof EovPreprocessor;
  const { RequestValidator } = require('express-openapi-validator/dist/middlewares/openapi.request.validator') as typeof EovRequestValidator;
  const { ContentType } = require('express-openapi-validator/dist/middlewares/util') as typeof EovUtil;
  const { ParametersSchemaParser } = require('express-openapi-validator/dist/middlewares/parsers/schema.parse') as typeof EovSchemaParse;
  const { BodySchemaParser } = require('express-openapi-validator/dist/middlewares/parsers/body.parse') as typeof EovBodyParse;
  const standalone = require('ajv/dist/standalone') as typeof AjvStandalone;
  const { _ } = require('ajv') as typeof AjvModule;
  const { validatorOptions } = require('@marquee/runtime/src/fast/compiled-validation') as typeof CompiledValidation;
  /* eslint-enable @typescript-eslint/no-require-imports */
  // What the runtime hands the validator: the bundled spec without `$ref` keys inside example data.
  const spec = withoutLiteralRefs(structuredClone(document));
  const options = validatorOptions(spec, false);
  const eov = new OpenApiValidator(options);
  const loaded = (await new OpenApiSpecLoader({ apiDoc: structuredClone(spec) as never, validateApiSpec: false, $refParser: { mode: 'bundle' } }).load()) as unknown as { apiDoc: ApiDoc; routes: Route[] };
  const { apiDoc } = new SchemaPreprocessor(loaded.apiDoc as never, eov.ajvOpts.preprocessor, false as never).preProcess() as unknown as { apiDoc: ApiDoc };
  const requestOptions = { ...eov.ajvOpts.request, code: { source: true, formats: _`formats` } };
  const requests = new RequestValidator(apiDoc as never, requestOptions as never) as unknown as {
    ajv: { getSchema(key: string): unknown };
    ajvBody: { getSchema(key: string): unknown };
    buildMiddleware(path: string, schema: object, contentType: unknown, key: string): unknown;
  };
  const parameters = new ParametersSchemaParser(requests.ajv as never, apiDoc as never);
  const general: Record<string, string> = {};
  const body: Record<string, string> = {};
  const operations: { id: string; names: string[]; code: string }[] = [];
  for (const route of loaded.routes) {
    const op = apiDoc.paths[route.openApiRoute]?.[route.method.toLowerCase()];
    if (route.basePath !== '' || !op?.operationId) {
      continue;
    }
    const keys = ['not_provided', ...Object.keys(op.requestBody?.content ?? {}).map((t) => ContentType.fromString(t).normalize() ?? t)].filter((k) => k === 'not_provided' || k === 'application/json');
    const entries: string[] = [];
    const names: string[] = [];
    for (const key of keys) {
      const contentType = ContentType.fromString(key === 'not_provided' ? (undefined as unknown as string) : key);
      const cacheKey = `${route.method}-${route.expressRoute}-${key}`;
      try {
        const bodySchema = new BodySchemaParser().parse(route.expressRoute, op as never, contentType) as { _discriminator?: unknown } | undefined;
        if (bodySchema?._discriminator) {
          continue; // the validator picks a body validator per request: its middleware serves these
        }
        requests.buildMiddleware(route.expressRoute, op, contentType, cacheKey);
        // Compiled here, one operation at a time: a schema Ajv refuses (an OpenAPI 3.0 `nullable`
        // without `type`, say) leaves this operation to the validator's middleware at run time
        // instead of failing the whole file.
        requests.ajv.getSchema(cacheKey);
        requests.ajvBody.getSchema(cacheKey);
      } catch {
        continue; // e.g. no body for an operation that requires one (the validator's own 415), or a schema Ajv refuses
      }
      const name = `${op.operationId}:${key}`;
      general[name] = cacheKey;
      body[name] = cacheKey;
      names.push(name);
      entries.push(`      ${JSON.stringify(key)}: { general: general[${JSON.stringify(name)}], body: body[${JSON.stringify(name)}] },\n`);
    }
    if (entries.length === 0) {
      continue;
    }
    const parsed = parameters.parse(route.expressRoute, op.parameters as never) as unknown as Record<string, { allowEmptyValue?: Set<string> }>;
    const properties = Object.fromEntries(Object.entries(parsed).map(([field, schema]) => [field, schema.allowEmptyValue ? { ...schema, allowEmptyValue: [...schema.allowEmptyValue] } : schema]));
    operations.push({
      id: op.operationId,
      names,
      code: [
        `    ${JSON.stringify(op.operationId)}: {\n`,
        `      expressRoute: ${JSON.stringify(route.expressRoute)},\n`,
        `      openApiRoute: ${JSON.stringify(route.openApiRoute)},\n`,
        `      schema: ${JSON.stringify(op.parameters ? { parameters: op.parameters } : {})},\n`,
        `      properties: ${JSON.stringify(properties)},\n`,
        `      securityQueryParams: ${JSON.stringify(securityQueryParams(apiDoc, op))},\n`,
        `      allowUnknownQueryParameters: ${String(!!(op['x-eov-allow-unknown-query-parameters'] ?? op['x-allow-unknown-query-parameters'] ?? requestOptions.allowUnknownQueryParameters))},\n`,
        `      byContentType: {\n${entries.join('').replace(/^ {6}/gm, '        ')}      },\n`,
        `    },\n`,
      ].join(''),
    });
  }
  const helpers = new Map<string, string>();
  const module = (ajv: object, refs: Record<string, string>): string =>
    withoutUnusedSchemas(standalone.default(ajv as never, refs).replace(/^"use strict";/, '')).replace(RUNTIME_HELPER, (_match, path: string) => {
      const id = helpers.get(path) ?? `ajvRuntime${helpers.size}`;
      helpers.set(path, id);
      return id;
    });
  let kept = operations;
  let generalCode: string;
  let bodyCode: string;
  try {
    generalCode = module(requests.ajv, general);
    bodyCode = module(requests.ajvBody, body);
  } catch {
    // Standalone code is written for every operation at once, and one schema it cannot express
    // (a keyword without code, such as the validator's readOnly check of a request body) fails
    // them all: each operation is tried alone, and those that fail are left to the validator's
    // middleware at run time. If the rest fails too, the whole file falls back (emitRequestValidators).
    const expressible = (ajv: object, refs: Record<string, string>): boolean => {
      try {
        standalone.default(ajv as never, refs);
        return true;
      } catch {
        return false;
      }
    };
    kept = operations.filter(({ names }) => names.every((n) => expressible(requests.ajv, { [n]: general[n]! }) && expressible(requests.ajvBody, { [n]: body[n]! })));
    const keptNames = new Set(kept.flatMap(({ names }) => names));
    const only = (refs: Record<string, string>) => Object.fromEntries(Object.entries(refs).filter(([name]) => keptNames.has(name)));
    helpers.clear();
    generalCode = module(requests.ajv, only(general));
    bodyCode = module(requests.ajvBody, only(body));
  }
  const components = { schemas: apiDoc.components?.schemas ?? {}, parameters: apiDoc.components?.parameters ?? {} };
  const out = [
    HEADER,
    '// express-openapi-validator request validation compiled at generate time (Ajv standalone code).\n',
    ...(kept.length < operations.length
      ? [`// Left to the validator's middleware at run time (a schema standalone code cannot express): ${operations.filter((o) => !kept.includes(o)).map((o) => o.id).join(', ')}.\n`]
      : []),
    '/* eslint-disable */\n',
    '// @ts-nocheck\n',
    "import { requestFormats as formats, type PrecompiledValidators } from '@marquee/runtime/precompiled-validators';\n",
    ...[...helpers].map(([path, id]) => `import * as ${id} from ${JSON.stringify(path)};\n`),
    '\n',
    `const general = ((exports) => {${generalCode}\nreturn exports;})({});\n\n`,
    `const body = ((exports) => {${bodyCode}\nreturn exports;})({});\n\n`,
    'export const requestValidators: PrecompiledValidators = {\n',
    `  components: ${JSON.stringify(components)},\n`,
    '  operations: {\n',
    ...kept.map(({ code }) => code),
    '  },\n',
    '};\n',
  ];
  return out.join('');
}

/** Query parameters of apiKey schemes (`in: query`) the operation's (or the document's) security uses, as the validator allows them. */
function securityQueryParams(apiDoc: ApiDoc, op: OperationObject): string[] {
  const used = op.security && op.security.length > 0 ? op.security : apiDoc.security && apiDoc.security.length > 0 ? apiDoc.security : [];
  const schemes = apiDoc.components?.securitySchemes;
  if (!schemes) {
    return [];
  }
  return used
    .filter((requirement) => Object.keys(requirement).length !== 0)
    .map((requirement) => schemes[Object.keys(requirement)[0]!])
    .filter((scheme) => scheme?.type === 'apiKey' && scheme.in === 'query')
    .map((scheme) => scheme!.name!);
}

/**
 * Ajv's standalone output declares every compiled schema as a constant (`const schema12 = {…}`);
 * here each is the validator's whole wrapper schema (every path and component). Most are used
 * by nothing; an enum error reads its allowed values out of one (`schema17.properties.query…
 * .enum`). Those reads become the value itself, and the constants go.
 */
function withoutUnusedSchemas(code: string): string {
  const declared = new Map<string, { start: number; end: number; value: unknown }>();
  const declaration = /const (schema\d+) = /g;
  for (let m = declaration.exec(code); m; m = declaration.exec(code)) {
    const end = endOfJson(code, m.index + m[0].length);
    declared.set(m[1]!, { start: m.index, end: code[end] === ';' ? end + 1 : end, value: JSON.parse(code.slice(m.index + m[0].length, end)) as unknown });
    declaration.lastIndex = end;
  }
  let out = '';
  let at = 0;
  for (const { start, end } of declared.values()) {
    out += code.slice(at, start);
    at = end;
  }
  out += code.slice(at);
  return out.replace(/\b(schema\d+)((?:\.[A-Za-z_$][\w$]*|\[(?:\d+|"(?:[^"\\]|\\.)*")\])*)/g, (match, name: string, path: string) => {
    const schema = declared.get(name);
    if (!schema) {
      return match;
    }
    let value = schema.value as Record<string, unknown>;
    for (const [, dotted, bracketed] of path.matchAll(/\.([A-Za-z_$][\w$]*)|\[(\d+|"(?:[^"\\]|\\.)*")\]/g)) {
      value = value[dotted ?? (JSON.parse(bracketed!) as string | number)] as Record<string, unknown>;
    }
    return JSON.stringify(value);
  });
}

/** Index just past the JSON value starting at `start`. */
function endOfJson(code: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < code.length; i++) {
    const c = code[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '{' || c === '[') {
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    } else if (depth === 0 && (c === ';' || c === ',')) {
      return i;
    }
  }
  return code.length;
}
