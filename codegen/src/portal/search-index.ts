/**
 * The portal's search index: one entry per operation of every service and version, with the
 * link to the operation in its rendered reference. The landing page loads it and filters it in
 * the browser (every query word must occur in the entry's text).
 */
import { buildIR, type IROperation } from '../ir';
import type { ServiceVersions } from './versions';

export interface SearchEntry {
  service: string;
  version: string;
  operationId: string;
  method: string;
  path: string;
  summary: string;
  tags: string[];
  deprecated: boolean;
  /** Relative to the portal's root. */
  href: string;
  /** Lower-case text the query is matched against. */
  text: string;
}

/** Scalar's default slug for a tag or heading: lower case, runs of other characters become '-'. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .trim()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Scalar's id for an operation: `tag/<tag slug>/<METHOD><path>` (the first tag; the reference
 * page passes it to Scalar as the hash, which scrolls there).
 */
export function operationAnchor(op: IROperation): string {
  const tag = op.tags[0] ?? 'default';
  return `tag/${slug(tag)}/${op.method.toUpperCase()}${op.path}`;
}

export function buildSearchIndex(entries: readonly ServiceVersions[]): SearchEntry[] {
  return entries.flatMap((entry) =>
    entry.versions.flatMap((version) =>
      buildIR(entry.service.name, version.document).operations.map((op): SearchEntry => {
        const summary = op.summary ?? op.operationId;
        const words = [entry.service.name, version.id, op.operationId, splitCamel(op.operationId), op.method, op.path, summary, op.description ?? '', ...op.tags];
        return {
          service: entry.service.name,
          version: version.id,
          operationId: op.operationId,
          method: op.method.toUpperCase(),
          path: op.path,
          summary,
          tags: op.tags,
          deprecated: op.deprecated,
          href: `${entry.service.name}/${version.id}/index.html#${operationAnchor(op)}`,
          text: words.join(' ').toLowerCase(),
        };
      }),
    ),
  );
}

function splitCamel(id: string): string {
  return id.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
}
