/**
 * What a diff walk carries: both documents, where it is (direction and a human label for the
 * request or response part), a de-duplicating sink for findings and the visited set that makes
 * recursive schemas terminate.
 */
import { RULES, type RuleId } from './rules';
import type { SchemaEquality } from './schema-equality';
import type { SpecDoc } from './spec-doc';
import type { Change, DiffOptions, Direction, OperationRef, Site } from './types';

export interface Finding {
  rule: RuleId;
  message: string;
  base?: string | undefined;
  revision?: string | undefined;
  /** Overrides the rule's default fix hint. */
  fix?: string;
  /** The request or response part the walk reached it from (set by the walk context). */
  site?: Site;
}

export type Report = (finding: Finding) => void;

export interface OperationContext {
  base: SpecDoc;
  revision: SpecDoc;
  report: Report;
  /** Schema pairs already compared at this site (a walk context starts a fresh set). */
  visited: Set<string>;
  /** Shared across operations: lets the walk skip schema pairs that did not change. */
  equality: SchemaEquality;
}

export interface WalkContext extends OperationContext {
  direction: Direction;
  /** e.g. `query parameter 'limit'`, `response 200 (application/json)`. */
  site: string;
}

/** Where the walk entered: the parameter, media type or header object in each document. */
export interface SiteAt {
  base?: string | undefined;
  revision?: string | undefined;
}

/**
 * Collects changes; one finding per operation, site, rule and pair of pointers. A shared
 * component reached from two media types or statuses of one operation is two findings, each
 * with its own site; reached twice within one site (two properties of the same type), one.
 */
export class ChangeCollector {
  readonly changes: Change[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly base: SpecDoc,
    private readonly revision: SpecDoc,
    private readonly severity?: DiffOptions['severity'],
  ) {}

  forOperation(operation: OperationRef): Report {
    const opKey = `${operation.method} ${operation.path}`;
    return (finding) => {
      const key = `${opKey}|${finding.site?.name ?? ''}|${finding.rule}|${finding.base ?? ''}|${finding.revision ?? ''}`;
      if (this.seen.has(key)) {
        return;
      }
      this.seen.add(key);
      const spec = RULES[finding.rule];
      this.changes.push({
        rule: finding.rule,
        severity: this.severity?.[finding.rule] ?? spec.severity,
        message: finding.message,
        fix: finding.fix ?? spec.fix,
        operation,
        ...(finding.base !== undefined ? { base: existingPointer(this.base, finding.base) } : {}),
        ...(finding.revision !== undefined ? { revision: existingPointer(this.revision, finding.revision) } : {}),
        ...(finding.site ? { site: this.site(finding.site) } : {}),
      });
    };
  }

  private site(site: Site): Site {
    return {
      name: site.name,
      ...(site.base !== undefined ? { base: existingPointer(this.base, site.base) } : {}),
      ...(site.revision !== undefined ? { revision: existingPointer(this.revision, site.revision) } : {}),
    };
  }
}

/** The pointer itself, or its nearest ancestor that exists (a removed thing's would-be parent). */
function existingPointer(doc: SpecDoc, pointer: string): string {
  let current = pointer;
  while (current !== '' && doc.at(current).node === undefined) {
    current = current.slice(0, current.lastIndexOf('/'));
  }
  return current;
}

/**
 * A walk from one site: findings carry the site (name and pointers), and the visited set starts
 * empty, so a component reached again from another site of the operation is walked again.
 */
export function walkContext(ctx: OperationContext, direction: Direction, site: string, at: SiteAt = {}): WalkContext {
  const tagged: Site = { name: site, ...(at.base !== undefined ? { base: at.base } : {}), ...(at.revision !== undefined ? { revision: at.revision } : {}) };
  const report: Report = (finding) => ctx.report({ ...finding, site: tagged });
  return { ...ctx, report, visited: new Set(), direction, site };
}

/** `items[].title` from ['items', '[]', 'title']; variants render as `pet<Cat>`. */
export function renderPath(path: readonly string[]): string {
  return path.reduce((acc, seg) => (acc === '' || seg.startsWith('[') || seg.startsWith('<') ? acc + seg : `${acc}.${seg}`), '');
}

/** What a finding is about: the site itself, or a property path inside it. */
export function subject(ctx: WalkContext, path: readonly string[]): string {
  return path.length === 0 ? ctx.site : `'${renderPath(path)}' in ${ctx.site}`;
}

/** Upper-cases the first letter, so messages can start with a subject. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `'a', 'b'` for a list of JSON values. */
export function listValues(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v))).join(', ');
}
