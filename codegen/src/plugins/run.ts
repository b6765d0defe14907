/**
 * Runs the emitters of one service, built-in and the project's own, and checks what a project
 * plugin returns: valid relative paths, no file claimed twice, the same bytes on a second run.
 * A project plugin's failure is a PluginError naming its file, never a stack trace.
 */
import type { EmittedFile } from '../emit/emitter';
import { describeThrown, type LoadedPlugin } from './config';
import { PluginError, fileProblem, type EmitterPlugin, type PluginContext } from './plugin';

export interface PluginOutput {
  name: string;
  output: 'code' | 'docs';
  files: EmittedFile[];
  ms: number;
}

/** A built-in plugin, or a project's with the file it came from. */
export type RunnablePlugin = { plugin: EmitterPlugin; options?: Record<string, unknown> } | LoadedPlugin;

type Context = Omit<PluginContext, 'options'>;

async function emitChecked(entry: LoadedPlugin, context: PluginContext, root: string): Promise<EmittedFile[]> {
  const label = `plugin ${entry.file} (${entry.plugin.name})`;
  let files: unknown;
  try {
    files = await entry.plugin.emit(context);
  } catch (err) {
    throw new PluginError(`${label} failed on service ${context.service}: ${describeThrown(err, entry.path, root)}`);
  }
  if (!Array.isArray(files)) {
    throw new PluginError(`${label} returned ${files === undefined ? 'nothing' : typeof files}; emit must return an array of files { path, content }`);
  }
  for (const file of files) {
    const problem = fileProblem(file);
    if (problem !== undefined) {
      throw new PluginError(`${label} ${problem}`);
    }
  }
  return (files as EmittedFile[]).map(({ path, content }) => ({ path, content }));
}

export async function runPlugins(plugins: readonly RunnablePlugin[], context: Context, root: string): Promise<PluginOutput[]> {
  const outputs: PluginOutput[] = [];
  const owners = new Map<string, string>();
  for (const entry of plugins) {
    const started = performance.now();
    const pluginContext: PluginContext = { ...context, options: entry.options ?? {} };
    let files: EmittedFile[];
    if ('file' in entry) {
      files = await emitChecked(entry, pluginContext, root);
      const again = await emitChecked(entry, pluginContext, root);
      const changed = again.length === files.length ? files.find((f, i) => again[i]?.path !== f.path || again[i]?.content !== f.content) : files[0];
      if (changed !== undefined || again.length !== files.length) {
        const what = again.length === files.length ? `different content for ${changed?.path ?? ''}` : `${again.length} files instead of ${files.length}`;
        throw new PluginError(`plugin ${entry.file} (${entry.plugin.name}) is not deterministic: a second run gave ${what} (no clock, randomness or environment in emitted files)`);
      }
    } else {
      files = await entry.plugin.emit(pluginContext);
    }
    const output = entry.plugin.output ?? 'code';
    const owner = 'file' in entry ? `plugin ${entry.file} (${entry.plugin.name})` : `the built-in ${entry.plugin.name} emitter`;
    for (const file of files) {
      const key = `${output}:${file.path}`;
      const previous = owners.get(key);
      if (previous !== undefined) {
        throw new PluginError(`${owner} and ${previous} both write ${output === 'docs' ? 'docs/' : ''}${file.path} for service ${context.service}; rename one`);
      }
      owners.set(key, owner);
    }
    outputs.push({ name: entry.plugin.name, output, files, ms: performance.now() - started });
  }
  return outputs;
}
