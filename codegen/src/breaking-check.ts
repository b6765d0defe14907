/**
 * The breaking-change check behind `codegen/src/breaking.ts`: every service (or one) compared
 * with its base, judged against its info.version, and each breaking change traced to the
 * consumers that call the affected operation.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listEventServices } from './events';
import { compareEvents } from './events/diff';
import { synthesizeId, toIdentifier } from './ir';
import { BaseTrees, compareService, ImpactFinder, judgeVersions, listServices, needsMajor, projectSeverityOverrides, resolveBase, UsageError, type Change, type Judgement, type ServiceResult } from '@marquee/diff';

export interface BreakingCheckOptions {
  /** Repository root (where specs/ and services/ live). */
  root: string;
  base?: string | undefined;
  service?: string | undefined;
  /** Look up consumers of breaking changes (default true). */
  impact?: boolean;
  today?: string;
}

export function runBreakingCheck(options: BreakingCheckOptions): ServiceResult[] {
  const { root } = options;
  const eventServices = listEventServices(join(root, 'specs'));
  const services = [...new Set([...listServices(join(root, 'specs')), ...eventServices])].sort();
  if (options.service !== undefined && !services.includes(options.service)) {
    throw new UsageError(`unknown service '${options.service}'; services with a spec: ${services.join(', ') || '(none)'}`);
  }
  const selected = options.service !== undefined ? [options.service] : services;
  const severity = projectSeverityOverrides(root);
  const trees = new BaseTrees(root);
  try {
    const today = options.today ? { today: options.today } : {};
    const comparisons = selected.flatMap((service) => {
      const base = resolveBase({ root, service, base: options.base });
      return [
        ...(existsSync(join(root, 'specs', service, 'openapi.yaml')) ? [compareService({ root, service, base, trees, severity, ...today })] : []),
        ...(eventServices.includes(service) ? [compareEvents({ root, service, base, trees, ...today })] : []),
      ];
    });
    const results = comparisons.map((comparison): ServiceResult => {
      const judgement: Judgement =
        comparison.status === 'new-service'
          ? { verdict: 'pass', reasons: [], warnings: [], requiredBump: 'patch' }
          : judgeVersions({ base: comparison.baseVersion ?? '', revision: comparison.revisionVersion, changes: comparison.changes });
      return { comparison, judgement, consumers: new Map() };
    });
    if (options.impact !== false) {
      attachConsumers(root, results);
    }
    return results;
  } finally {
    trees.dispose();
  }
}

/** Generated clients name methods after the operationId (or a synthesized one without it). */
export function clientMethodsOf(change: Change): string[] {
  const { method, path, operationId, previousOperationId } = change.operation;
  const ids = [operationId, previousOperationId].filter((id): id is string => id !== undefined);
  return ids.length > 0 ? [...new Set(ids.map(toIdentifier))] : [synthesizeId(method.toLowerCase(), path)];
}

function attachConsumers(root: string, results: ServiceResult[]): void {
  const breaking = results.flatMap((r) => r.comparison.changes.filter((c) => needsMajor(c.severity)).map((c) => [r, c] as const));
  if (breaking.length === 0) {
    return;
  }
  const finder = new ImpactFinder(root);
  for (const [result, change] of breaking) {
    const calls = clientMethodsOf(change).flatMap((m) => finder.consumersOf(result.comparison.service, m));
    if (calls.length > 0) {
      result.consumers.set(change, calls);
    }
  }
}
