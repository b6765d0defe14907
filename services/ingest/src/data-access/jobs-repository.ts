/** Import jobs and their rejected rows, in ingest's own database. */
import { randomUUID } from 'node:crypto';
import type { Knex } from '@marquee/runtime';
import type { Schemas } from '@marquee/generated/ingest/types.gen';

export type ImportJob = Schemas['ImportJob'];
export type RowError = Schemas['RowError'];

/** How many rejected rows the job resource itself shows. */
export const FIRST_ERRORS = 20;

interface JobRow {
  id: string;
  tenant_id: string;
  kind: ImportJob['kind'];
  format: ImportJob['format'];
  file_name: string | null;
  status: ImportJob['status'];
  bytes_read: number | string;
  rows_read: number | string;
  accepted: number | string;
  rejected: number | string;
  first_errors: string;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  failure: string | null;
}

export interface Progress {
  bytesRead: number;
  rowsRead: number;
  accepted: number;
  rejected: number;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

function toJob(row: JobRow): ImportJob {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    kind: row.kind,
    format: row.format,
    fileName: row.file_name,
    status: row.status,
    bytesRead: Number(row.bytes_read),
    rowsRead: Number(row.rows_read),
    accepted: Number(row.accepted),
    rejected: Number(row.rejected),
    firstErrors: JSON.parse(row.first_errors) as RowError[],
    createdAt: row.created_at.toISOString(),
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    failure: row.failure,
  };
}

export class JobsRepository {
  constructor(private readonly db: Knex) {}

  async create(args: { tenantId: string; kind: ImportJob['kind']; format: ImportJob['format']; fileName?: string | undefined }): Promise<ImportJob> {
    const id = randomUUID();
    await this.db<JobRow>('import_jobs').insert({ id, tenant_id: args.tenantId, kind: args.kind, format: args.format, file_name: args.fileName ?? null, status: 'created', first_errors: '[]', created_at: new Date() });
    return (await this.get(args.tenantId, id))!;
  }

  async get(tenantId: string, id: string): Promise<ImportJob | undefined> {
    const row = await this.db<JobRow>('import_jobs').where({ id, tenant_id: tenantId }).first();
    return row ? toJob(row) : undefined;
  }

  async list(tenantId: string, limit: number): Promise<ImportJob[]> {
    const rows = await this.db<JobRow>('import_jobs').where({ tenant_id: tenantId }).orderBy('created_at', 'desc').orderBy('id').limit(limit);
    return rows.map(toJob);
  }

  /** created -> running, atomically: a second upload to the same job gets false. */
  async start(id: string): Promise<boolean> {
    const changed = await this.db<JobRow>('import_jobs').where({ id, status: 'created' }).update({ status: 'running', started_at: new Date() });
    return changed === 1;
  }

  /** Progress so far plus the rows rejected since the last call, in one transaction. */
  async record(id: string, progress: Progress, errors: readonly RowError[], firstErrors: readonly RowError[]): Promise<void> {
    await this.db.transaction(async (trx) => {
      if (errors.length > 0) {
        await trx('import_errors')
          .insert(errors.map((e) => ({ job_id: id, line: e.line, field: e.field ?? null, reason: e.reason })))
          .onConflict(['job_id', 'line'])
          .ignore();
      }
      await trx<JobRow>('import_jobs').where({ id }).update({
        bytes_read: progress.bytesRead,
        rows_read: progress.rowsRead,
        accepted: progress.accepted,
        rejected: progress.rejected,
        first_errors: JSON.stringify(firstErrors),
      });
    });
  }

  async finish(id: string, failure?: string): Promise<void> {
    await this.db<JobRow>('import_jobs').where({ id }).update({ status: failure ? 'failed' : 'completed', finished_at: new Date(), failure: failure ?? null });
  }

  /** Every rejected row in line order, page by page (never the whole report in memory). */
  async *errors(id: string, pageSize = 1000): AsyncGenerator<RowError> {
    let after = 0;
    for (;;) {
      const rows = await this.db<{ line: number | string; field: string | null; reason: string }>('import_errors').where('job_id', id).andWhere('line', '>', after).orderBy('line').limit(pageSize);
      for (const r of rows) yield { line: Number(r.line), ...(r.field ? { field: r.field } : {}), reason: r.reason };
      if (rows.length < pageSize) return;
      after = Number(rows.at(-1)!.line);
    }
  }
}
