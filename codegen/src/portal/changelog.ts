/**
 * Changelog and migration notes per service, from the diff engine run between consecutive
 * versions (release after release, then the working copy against the latest release). Breaking
 * changes come with what a consumer has to change; the rule's own fix is for the API's author.
 */
import { describeOperation, diffSpecs, needsMajor, RULES, type Change } from '@marquee/diff';
import { escapeHtml } from '../emit/docs';
import type { ContractVersion, ServiceVersions } from './versions';

export interface VersionChanges {
  version: ContractVersion;
  previous?: ContractVersion;
  changes: Change[];
}

export function versionChanges(entry: ServiceVersions, today: string): VersionChanges[] {
  return entry.versions.map((version, i) => {
    const previous = entry.versions[i - 1];
    return { version, ...(previous ? { previous } : {}), changes: previous ? diffSpecs(previous.document, version.document, { today }) : [] };
  });
}

/** What a consumer of the operation must do about a breaking change, by the rule's family. */
export function migrationAdvice(change: Change): string {
  const op = describeOperation(change.operation);
  const rule = change.rule;
  if (rule === 'operation-id-changed') {
    return `Upgrade the SDK and rename calls to ${change.operation.previousOperationId ?? 'the old method'} into ${change.operation.operationId ?? 'the new method'}.`;
  }
  if (rule === 'request-path-parameter-renamed') {
    return `Upgrade the SDK and pass the path parameter of ${op} under its new name (the URL is unchanged).`;
  }
  if (/^(webhook|callback)-removed$/.test(rule)) {
    return `Stop relying on that ${rule.split('-')[0]} from ${op}; it is no longer sent.`;
  }
  if (/^(path|operation|deprecated-operation)-removed/.test(rule)) {
    return `Stop calling ${op}; move to its successor (see the operation's x-successor or the new major version's reference).`;
  }
  if (rule.startsWith('security-')) {
    return `Send credentials with the scopes ${op} now requires (see Authentication).`;
  }
  if (/^request-.*(added-required|made-required)$/.test(rule)) {
    return `Send the now-required value on every call to ${op}.`;
  }
  if (/^request-.*removed$/.test(rule)) {
    return `Stop sending the removed ${rule.replace(/^request-|-removed$/g, '').replace(/-/g, ' ')} to ${op}.`;
  }
  if (rule.startsWith('request-')) {
    return `Change what you send to ${op} so it matches the new schema.`;
  }
  return `Handle the new response shape of ${op}: do not rely on what was removed or made optional, accept new values.`;
}

const SECTION_TITLES = { added: 'Added', changed: 'Changed', deprecated: 'Deprecated', removed: 'Removed' } as const;

function changeItem(change: Change): string {
  return `<li><code>${escapeHtml(describeOperation(change.operation))}</code> ${escapeHtml(change.message)}</li>`;
}

export function renderVersionChanges(service: string, entry: VersionChanges): string {
  const { version, previous, changes } = entry;
  const title = version.id === 'current' ? `Unreleased (working copy, info.version ${version.infoVersion})` : version.id;
  const heading = `<h2 id="v-${escapeHtml(version.id)}">${escapeHtml(title)}${version.date ? ` <span class="muted">${escapeHtml(version.date)}</span>` : ''}</h2>`;
  const link = `<p><a href="../${escapeHtml(service)}/${escapeHtml(version.id)}/index.html">API reference for ${escapeHtml(title)}</a>${previous ? ` · compared with ${escapeHtml(previous.id)}` : ''}</p>`;
  if (!previous) {
    return `<section>${heading}${link}<p>First version shown: no earlier release to compare with.</p></section>`;
  }
  if (changes.length === 0) {
    return `<section>${heading}${link}<p>No contract changes.</p></section>`;
  }
  const breaking = changes.filter((c) => needsMajor(c.severity));
  const parts = [heading, link];
  if (breaking.length > 0) {
    parts.push(
      `<h3 class="breaking">Breaking changes and migration notes</h3><ul class="migration">`,
      ...breaking.map((c) => `<li><code>${escapeHtml(describeOperation(c.operation))}</code> ${escapeHtml(c.message)}<br><strong>What to change:</strong> ${escapeHtml(migrationAdvice(c))} <span class="muted">(${escapeHtml(c.rule)}${c.severity === 'source-breaking' ? '; SDK code only, the wire is unchanged' : ''})</span></li>`),
      '</ul>',
    );
  }
  for (const [section, label] of Object.entries(SECTION_TITLES)) {
    const items = changes.filter((c) => !needsMajor(c.severity) && RULES[c.rule].section === section);
    if (items.length > 0) {
      parts.push(`<h3>${label}</h3><ul>${items.map(changeItem).join('')}</ul>`);
    }
  }
  return `<section>${parts.join('\n')}</section>`;
}
