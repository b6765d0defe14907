/**
 * Source databases (connection without the password, the sealed password, table mappings,
 * watermarks) and their pulls, in ingest's own database. One pull runs per source at a time: the
 * source row names it (`running_pull`) until it ends, or until its heartbeat is older than
 * `staleMs` (the ingest replica running it died).
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from '@marquee/runtime';
import type { Schemas } from '@marquee/generated/ingest/types.gen';
import type { SecretBox } from '../domain/secret-box';

export type Source = Schemas['Source'];
export type SourceRequest = Schemas['SourceRequest'];
export type Pull = Schemas['Pull'];
export type PullRowError = Schemas['PullRowError'];
export type Watermark = Schemas['Watermark'];
export type Watermarks = Source['watermarks'];
export type ConnectionSettings = Schemas['SourceConnection'];

/** How many rejected rows a pull keeps. */
export const PULL_ERRORS = 100;

interface SourceRow {
  id: string;
  tenant_id: string;
  name: string;
  connection: string;
  password_enc: string;
  members_mapping: string | null;
  transactions_mapping: string | null;
  watermarks: string;
  running_pull: string | null;
  heartbeat_at: Date | null;
  created_at: Date;
}

interface PullRow {
  id: string;
  source_id: string;
  status: Pull['status'];
  rows_read: number | string;
  accepted: number | string;
  rejected: number | string;
  errors: string;
  started_at: Date;
  finished_at: Date | null;
  failure: string | null;
}

export interface PullProgress {
  rowsRead: number;
  accepted: number;
  rejected: number;
  errors: PullRowError[];
}

const toPull = (r: PullRow): Pull => ({
  id: r.id,
  sourceId: r.source_id,
  status: r.status,
  rowsRead: Number(r.rows_read),
  accepted: Number(r.accepted),
  rejected: Number(r.rejected),
  errors: JSON.parse(r.errors) as PullRowError[],
  startedAt: r.started_at.toISOString(),
  finishedAt: r.finished_at ? r.finished_at.toISOString() : null,
  failure: r.failure,
});

export class SourcesRepository {
  constructor(
    private readonly db: Knex,
    private readonly box: SecretBox,
    private readonly staleMs = 5 * 60_000,
  ) {}

  private async toSource(r: SourceRow): Promise<Source> {
    const connection: Partial<ConnectionSettings> & Omit<ConnectionSettings, 'password'> = JSON.parse(r.connection) as ConnectionSettings;
    delete connection.password;
    const last = await this.db<PullRow>('source_pulls').where({ source_id: r.id }).orderBy('started_at', 'desc').orderBy('id').first();
    return {
      id: r.id,
      tenantId: r.tenant_id,
      name: r.name,
      connection: { ...connection, port: connection.port ?? 3306, passwordSet: r.password_enc !== '' },
      ...(r.members_mapping ? { members: JSON.parse(r.members_mapping) as Source['members'] } : {}),
      ...(r.transactions_mapping ? { transactions: JSON.parse(r.transactions_mapping) as Source['transactions'] } : {}),
      watermarks: JSON.parse(r.watermarks) as Watermarks,
      createdAt: r.created_at.toISOString(),
      lastPull: last ? toPull(last) : null,
    };
  }

  /** undefined when the tenant already has a source of that name. */
  async create(tenantId: string, request: SourceRequest): Promise<Source | undefined> {
    const id = randomUUID();
    const { password, ...connection } = request.connection;
    try {
      await this.db<SourceRow>('sources').insert({
        id,
        tenant_id: tenantId,
        name: request.name,
        connection: JSON.stringify({ ...connection, port: connection.port ?? 3306 }),
        password_enc: this.box.seal(password),
        members_mapping: request.members ? JSON.stringify(request.members) : null,
        transactions_mapping: request.transactions ? JSON.stringify(request.transactions) : null,
        watermarks: '{}',
        created_at: new Date(),
      });
    } catch (err) {
      if ((err as { code?: string }).code === 'ER_DUP_ENTRY') return undefined;
      throw err;
    }
    return this.get(tenantId, id);
  }

  async get(tenantId: string, id: string): Promise<Source | undefined> {
    const row = await this.db<SourceRow>('sources').where({ id, tenant_id: tenantId }).first();
    return row ? this.toSource(row) : undefined;
  }

  async list(tenantId: string): Promise<Source[]> {
    const rows = await this.db<SourceRow>('sources').where({ tenant_id: tenantId }).orderBy('created_at', 'desc').orderBy('id');
    return Promise.all(rows.map((r) => this.toSource(r)));
  }

  async remove(tenantId: string, id: string): Promise<boolean> {
    return (await this.db('sources').where({ id, tenant_id: tenantId }).delete()) === 1;
  }

  /** The connection with its password, for the puller only. */
  async connectionOf(id: string): Promise<ConnectionSettings | undefined> {
    const row = await this.db<SourceRow>('sources').where({ id }).first();
    return row ? { ...(JSON.parse(row.connection) as Omit<ConnectionSettings, 'password'>), password: this.box.open(row.password_enc) } : undefined;
  }

  /** A new running pull, or undefined while another pull of the source is running (and alive). */
  async startPull(sourceId: string): Promise<Pull | undefined> {
    const id = randomUUID();
    const now = new Date();
    const claimed = await this.db<SourceRow>('sources')
      .where({ id: sourceId })
      .andWhere((q) => q.whereNull('running_pull').orWhere('heartbeat_at', '<', new Date(now.getTime() - this.staleMs)))
      .update({ running_pull: id, heartbeat_at: now });
    if (claimed !== 1) return undefined;
    await this.db.transaction(async (trx) => {
      // A pull whose replica died is marked failed when another takes over.
      await trx<PullRow>('source_pulls').where({ source_id: sourceId, status: 'running' }).update({ status: 'failed', finished_at: now, failure: 'abandoned: no progress for a while (the ingest replica running it stopped)' });
      await trx<PullRow>('source_pulls').insert({ id, source_id: sourceId, status: 'running', errors: '[]', started_at: now });
    });
    return toPull((await this.db<PullRow>('source_pulls').where({ id }).first())!);
  }

  async getPull(sourceId: string, pullId: string): Promise<Pull | undefined> {
    const row = await this.db<PullRow>('source_pulls').where({ id: pullId, source_id: sourceId }).first();
    return row ? toPull(row) : undefined;
  }

  async listPulls(sourceId: string, limit: number): Promise<Pull[]> {
    return (await this.db<PullRow>('source_pulls').where({ source_id: sourceId }).orderBy('started_at', 'desc').orderBy('id').limit(limit)).map(toPull);
  }

  /**
   * After Kafka acknowledged a page: the table's new watermark and the pull's progress, in one
   * transaction. false when the source is gone or another pull took it over (stop pulling).
   */
  async advance(sourceId: string, pullId: string, kind: 'members' | 'transactions', watermark: Watermark, progress: PullProgress): Promise<boolean> {
    return this.db.transaction(async (trx) => {
      const row = await trx<SourceRow>('sources').where({ id: sourceId, running_pull: pullId }).forUpdate().first();
      if (!row) return false;
      const watermarks = { ...(JSON.parse(row.watermarks) as Watermarks), [kind]: watermark };
      await trx<SourceRow>('sources').where({ id: sourceId }).update({ watermarks: JSON.stringify(watermarks), heartbeat_at: new Date() });
      await trx<PullRow>('source_pulls').where({ id: pullId }).update(this.progressColumns(progress));
      return true;
    });
  }

  async finishPull(sourceId: string, pullId: string, progress: PullProgress, failure?: string): Promise<void> {
    await this.db<PullRow>('source_pulls')
      .where({ id: pullId })
      .update({ ...this.progressColumns(progress), status: failure ? 'failed' : 'completed', finished_at: new Date(), failure: failure ?? null });
    await this.db<SourceRow>('sources').where({ id: sourceId, running_pull: pullId }).update({ running_pull: null });
  }

  private progressColumns(p: PullProgress) {
    return { rows_read: p.rowsRead, accepted: p.accepted, rejected: p.rejected, errors: JSON.stringify(p.errors.slice(0, PULL_ERRORS)) };
  }

  async watermarks(sourceId: string): Promise<Watermarks> {
    const row = await this.db<SourceRow>('sources').where({ id: sourceId }).first();
    return row ? (JSON.parse(row.watermarks) as Watermarks) : {};
  }
}
