/**
 * The emitter plugin interface: every emitter, built in or a project's own, is a name and a
 * function from the IR (and the bundled document) to files. Modelled on Hey API's plugins
 * (`definePluginConfig({ name, handler })`), reduced to what an emitter needs: no I/O, files
 * out, options from marquee.config.yaml. Only cli.ts writes files.
 * @see https://heyapi.dev/openapi-ts/plugins/custom
 */
import type { EmittedFile } from '../emit/emitter';
import type { IRService } from '../ir';
import type { JsonObject } from '@marquee/openapi';

export type { EmittedFile };

/** What an emitter sees for one service. Treat it as read-only: later emitters see the same objects. */
export interface PluginContext<Options = Record<string, unknown>> {
  /** The service's name (its folder under specs/ and generated/). */
  service: string;
  /** Operations keyed by operationId, parameters grouped by location, schemas by name (see ir.ts). */
  ir: IRService;
  /** The bundled OpenAPI document: every external `$ref` inlined, local ones kept. */
  document: JsonObject;
  /** The plugin's `options:` from marquee.config.yaml ({} when none). */
  options: Options;
  /** specs/<service>/CHANGELOG.md, when there is one. */
  changelog?: string;
}

export interface EmitterPlugin<Options = Record<string, unknown>> {
  /** Unique among the plugins of a run; names the plugin in timings and errors. */
  name: string;
  /** Where the files go: `code` (default) generated/<service>/, `docs` generated/docs/<service>/. */
  output?: 'code' | 'docs';
  /** Same input, same bytes: no clock, no randomness, no environment. */
  emit(context: PluginContext<Options>): EmittedFile[] | Promise<EmittedFile[]>;
}

/** Identity with types, for plugin files written in TypeScript or checked with JSDoc. */
export function definePlugin<Options = Record<string, unknown>>(plugin: EmitterPlugin<Options>): EmitterPlugin<Options> {
  return plugin;
}

/** A bad plugin or bad plugin output: the message names the plugin file; no stack reaches the user. */
export class PluginError extends Error {
  override name = 'PluginError';
}

/**
 * The problem with one emitted file, or undefined: a path relative to the output folder
 * (forward slashes, no `..`, not absolute, not hidden like the generator's `.manifest.json`)
 * and string content.
 */
export function fileProblem(file: unknown): string | undefined {
  if (typeof file !== 'object' || file === null) {
    return `returned ${JSON.stringify(file) ?? String(file)} where a file { path, content } was expected`;
  }
  const { path, content } = file as { path?: unknown; content?: unknown };
  if (typeof path !== 'string' || path === '') {
    return `returned a file without a path (path must be a non-empty string)`;
  }
  if (typeof content !== 'string') {
    return `returned ${path} with ${content === undefined ? 'no' : typeof content} content (content must be a string)`;
  }
  const segments = path.split('/');
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.includes('\\') || segments.some((s) => s === '..' || s === '.' || s === '' || s.startsWith('.'))) {
    return `returned the path ${JSON.stringify(path)}; paths are relative to the service's generated folder, with forward slashes and no '.', '..' or hidden segments`;
  }
  return undefined;
}
