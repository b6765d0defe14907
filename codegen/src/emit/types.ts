/**
 * Types emitter: openapi-typescript over the bundled document, plus short aliases.
 * @see https://openapi-ts.dev/node
 */
import type { JsonObject } from '../load';
import type { EmittedFile } from './emitter';
import { HEADER } from './text';

export async function emitTypes(document: JsonObject): Promise<EmittedFile[]> {
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  // openapi-typescript fills in defaults in place; give it a copy.
  const ast = await openapiTS(structuredClone(document) as never, { alphabetize: false, silent: true });
  const body = astToString(ast);
  const hasComponents = /export interface components\b/.test(body) || /export type components\b/.test(body);
  const aliases = hasComponents ? "\n/** Component schemas by name. */\nexport type Schemas = components['schemas'];\n" : '';
  return [{ path: 'types.gen.ts', content: `${HEADER}/* eslint-disable */\n${body}${aliases}` }];
}
