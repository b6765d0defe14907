/**
 * The pipeline for one spec: lint -> bundle -> IR -> emitter plugins (built-in, then the project's). Pure apart from reading specs;
 * cli.ts writes the files.
 */
import { bundleSpec, SpecFiles } from '@marquee/openapi';
import type { EmittedFile } from './emit/emitter';
import { buildIR, type IRService } from './ir';
import { lintSpec, type Finding } from './lint';
import { DEFAULT_LINT_CONFIG, applyLintConfig, type LintConfig } from './lint-config';
import { BUILTIN_PLUGINS } from './plugins/builtins';
import type { LoadedPlugin } from './plugins/config';
import { runPlugins } from './plugins/run';

export interface GenerateOptions {
  name: string;
  specPath: string;
  lint?: boolean;
  docs?: boolean;
  changelog?: string;
  /** The project's lint severities (marquee.config.yaml); house-style rules are warnings without it. */
  lintConfig?: LintConfig;
  /** Called with the lint findings as soon as lint ran, so they print even when a later stage fails. */
  onFindings?: (findings: Finding[]) => void;
  /** The project's own emitters (marquee.config.yaml `plugins:`), run after the built-in ones. */
  plugins?: readonly LoadedPlugin[];
  /** Where plugin files and their messages are relative to (default: the working directory). */
  root?: string;
}

export interface GenerateResult {
  ir: IRService;
  findings: Finding[];
  /** Paths relative to generated/<name>/ (code) or generated/docs/<name>/ (docs). */
  code: EmittedFile[];
  docs: EmittedFile[];
  inputs: string[];
  timings: [step: string, ms: number][];
}

export async function generateService(options: GenerateOptions): Promise<GenerateResult> {
  const timings: [string, number][] = [];
  const time = async <T>(step: string, fn: () => T | Promise<T>): Promise<T> => {
    const started = performance.now();
    const value = await fn();
    timings.push([step, performance.now() - started]);
    return value;
  };
  const files = new SpecFiles();
  const findings = options.lint === false ? [] : await time('lint', () => applyLintConfig(lintSpec(options.specPath, files), options.lintConfig ?? DEFAULT_LINT_CONFIG));
  options.onFindings?.(findings);
  const bundled = await time('bundle', () => bundleSpec(options.specPath, files));
  const ir = await time('ir', () => buildIR(options.name, bundled.document));
  const builtins = options.docs === false ? BUILTIN_PLUGINS.filter((p) => p.output !== 'docs') : BUILTIN_PLUGINS;
  const context = { service: options.name, ir, document: bundled.document, ...(options.changelog === undefined ? {} : { changelog: options.changelog }) };
  const outputs = await runPlugins([...builtins.map((plugin) => ({ plugin })), ...(options.plugins ?? [])], context, options.root ?? process.cwd());
  timings.push(...outputs.map((o): [string, number] => [o.name, o.ms]));
  const code = outputs.filter((o) => o.output === 'code').flatMap((o) => o.files);
  const docs = outputs.filter((o) => o.output === 'docs').flatMap((o) => o.files);
  return { ir, findings, code, docs, inputs: bundled.files, timings };
}
