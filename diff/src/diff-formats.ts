/**
 * `marquee diff` output: text for people, JSON for scripts, Markdown for pull-request comments
 * and SARIF 2.1.0 for code-scanning tools. Every change carries `file:line:column` in the file
 * it really lives in (the root file, or the shared file a component came from), and the RFC
 * 6901 pointer into that file.
 * @see https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
import type { DiffInput, SourceLocation } from './diff-input';
import { RULES } from './rules';
import { SEVERITIES, type Severity } from './severity';
import { describeOperation, type Change } from './types';

export type DiffFormat = 'text' | 'json' | 'markdown' | 'sarif';
export const DIFF_FORMATS: readonly DiffFormat[] = ['text', 'json', 'markdown', 'sarif'];

export interface DiffReport {
  base: DiffInput;
  revision: DiffInput;
  changes: Change[];
  /** Whether the changes fail the run (per --fail-on). */
  failed: boolean;
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  breaking: 'error',
  'source-breaking': 'warning',
  'non-breaking': 'note',
  info: 'note',
};

/** Where a change is best looked at: the base for something removed, else the revision. */
export function locate(change: Change, report: Pick<DiffReport, 'base' | 'revision'>): SourceLocation | undefined {
  const removed = RULES[change.rule].section === 'removed' || change.revision === undefined;
  const pointer = removed ? change.base : change.revision;
  return pointer === undefined ? undefined : (removed ? report.base : report.revision).locate(pointer);
}

/** Where the operation reaches a schema change (its parameter, media type or header), if it is one. */
export function locateSite(change: Change, report: Pick<DiffReport, 'base' | 'revision'>): SourceLocation | undefined {
  const site = change.site;
  if (!site) {
    return undefined;
  }
  return site.revision !== undefined ? report.revision.locate(site.revision) : site.base !== undefined ? report.base.locate(site.base) : undefined;
}

function physicalLocation(location: SourceLocation | undefined): object | undefined {
  if (!location) {
    return undefined;
  }
  const region = location.line === undefined ? {} : { region: { startLine: location.line, startColumn: location.column } };
  return { artifactLocation: { uri: location.file }, ...region };
}

function where(location: SourceLocation | undefined): string {
  if (!location) {
    return '';
  }
  return location.line === undefined ? `${location.file}#${location.pointer}` : `${location.file}:${location.line}:${location.column}`;
}

function counts(changes: readonly Change[]): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, changes.filter((c) => c.severity === s).length])) as Record<Severity, number>;
}

function summaryLine(report: DiffReport): string {
  const n = counts(report.changes);
  return `${SEVERITIES.map((s) => `${n[s]} ${s}`).join(', ')}: ${report.failed ? 'FAIL' : 'PASS'}`;
}

export function renderDiff(report: DiffReport, format: DiffFormat): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'markdown':
      return renderMarkdown(report);
    case 'sarif':
      return renderSarif(report);
    default:
      return renderText(report);
  }
}

function renderText(report: DiffReport): string {
  const lines = [`${report.base.label} → ${report.revision.label}`];
  for (const severity of SEVERITIES) {
    const group = report.changes.filter((c) => c.severity === severity);
    if (group.length > 0) {
      lines.push('', `${severity.toUpperCase()} (${group.length})`);
    }
    for (const change of group) {
      lines.push(`  ${change.rule}  ${describeOperation(change.operation)}  ${where(locate(change, report))}`);
      lines.push(`    ${change.message}`, `    fix: ${change.fix}`);
    }
  }
  lines.push('', summaryLine(report));
  return `${lines.join('\n')}\n`;
}

function renderJson(report: DiffReport): string {
  const changes = report.changes.map((change) => {
    const location = locate(change, report);
    const site = locateSite(change, report);
    return { ...change, location: location ? { ...location, text: where(location) } : null, ...(site ? { siteLocation: { ...site, text: where(site) } } : {}) };
  });
  const body = { base: report.base.label, revision: report.revision.label, verdict: report.failed ? 'fail' : 'pass', summary: counts(report.changes), changes };
  return `${JSON.stringify(body, null, 2)}\n`;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function renderMarkdown(report: DiffReport): string {
  const lines = [`### API changes: \`${cell(report.base.label)}\` → \`${cell(report.revision.label)}\``, '', `**${summaryLine(report)}**`, ''];
  if (report.changes.length > 0) {
    lines.push('| Severity | Rule | Operation | Where | Change | Fix |', '|---|---|---|---|---|---|');
    for (const change of report.changes) {
      const row = [change.severity, `\`${change.rule}\``, `\`${describeOperation(change.operation)}\``, `\`${where(locate(change, report))}\``, change.message, change.fix];
      lines.push(`| ${row.map(cell).join(' | ')} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function renderSarif(report: DiffReport): string {
  const ruleIds = [...new Set(report.changes.map((c) => c.rule))].sort();
  const rules = ruleIds.map((id) => ({
    id,
    shortDescription: { text: id.replace(/-/g, ' ') },
    help: { text: RULES[id].fix },
    defaultConfiguration: { level: SARIF_LEVEL[RULES[id].severity] },
    properties: { severity: RULES[id].severity },
  }));
  const results = report.changes.map((change) => {
    const location = locate(change, report);
    const physical = physicalLocation(location);
    const site = physicalLocation(locateSite(change, report));
    const related = site && change.site ? { relatedLocations: [{ id: 1, physicalLocation: site, message: { text: `Reached from ${change.site.name}.` } }] } : {};
    return {
      ruleId: change.rule,
      ruleIndex: ruleIds.indexOf(change.rule),
      level: SARIF_LEVEL[change.severity],
      message: { text: `${describeOperation(change.operation)}: ${change.message} Fix: ${change.fix}` },
      locations: [{ ...(physical ? { physicalLocation: physical } : {}), logicalLocations: [{ fullyQualifiedName: location?.pointer ?? '', kind: 'member' }] }],
      ...related,
      properties: { severity: change.severity },
    };
  });
  const run = { tool: { driver: { name: 'marquee diff', rules } }, results };
  return `${JSON.stringify({ $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [run] }, null, 2)}\n`;
}
