/**
 * The built-in emitters as plugins: the same interface a project's own plugins implement
 * (plugin.ts). Each wraps an emitter of emit/ unchanged; order is the order files are listed.
 */
import { emitClient } from '../emit/client';
import { emitServiceDocs } from '../emit/docs';
import { emitOperations } from '../emit/operations';
import { emitRequestValidators } from '../emit/request-validators';
import { emitServer } from '../emit/server';
import { emitTypes } from '../emit/types';
import { definePlugin, type EmitterPlugin } from './plugin';

export const BUILTIN_PLUGINS: readonly EmitterPlugin[] = [
  /** types.gen.ts: openapi-typescript over the bundled document. */
  definePlugin({ name: 'types', emit: ({ document }) => emitTypes(document) }),
  /** operations.gen.ts: the route table and per-operation input/response types. */
  definePlugin({ name: 'operations', emit: ({ ir }) => emitOperations(ir) }),
  /** server.gen.ts: the handler interface and router factory. */
  definePlugin({ name: 'server', emit: ({ ir, service }) => emitServer(ir, service) }),
  /** client.gen.ts: the typed fetch client. */
  definePlugin({ name: 'client', emit: ({ ir, service }) => emitClient(ir, service) }),
  /** openapi.json: the bundled document the router validates against. */
  definePlugin({ name: 'openapi-json', emit: ({ document }) => [{ path: 'openapi.json', content: `${JSON.stringify(document, null, 2)}\n` }] }),
  /** validators.gen.ts: each operation's request validators as Ajv standalone code (no schema compiles at start-up). */
  definePlugin({ name: 'validators', emit: ({ document }) => emitRequestValidators(document) }),
  /** docs/index.html: the static API reference. */
  definePlugin({
    name: 'docs',
    output: 'docs',
    emit: ({ ir, document, changelog }) => emitServiceDocs(ir, document, changelog === undefined ? {} : { changelog }),
  }),
];

export const BUILTIN_NAMES: readonly string[] = BUILTIN_PLUGINS.map((p) => p.name);
