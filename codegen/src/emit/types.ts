/**
 * Types emitter: openapi-typescript over the bundled document, plus short aliases.
 * @see https://openapi-ts.dev/node
 */
import { HTTP_METHODS } from '../ir';
import { withoutLiteralRefs } from '@marquee/runtime/spec-literals';
import { isObject, type JsonObject } from '@marquee/openapi';
import { completeDiscriminatorMappings } from './discriminators';
import type { EmittedFile } from './emitter';
import { astToString, openapiToTs } from './openapi-ts';
import { HEADER } from './text';

/**
 * What openapi-typescript is given: it fills in defaults in place and resolves every `$ref` key,
 * even one inside example data, so it gets a copy without such literals.
 */
export function typesInput(document: JsonObject): JsonObject {
  return completeDiscriminatorMappings(withoutResponseExtensions(withoutLiteralRefs(document)));
}

/** The options openapi-typescript runs with (also by the test that compares openapiToTs with openapiTS). */
export const TYPES_OPTIONS = { alphabetize: false, silent: true, defaultNonNullable: false } as const;

export async function emitTypes(document: JsonObject): Promise<EmittedFile[]> {
  // defaultNonNullable off: a property with a default stays optional, or a request body whose
  // schema is a shared component would require what the server fills in (openapi-typescript
  // exempts only inline request schemas).
  const ast = openapiToTs(typesInput(document) as never, TYPES_OPTIONS);
  const body = astToString(ast);
  const hasComponents = /export interface components\b/.test(body) || /export type components\b/.test(body);
  const aliases = hasComponents ? "\n/** Component schemas by name. */\nexport type Schemas = components['schemas'];\n" : '';
  return [{ path: 'types.gen.ts', content: `${HEADER}/* eslint-disable */\n${body}${aliases}` }];
}

/** openapi-typescript takes every key of a Responses Object for a status code and crashes on `x-*` extensions. */
function withoutResponseExtensions(document: JsonObject): JsonObject {
  const pathItems = [document.paths, document.webhooks, isObject(document.components) ? document.components.pathItems : undefined];
  for (const item of pathItems.flatMap((items) => (isObject(items) ? Object.values(items) : []))) {
    for (const method of HTTP_METHODS) {
      const op = isObject(item) ? item[method] : undefined;
      if (isObject(op) && isObject(op.responses)) {
        op.responses = Object.fromEntries(Object.entries(op.responses).filter(([status]) => !status.startsWith('x-')));
      }
    }
  }
  return document;
}
