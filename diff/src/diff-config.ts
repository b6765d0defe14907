/**
 * A project's own severities for diff rules, as oasdiff's `--severity-levels` and Buf's
 * breaking categories allow: `marquee.config.yaml` at the project root (or `--config FILE`)
 *
 *   diff:
 *     severity:
 *       response-status-added: info          # we never add statuses lightly
 *       request-path-parameter-renamed: breaking
 *
 * Unknown rules and levels are usage errors naming the file and the key, never ignored.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { UsageError } from './compare-service';
import { RULE_IDS, type RuleId } from './rules';
import { SEVERITIES, type Severity } from './severity';

export const CONFIG_FILE = 'marquee.config.yaml';

export type SeverityOverrides = Partial<Record<RuleId, Severity>>;

/** The overrides in `file`; `{}` when `file` is the default config and it does not exist. */
export function loadSeverityOverrides(file: string, { required }: { required: boolean }): SeverityOverrides {
  if (!existsSync(file)) {
    if (required) {
      throw new UsageError(`config file ${file} does not exist`);
    }
    return {};
  }
  let config: unknown;
  try {
    config = parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`${file} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const severity = (config as { diff?: { severity?: unknown } } | null)?.diff?.severity;
  if (severity === undefined) {
    return {};
  }
  if (severity === null || typeof severity !== 'object' || Array.isArray(severity)) {
    throw new UsageError(`${file}: diff.severity must be a map of rule id to ${SEVERITIES.join('|')}`);
  }
  const out: SeverityOverrides = {};
  for (const [rule, level] of Object.entries(severity)) {
    if (!(RULE_IDS as readonly string[]).includes(rule)) {
      throw new UsageError(`${file}: diff.severity.${rule} is not a rule (see diff/RULES.md)`);
    }
    if (!(SEVERITIES as readonly unknown[]).includes(level)) {
      throw new UsageError(`${file}: diff.severity.${rule} must be one of ${SEVERITIES.join(', ')}, not ${JSON.stringify(level)}`);
    }
    out[rule as RuleId] = level as Severity;
  }
  return out;
}

/** The project's default config, `<root>/marquee.config.yaml`, if present. */
export function projectSeverityOverrides(root: string): SeverityOverrides {
  return loadSeverityOverrides(join(root, CONFIG_FILE), { required: false });
}
