/**
 * Per-project lint severities, from `marquee.config.yaml` at the project root:
 *
 *   lint:
 *     house-style: error          # warning (default) | error | off: every house-style rule at once
 *     severity:                   # one rule at a time, after house-style
 *       schema-example: off
 *       problem-4xx: error
 *
 * House-style rules (examples everywhere, problem+json on 4xx, the platform's transport
 * responses, operationId casing, inline response objects, declared security) are Marquee's
 * conventions, not OpenAPI validity: by default they are warnings, so a valid third-party spec
 * generates. Rules about things the generator cannot build correctly stay errors. Unknown rules
 * and levels are errors naming the file and key, never ignored.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Finding } from './lint';

export const LINT_LEVELS = ['error', 'warning', 'off'] as const;
export type LintLevel = (typeof LINT_LEVELS)[number];

/** Conventions of this platform; a third-party spec is valid without them. */
export const HOUSE_STYLE_RULES = [
  'operation-id',
  'operation-id-case',
  'operation-described',
  'deprecated-sunset',
  'deprecated-successor',
  'operation-security',
  'public-marked',
  'public-security-empty',
  'security-scheme-known',
  'problem-4xx',
  'transport-responses',
  'parameter-described',
  'parameter-example',
  'no-inline-response-object',
  'schema-described',
  'schema-example',
] as const;

/**
 * What the generated code depends on, at each rule's own level whatever house-style says
 * (`path-query-string` is a warning: such paths are skipped, the rest generates).
 */
export const CORRECTNESS_RULES = ['operation-id-unique', 'path-query-string'] as const;

export const LINT_RULES: readonly string[] = [...HOUSE_STYLE_RULES, ...CORRECTNESS_RULES];

export interface LintConfig {
  houseStyle: LintLevel;
  severity: Record<string, LintLevel>;
}

export const DEFAULT_LINT_CONFIG: LintConfig = { houseStyle: 'warning', severity: {} };

export class LintConfigError extends Error {
  override name = 'LintConfigError';
}

function level(file: string, key: string, value: unknown): LintLevel {
  if (!(LINT_LEVELS as readonly unknown[]).includes(value)) {
    throw new LintConfigError(`${file}: ${key} must be one of ${LINT_LEVELS.join(', ')}, not ${JSON.stringify(value)}`);
  }
  return value as LintLevel;
}

/** `<root>/marquee.config.yaml` parsed (file and content), or undefined when there is none. */
export function readProjectConfig(root: string): { file: string; config: unknown } | undefined {
  const file = join(root, 'marquee.config.yaml');
  if (!existsSync(file)) {
    return undefined;
  }
  try {
    return { file, config: parse(readFileSync(file, 'utf8')) };
  } catch (err) {
    throw new LintConfigError(`${file} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** The `lint:` section of `<root>/marquee.config.yaml`; the defaults when there is none. */
export function loadLintConfig(root: string): LintConfig {
  const project = readProjectConfig(root);
  if (project === undefined) {
    return DEFAULT_LINT_CONFIG;
  }
  const { file, config } = project;
  const lint = (config as { lint?: unknown } | null)?.lint;
  if (lint === undefined || lint === null) {
    return DEFAULT_LINT_CONFIG;
  }
  if (typeof lint !== 'object' || Array.isArray(lint)) {
    throw new LintConfigError(`${file}: lint must be a map with house-style and/or severity`);
  }
  const { 'house-style': houseStyle, severity, ...rest } = lint as Record<string, unknown>;
  const unknownKey = Object.keys(rest)[0];
  if (unknownKey !== undefined) {
    throw new LintConfigError(`${file}: lint.${unknownKey} is not a setting (use lint.house-style or lint.severity)`);
  }
  const out: LintConfig = { houseStyle: houseStyle === undefined ? DEFAULT_LINT_CONFIG.houseStyle : level(file, 'lint.house-style', houseStyle), severity: {} };
  if (severity !== undefined) {
    if (severity === null || typeof severity !== 'object' || Array.isArray(severity)) {
      throw new LintConfigError(`${file}: lint.severity must be a map of rule id to ${LINT_LEVELS.join('|')}`);
    }
    for (const [rule, value] of Object.entries(severity)) {
      if (!LINT_RULES.includes(rule)) {
        throw new LintConfigError(`${file}: lint.severity.${rule} is not a lint rule (rules: ${LINT_RULES.join(', ')})`);
      }
      out.severity[rule] = level(file, `lint.severity.${rule}`, value);
    }
  }
  return out;
}

/**
 * Findings at the project's severities: a rule's own level, house-style rules at
 * `house-style` (unless that is `error`, which keeps each rule's own level), then per-rule
 * overrides; `off` drops the finding.
 */
export function applyLintConfig(findings: readonly Finding[], config: LintConfig): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    let lvl: LintLevel = f.severity;
    if ((HOUSE_STYLE_RULES as readonly string[]).includes(f.rule) && config.houseStyle !== 'error') {
      lvl = config.houseStyle;
    }
    lvl = config.severity[f.rule] ?? lvl;
    if (lvl !== 'off') {
      out.push(lvl === f.severity ? f : { ...f, severity: lvl });
    }
  }
  return out;
}
