/**
 * A project's own emitters, named in `marquee.config.yaml` at the project root:
 *
 *   plugins:
 *     - file: tools/route-table.mjs   # relative to the project root; .mjs, .cjs or .js
 *       options: { title: Routes }    # handed to the plugin as context.options
 *     - tools/operations-list.mjs     # the short form, without options
 *
 * The file's default export (or its `plugin` export) is an EmitterPlugin (plugin.ts), run after
 * the built-in emitters for every service. Bad entries are errors naming the file and key.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readProjectConfig } from '../lint-config';
import { BUILTIN_NAMES } from './builtins';
import { PluginError, type EmitterPlugin } from './plugin';

export interface PluginEntry {
  /** As written in the config (what messages show). */
  file: string;
  /** Absolute path. */
  path: string;
  options: Record<string, unknown>;
}

export interface LoadedPlugin extends PluginEntry {
  plugin: EmitterPlugin;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `plugins:` entries of `<root>/marquee.config.yaml`, checked but not loaded; [] when none. */
export function pluginEntries(root: string): PluginEntry[] {
  const project = readProjectConfig(root);
  const plugins = isMap(project?.config) ? project.config.plugins : undefined;
  if (project === undefined || plugins === undefined || plugins === null) {
    return [];
  }
  const where = project.file;
  if (!Array.isArray(plugins)) {
    throw new PluginError(`${where}: plugins must be a list of plugin files (- file: tools/my-emitter.mjs)`);
  }
  return plugins.map((raw: unknown, i): PluginEntry => {
    const entry = typeof raw === 'string' ? { file: raw } : raw;
    if (!isMap(entry) || typeof entry.file !== 'string' || entry.file === '') {
      throw new PluginError(`${where}: plugins[${i}] must be a file path or a map with file (and options)`);
    }
    const unknownKey = Object.keys(entry).find((k) => k !== 'file' && k !== 'options');
    if (unknownKey !== undefined) {
      throw new PluginError(`${where}: plugins[${i}].${unknownKey} is not a setting (use file and options)`);
    }
    if (entry.options !== undefined && entry.options !== null && !isMap(entry.options)) {
      throw new PluginError(`${where}: plugins[${i}].options must be a map`);
    }
    const path = isAbsolute(entry.file) ? entry.file : resolve(root, entry.file);
    return { file: entry.file, path, options: isMap(entry.options) ? entry.options : {} };
  });
}

/**
 * Native dynamic import, whatever the caller was compiled to: ESM and CommonJS plugin files,
 * and TypeScript ones when the generator itself runs through tsx.
 */
const importModule = new Function('url', 'return import(url)') as (url: string) => Promise<Record<string, unknown>>;

/** One sentence from whatever a plugin threw, with the line of the plugin file it came from. */
export function describeThrown(err: unknown, path: string, root: string): string {
  const message = err instanceof Error ? `${err.name}: ${err.message.split('\n')[0]}` : String(err);
  const stack = err instanceof Error ? (err.stack ?? '') : '';
  const url = pathToFileURL(path).href;
  // A frame `(file:line:col)` / `at file:line:col`, or a syntax error's first line `file:line`.
  const at = stack
    .split('\n')
    .map((line) => /\((.*):(\d+):(\d+)\)$|at (.*):(\d+):(\d+)$|^(.*):(\d+)()$/.exec(line.trim()))
    .find((m) => m !== null && [url, path].includes(m[1] ?? m[4] ?? m[7] ?? ''));
  const [line, column] = at ? [at[2] ?? at[5] ?? at[8], at[3] ?? at[6] ?? ''] : [];
  return line ? `${message} (at ${relative(root, path)}:${line}${column ? `:${column}` : ''})` : message;
}

/** The default export or `plugin` export, also when CommonJS interop wraps it in another `default`. */
function pluginExport(module: Record<string, unknown>): unknown {
  let candidate: unknown = module;
  for (let depth = 0; depth < 3 && isMap(candidate) && !('emit' in candidate); depth++) {
    candidate = candidate.plugin ?? candidate.default;
  }
  return candidate;
}

/** Loads and checks each entry's module: a name unique in the run, an emit function. */
export async function loadPlugins(root: string, entries: readonly PluginEntry[] = pluginEntries(root)): Promise<LoadedPlugin[]> {
  const names = new Map<string, string>(BUILTIN_NAMES.map((n) => [n, 'a built-in emitter']));
  const loaded: LoadedPlugin[] = [];
  for (const entry of entries) {
    if (!existsSync(entry.path)) {
      throw new PluginError(`plugin ${entry.file}: no such file (${join(root, 'marquee.config.yaml')} names it; paths are relative to the project root)`);
    }
    let module: Record<string, unknown>;
    try {
      module = await importModule(pathToFileURL(entry.path).href);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      const hint =
        err instanceof SyntaxError
          ? ` (\`node --check ${entry.file}\` shows where)`
          : code === 'ERR_UNKNOWN_FILE_EXTENSION'
            ? ' (the compiled generator loads JavaScript: write the plugin as .mjs/.cjs/.js, or run the generator through tsx)'
            : '';
      throw new PluginError(`plugin ${entry.file} failed to load: ${describeThrown(err, entry.path, root)}${hint}`);
    }
    const plugin = pluginExport(module) as Partial<EmitterPlugin> | undefined;
    if (!isMap(plugin) || typeof plugin.name !== 'string' || plugin.name === '' || typeof plugin.emit !== 'function') {
      throw new PluginError(`plugin ${entry.file}: its default export must be an emitter plugin { name: string, emit(context) { return files } }`);
    }
    if (plugin.output !== undefined && plugin.output !== 'code' && plugin.output !== 'docs') {
      throw new PluginError(`plugin ${entry.file} (${plugin.name}): output must be 'code' or 'docs', not ${JSON.stringify(plugin.output)}`);
    }
    const taken = names.get(plugin.name);
    if (taken !== undefined) {
      throw new PluginError(`plugin ${entry.file}: the name '${plugin.name}' is already taken by ${taken}; give the plugin another name`);
    }
    names.set(plugin.name, `plugin ${entry.file}`);
    loaded.push({ ...entry, plugin: plugin as EmitterPlugin });
  }
  return loaded;
}
