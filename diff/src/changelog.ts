/**
 * CHANGELOG.md entries in Keep a Changelog style, written from the diff: one section per
 * kind of change (Breaking first), one line per message, each naming the operations it affects.
 * @see https://keepachangelog.com/en/1.1.0/
 */
import { RULES } from './rules';
import { needsMajor } from './severity';
import { formatOperation, type Change } from './types';

const SECTIONS = [
  ['breaking', 'Breaking'],
  ['added', 'Added'],
  ['changed', 'Changed'],
  ['deprecated', 'Deprecated'],
  ['removed', 'Removed'],
] as const;

type SectionKey = (typeof SECTIONS)[number][0];

function sectionOf(change: Change): SectionKey {
  return needsMajor(change.severity) ? 'breaking' : RULES[change.rule].section;
}

export function renderChangelogEntry(args: { version: string; date: string; changes: readonly Change[]; initial?: boolean }): string {
  const lines = [`## [${args.version}] - ${args.date}`, ''];
  if (args.initial) {
    lines.push('Initial release.', '');
    return lines.join('\n');
  }
  if (args.changes.length === 0) {
    lines.push('No contract changes (documentation, examples or descriptions only).', '');
    return lines.join('\n');
  }
  for (const [key, title] of SECTIONS) {
    const items = groupByMessage(args.changes.filter((c) => sectionOf(c) === key));
    if (items.length > 0) {
      lines.push(`### ${title}`, '', ...items.map((item) => `- ${item}`), '');
    }
  }
  return lines.join('\n');
}

/** The same message reported for several operations (a shared component) becomes one line. */
function groupByMessage(changes: readonly Change[]): string[] {
  const groups = new Map<string, Set<string>>();
  for (const change of changes) {
    const ops = groups.get(change.message) ?? new Set<string>();
    const { operationId } = change.operation;
    ops.add(`\`${formatOperation(change.operation)}\`${operationId ? ` (${operationId})` : ''}`);
    groups.set(change.message, ops);
  }
  return [...groups].map(([message, ops]) => `${escapeMarkdown(message)} — ${[...ops].join(', ')}`);
}

/**
 * Spec text may contain characters Markdown would read as markup. Only those that can start
 * markup inside a list item are escaped: the docs show the file as plain text too.
 */
function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*<])/g, '\\$1');
}

export function changelogHeader(title: string): string {
  return [
    '# Changelog',
    '',
    `All notable changes to the ${title} contract. The format follows [Keep a Changelog](https://keepachangelog.com/en/1.1.0/)`,
    'and versions follow [Semantic Versioning](https://semver.org/spec/v2.0.0.html): breaking changes come with a new',
    'major version (below 1.0.0, a new minor version). Entries are written by `codegen/src/release.ts`.',
    '',
  ].join('\n');
}

/** Puts the entry above the newest release, below the header and any `[Unreleased]` section. */
export function prependChangelog(existing: string | undefined, entry: string, title: string): string {
  if (existing === undefined || existing.trim() === '') {
    return `${changelogHeader(title)}\n${entry}`;
  }
  const lines = existing.split('\n');
  let at = lines.findIndex((l) => /^## /.test(l));
  if (at !== -1 && /^## \[?unreleased\]?/i.test(lines[at]!)) {
    const next = lines.findIndex((l, i) => i > at && /^## /.test(l));
    at = next;
  }
  if (at === -1) {
    return `${existing.replace(/\n*$/, '\n\n')}${entry}`;
  }
  return [...lines.slice(0, at), ...entry.replace(/\n*$/, '\n').split('\n'), ...lines.slice(at)].join('\n');
}
