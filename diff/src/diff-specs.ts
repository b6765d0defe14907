/**
 * The diff engine's entry point: two bundled documents in, every classified change out.
 * Pure (no I/O, no clock unless `today` is left out) and walked from operations, so a change
 * in a shared component is reported once for each operation and site (parameter, media type,
 * status, header) it affects.
 */
import type { JsonObject } from '@marquee/openapi';
import { ChangeCollector, type Report } from './context';
import { diffOperation } from './operation-diff';
import { indexOperations, type OperationEntry } from './operations';
import { SchemaEquality } from './schema-equality';
import { SpecDoc } from './spec-doc';
import type { Change, DiffOptions } from './types';

export function diffSpecs(base: JsonObject, revision: JsonObject, options: DiffOptions = {}): Change[] {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const baseDoc = new SpecDoc(base);
  const revisionDoc = new SpecDoc(revision);
  const baseOps = indexOperations(baseDoc);
  const revisionOps = indexOperations(revisionDoc);
  const revisionPaths = new Set([...revisionOps.values()].map((op) => op.normalizedPath));
  const basePaths = new Set([...baseOps.values()].map((op) => op.normalizedPath));
  const collector = new ChangeCollector(baseDoc, revisionDoc, options.severity);
  const equality = new SchemaEquality(baseDoc, revisionDoc);
  for (const [key, b] of baseOps) {
    const r = revisionOps.get(key);
    if (r) {
      const renamed = b.ref.operationId !== undefined && b.ref.operationId !== r.ref.operationId;
      const report = collector.forOperation(renamed ? { ...r.ref, previousOperationId: b.ref.operationId } : r.ref);
      diffOperation({ base: baseDoc, revision: revisionDoc, report, visited: new Set(), equality }, b, r);
    } else {
      reportRemoved(collector.forOperation(b.ref), b, { pathGone: !revisionPaths.has(b.normalizedPath), today });
    }
  }
  for (const [key, r] of revisionOps) {
    if (baseOps.has(key)) {
      continue;
    }
    const report = collector.forOperation(r.ref);
    if (r.kind !== 'operation') {
      const message = `${r.kind === 'webhook' ? 'Webhook' : 'Callback'} ${r.ref.method} ${r.ref.path} was added.`;
      report({ rule: `${r.kind}-added`, message, base: parentPointer(r.pathPointer), revision: r.located.pointer });
      continue;
    }
    const at = { base: basePaths.has(r.normalizedPath) ? basePathPointer(baseOps, r) : '/paths', revision: r.located.pointer };
    report(
      basePaths.has(r.normalizedPath)
        ? { rule: 'operation-added', message: `Operation ${r.ref.method} ${r.ref.path} was added.`, ...at }
        : { rule: 'path-added', message: `Path ${r.ref.path} was added (${r.ref.method}).`, ...at },
    );
  }
  return collector.changes;
}

function basePathPointer(baseOps: Map<string, OperationEntry>, r: OperationEntry): string {
  return [...baseOps.values()].find((op) => op.normalizedPath === r.normalizedPath)?.pathPointer ?? '/paths';
}

/** `/webhooks` for `/webhooks/newFilm` (the collector falls back to the nearest existing ancestor). */
function parentPointer(pointer: string): string {
  return pointer.slice(0, pointer.lastIndexOf('/'));
}

const DATE = /^(\d{4}-\d{2}-\d{2})/;

/**
 * A removed operation that was deprecated with an `x-sunset` date is expected once the date has
 * passed (info: consumers were told when it would go); before it, the removal breaks the promise
 * the sunset date made, and without a date nobody was told when.
 */
function reportRemoved(report: Report, b: OperationEntry, args: { pathGone: boolean; today: string }): void {
  const name = `${b.ref.method} ${b.ref.path}`;
  if (b.kind !== 'operation') {
    const message = `${b.kind === 'webhook' ? 'Webhook' : 'Callback'} ${name} was removed; receivers no longer get it.`;
    report({ rule: `${b.kind}-removed`, message, base: b.located.pointer, revision: parentPointer(b.pathPointer) });
    return;
  }
  const at = { base: b.located.pointer, revision: args.pathGone ? '/paths' : b.pathPointer };
  const sunset = b.sunset !== undefined ? DATE.exec(b.sunset)?.[1] : undefined;
  if (b.deprecated && sunset !== undefined && args.today < sunset) {
    report({
      rule: 'deprecated-operation-removed-before-sunset',
      message: `Deprecated operation ${name} was removed before its sunset date ${sunset} (today is ${args.today}).`,
      ...at,
    });
  } else if (b.deprecated && sunset !== undefined) {
    const message = `Deprecated operation ${name} was removed after its sunset date ${sunset}.`;
    report({ rule: 'deprecated-operation-removed-after-sunset', message, ...at });
  } else if (b.deprecated) {
    report({ rule: 'deprecated-operation-removed', message: `Deprecated operation ${name} was removed without an x-sunset date.`, ...at });
  } else if (args.pathGone) {
    report({ rule: 'path-removed', message: `Path ${b.ref.path} was removed, and with it ${name}.`, ...at });
  } else {
    report({ rule: 'operation-removed', message: `Operation ${name} was removed.`, ...at });
  }
}
