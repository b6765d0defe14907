/**
 * The breaking-change check's output: a table per service grouped by severity (rule, location,
 * message, fix, consumers), or one JSON document for machines. Both are pure renderers.
 */
import type { ServiceComparison } from './compare-service';
import type { ConsumerCall } from './impact-scan';
import { RULES } from './rules';
import { SEVERITIES } from './severity';
import { describeOperation, type Change } from './types';
import type { Judgement } from './version';

export interface ServiceResult {
  comparison: ServiceComparison;
  judgement: Judgement;
  /** Consumers of each breaking change (empty when none were found or looked for). */
  consumers: Map<Change, ConsumerCall[]>;
}


export function overallVerdict(results: readonly ServiceResult[]): 'pass' | 'fail' {
  return results.some((r) => r.judgement.verdict === 'fail') ? 'fail' : 'pass';
}

/** The pointer a person should open: where the thing was, if it is gone, else where it is now. */
export function primaryPointer(change: Change): string {
  const removed = RULES[change.rule].section === 'removed';
  const pointer = removed ? (change.base ?? change.revision) : (change.revision ?? change.base);
  return pointer === undefined ? '' : `${pointer} (${removed || change.revision === undefined ? 'base' : 'revision'})`;
}

export function renderTable(results: readonly ServiceResult[]): string {
  const out: string[] = [];
  for (const result of results) {
    out.push(...renderService(result), '');
  }
  const failed = results.filter((r) => r.judgement.verdict === 'fail').map((r) => r.comparison.service);
  out.push(
    failed.length > 0
      ? `verdict: FAIL (${failed.join(', ')})`
      : `verdict: PASS (${results.length} service${results.length === 1 ? '' : 's'} checked)`,
  );
  return `${out.join('\n')}\n`;
}

function renderService({ comparison, judgement, consumers }: ServiceResult): string[] {
  const c = comparison;
  const baseVersion = c.baseVersion !== undefined ? ` (${c.baseVersion})` : '';
  const lines = [`${c.service}: base ${c.base.label}${baseVersion} → working tree (${c.revisionVersion})`];
  if (c.status === 'new-service') {
    lines.push('  new service, nothing to compare');
  } else if (c.changes.length === 0) {
    lines.push('  no contract changes');
  }
  for (const severity of SEVERITIES) {
    const group = c.changes.filter((ch) => ch.severity === severity);
    if (group.length > 0) {
      lines.push('', `  ${severity.toUpperCase()} (${group.length})`, ...renderGroup(group, consumers));
    }
  }
  lines.push('');
  for (const warning of judgement.warnings) {
    lines.push(`  warning: ${warning}`);
  }
  const needs = c.changes.length > 0 ? ` (the changes need at least a ${judgement.requiredBump} release)` : '';
  const summary = judgement.verdict === 'pass' ? `PASS${needs}` : `FAIL: ${judgement.reasons.join('; ')}`;
  lines.push(`  ${c.service}: ${c.status === 'new-service' ? 'PASS' : summary}`);
  return lines;
}

function renderGroup(group: Change[], consumers: Map<Change, ConsumerCall[]>): string[] {
  const width = Math.max(4, ...group.map((ch) => ch.rule.length)) + 2;
  const indent = ' '.repeat(4 + width);
  const lines = [`    ${'RULE'.padEnd(width)}LOCATION / MESSAGE / FIX`];
  for (const change of group) {
    lines.push(`    ${change.rule.padEnd(width)}${describeOperation(change.operation)}  ${primaryPointer(change)}`);
    lines.push(`${indent}${change.message}`);
    lines.push(`${indent}fix: ${change.fix}`);
    const calls = consumers.get(change) ?? [];
    if (calls.length > 0) {
      lines.push(`${indent}used by: ${calls.map((call) => `${call.file}:${call.line}`).join(', ')}`);
    }
  }
  return lines;
}

/** A machine-readable report: every change with both pointers and its consumers. */
export function renderJson(results: readonly ServiceResult[]): string {
  const services = results.map(({ comparison: c, judgement: j, consumers }) => ({
    service: c.service,
    status: c.status,
    base: { ref: c.base.ref ?? null, source: c.base.source, label: c.base.label, version: c.baseVersion ?? null },
    revision: { version: c.revisionVersion },
    verdict: j.verdict,
    reasons: j.reasons,
    warnings: j.warnings,
    requiredBump: c.status === 'new-service' ? null : j.requiredBump,
    summary: Object.fromEntries(SEVERITIES.map((s) => [s, c.changes.filter((ch) => ch.severity === s).length])),
    changes: c.changes.map((change) => ({
      ...change,
      consumers: (consumers.get(change) ?? []).map(({ file, line, column }) => ({ file, line, column })),
    })),
  }));
  return `${JSON.stringify({ verdict: overallVerdict(results), services }, null, 2)}\n`;
}
