/**
 * Audience's Elasticsearch index of moviegoer profiles: a versioned index (`<alias>-v<N>`)
 * behind an alias, mapping in code. `migrate()` creates the current version and, when the alias
 * still points at an older one, copies the documents across and swaps the alias atomically, so
 * queries never see a missing index. Writes are idempotent: the document id is tenant:member.
 */
import { fastSearch, type SearchClient } from '@marquee/runtime';
import type { estypes } from '@elastic/elasticsearch';
import { PROFILE_INDEX_ALIAS, PROFILE_MAPPING_VERSION, profileIndexBody, type ProfileDocument } from '../domain/query';

export interface BulkOutcome {
  indexed: number;
  failed: { id: string; reason: string }[];
}

export class ProfilesIndex {
  constructor(
    private readonly search: SearchClient,
    readonly alias: string = PROFILE_INDEX_ALIAS,
    private readonly version: number = PROFILE_MAPPING_VERSION,
  ) {}

  indexName(version = this.version): string {
    return `${this.alias}-v${version}`;
  }

  /** Idempotent: returns what it did. */
  async migrate(): Promise<string> {
    const target = this.indexName();
    if (!(await this.search.indices.exists({ index: target }))) {
      await this.search.indices.create({ index: target, ...profileIndexBody() });
    }
    const current = await this.aliasTargets();
    if (current.length === 1 && current[0] === target) {
      return `${this.alias} -> ${target} (up to date)`;
    }
    let copied = 0;
    for (const old of current.filter((i) => i !== target)) {
      copied += await this.copy(old, target);
    }
    await this.search.indices.updateAliases({
      actions: [...current.filter((i) => i !== target).map((index) => ({ remove: { index, alias: this.alias } })), { add: { index: target, alias: this.alias, is_write_index: true } }],
    });
    return `${this.alias} -> ${target}${current.length > 0 ? ` (was ${current.join(', ')}; copied ${copied} profiles)` : ' (created)'}`;
  }

  async bulkIndex(docs: readonly ProfileDocument[], options: { refresh?: boolean } = {}): Promise<BulkOutcome> {
    if (docs.length === 0) {
      return { indexed: 0, failed: [] };
    }
    const operations = docs.flatMap((doc) => [{ index: { _index: this.alias, _id: profileId(doc) } }, doc]);
    const result = await this.search.bulk({ operations, refresh: options.refresh ? 'wait_for' : false });
    const failed = result.errors
      ? result.items.flatMap((item) => (item.index?.error ? [{ id: item.index._id ?? '?', reason: item.index.error.reason ?? item.index.error.type }] : []))
      : [];
    return { indexed: docs.length - failed.length, failed };
  }

  /**
   * Idempotent, ordered writes: each document with external version `version` (the enricher's
   * per-member sequence). A replayed or out-of-order older version is refused by Elasticsearch
   * with a version conflict, which is success here (a newer one is already indexed).
   */
  async bulkIndexVersioned(docs: readonly { doc: ProfileDocument; version: number }[]): Promise<BulkOutcome & { stale: number }> {
    if (docs.length === 0) {
      return { indexed: 0, failed: [], stale: 0 };
    }
    const operations = docs.flatMap(({ doc, version }) => [{ index: { _index: this.alias, _id: profileId(doc), version, version_type: 'external' as const } }, doc]);
    const result = await this.search.bulk({ operations });
    let stale = 0;
    const failed: BulkOutcome['failed'] = [];
    for (const item of result.items) {
      const error = item.index?.error;
      if (!error) continue;
      if (error.type === 'version_conflict_engine_exception') stale++;
      else failed.push({ id: item.index?._id ?? '?', reason: `${error.type}: ${error.reason ?? ''}` });
    }
    return { indexed: docs.length - stale - failed.length, failed, stale };
  }

  async refresh(): Promise<void> {
    await this.search.indices.refresh({ index: this.alias });
  }

  /**
   * `filterPath`: only these parts of the response (Elasticsearch's filter_path). Over the client's
   * own connection pool without its transport layer (runtime's fastSearch); errors still come from
   * the client.
   */
  query<T = unknown>(body: Omit<estypes.SearchRequest, 'index'>, filterPath?: string[]): Promise<estypes.SearchResponse<T>> {
    return fastSearch<T>(this.search, this.alias, body as Record<string, unknown>, filterPath);
  }

  /** Deletes every version of the index, and so the alias (tests and resets only). By exact name: the server refuses wildcard deletes. */
  async drop(): Promise<void> {
    const indices = Object.keys(await this.search.indices.get({ index: `${this.alias}-v*`, expand_wildcards: 'all' }));
    if (indices.length > 0) {
      await this.search.indices.delete({ index: indices.join(',') }, { ignore: [404] });
    }
  }

  private async aliasTargets(): Promise<string[]> {
    try {
      return Object.keys(await this.search.indices.getAlias({ name: this.alias }));
    } catch (err) {
      if ((err as { meta?: { statusCode?: number } }).meta?.statusCode === 404) {
        return [];
      }
      throw err;
    }
  }

  /** Our own reindex (the server has no reindex module): search_after pages into bulk writes. */
  private async copy(from: string, to: string): Promise<number> {
    let copied = 0;
    let after: estypes.SortResults | undefined;
    for (;;) {
      const page = await this.search.search<ProfileDocument>({ index: from, size: 1000, sort: [{ memberId: 'asc' }, { tenantId: 'asc' }], ...(after ? { search_after: after } : {}) });
      const hits = page.hits.hits;
      if (hits.length === 0) {
        return copied;
      }
      await this.search.bulk({ operations: hits.flatMap((h) => [{ index: { _index: to, _id: h._id } }, h._source]) });
      copied += hits.length;
      after = hits.at(-1)?.sort;
    }
  }
}

export function profileId(doc: Pick<ProfileDocument, 'tenantId' | 'memberId'>): string {
  return `${doc.tenantId}:${doc.memberId}`;
}
