/**
 * The pipeline for one spec: lint -> bundle -> IR -> emitters. Pure apart from reading specs;
 * cli.ts writes the files.
 */
import { bundleSpec } from './bundle';
import { emitClient } from './emit/client';
import { emitServiceDocs } from './emit/docs';
import type { EmittedFile } from './emit/emitter';
import { emitOperations } from './emit/operations';
import { emitRequestValidators } from './emit/request-validators';
import { emitServer } from './emit/server';
import { emitTypes } from './emit/types';
import { buildIR, type IRService } from './ir';
import { lintSpec, type Finding } from './lint';
import { DEFAULT_LINT_CONFIG, applyLintConfig, type LintConfig } from './lint-config';
import { SpecFiles } from './load';

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
  const types = await time('types', () => emitTypes(bundled.document));
  const stubs = await time('server+client', () => [
    ...emitOperations(ir),
    ...emitServer(ir, options.name),
    ...emitClient(ir, options.name),
    { path: 'openapi.json', content: `${JSON.stringify(bundled.document, null, 2)}\n` },
  ]);
  const validators = await time('validators', () => emitRequestValidators(bundled.document));
  const docs =
    options.docs === false
      ? []
      : await time('docs', () => emitServiceDocs(ir, bundled.document, options.changelog === undefined ? {} : { changelog: options.changelog }));
  return { ir, findings, code: [...types, ...stubs, ...validators], docs, inputs: bundled.files, timings };
}
