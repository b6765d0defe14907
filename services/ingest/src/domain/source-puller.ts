/**
 * One incremental pull of a source database: for each mapped table (members, then
 * transactions), the rows past the table's watermark in (updated-at, key) order, a keyset page
 * at a time (never the whole table in memory), each row validated like an uploaded one (the
 * spec's MemberRow / TransactionRow, cells coerced) and the page's good rows produced to Kafka.
 * Only after Kafka acknowledged a page does the watermark move past it (with the pull's progress,
 * in one transaction), so a pull that stops (Kafka or the source away too long, ingest stopped)
 * leaves the watermark at the last acknowledged row and the next pull carries on from there.
 * A rejected row is reported with its key and reason and the watermark moves past it too.
 *
 * Rows whose updated-at is NULL are never pulled. Date-time cells without a zone are read as UTC.
 */
import knex, { type Knex } from 'knex';
import type { Logger } from '@marquee/runtime';
import type { ConnectionSettings, PullProgress, PullRowError, Source, SourcesRepository, Watermark } from '../data-access/sources-repository';
import { PULL_ERRORS } from '../data-access/sources-repository';
import type { Publisher } from './publisher';
import { RowConverter, type Kind, type RawEvent } from './rows';

export interface PullSettings {
  pageSize: number;
  connectTimeoutMs?: number;
}

/** A knex for the exhibitor's database: one connection, exact date strings (watermarks compare as the source stores them). */
export function connectSource(c: ConnectionSettings, connectTimeoutMs = 5000): Knex {
  return knex({
    client: 'mysql2',
    connection: { host: c.host, port: c.port ?? 3306, user: c.user, password: c.password, database: c.database, dateStrings: true, supportBigNumbers: true, bigNumberStrings: true, connectTimeout: connectTimeoutMs },
    pool: { min: 0, max: 1 },
    acquireConnectionTimeout: connectTimeoutMs + 1000,
    // knex logs connection errors to the console itself; the pull records them instead.
    log: { warn: () => undefined, error: () => undefined, debug: () => undefined, deprecate: () => undefined },
  });
}

const DATETIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:?\d{2})?$/;

/** A source cell as the row schema expects it: NULL absent, date-times as ISO 8601 (UTC when the cell has no zone), dates as YYYY-MM-DD. */
function cell(field: string, value: unknown): unknown {
  if (typeof value === 'string') {
    const m = DATETIME.exec(value);
    if (m && field === 'occurredAt') return `${m[1]}T${m[2]}${m[3] ?? 'Z'}`;
    if (m && field === 'memberSince') return m[1];
  }
  if (value instanceof Date) return field === 'memberSince' ? value.toISOString().slice(0, 10) : value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return value;
}

export class SourcePuller {
  private readonly running = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    private readonly deps: { sources: SourcesRepository; publisher: Publisher; log: Logger; settings: PullSettings; connect?: (c: ConnectionSettings) => Knex },
  ) {}

  /** Runs the pull in the background; its outcome is recorded on the pull. */
  launch(source: Source, pullId: string): void {
    const run = this.run(source, pullId).finally(() => this.running.delete(run));
    this.running.add(run);
  }

  /** Lets running pulls stop after their current page (they end failed; the next pull resumes from the watermark). */
  async close(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.running]);
  }

  private async run(source: Source, pullId: string): Promise<void> {
    const { sources, log } = this.deps;
    const progress: PullProgress = { rowsRead: 0, accepted: 0, rejected: 0, errors: [] };
    let db: Knex | undefined;
    let password = '';
    try {
      const connection = await sources.connectionOf(source.id);
      if (!connection) return;
      password = connection.password;
      db = (this.deps.connect ?? ((c) => connectSource(c, this.deps.settings.connectTimeoutMs)))(connection);
      for (const kind of ['members', 'transactions'] as const) {
        if (!(await this.pullTable(db, source, kind, pullId, progress))) return;
      }
      await sources.finishPull(source.id, pullId, progress);
    } catch (err) {
      // The driver's message names host, user and database, never the password; scrub it anyway.
      const reason = String((err as Error).message ?? err).split(password || '\u0000').join('***');
      log.warn({ source: source.id, pull: pullId, reason }, 'pull failed');
      await sources.finishPull(source.id, pullId, progress, reason).catch((e: unknown) => log.error({ err: e }, 'could not record the failed pull'));
    } finally {
      await db?.destroy().catch(() => undefined);
    }
  }

  /** false when the pull must stop (source deleted, taken over, or ingest stopping). */
  private async pullTable(db: Knex, source: Source, kind: Kind, pullId: string, progress: PullProgress): Promise<boolean> {
    const mapping = source[kind];
    if (!mapping) return true;
    const { sources, publisher, settings } = this.deps;
    const columns = mapping.columns as Record<string, string>;
    const keyColumn = kind === 'members' ? columns.memberId! : columns.transactionId!;
    const converter = new RowConverter(kind, source.tenantId, `source:${source.id}`, { coerce: true });
    let watermark: Watermark | undefined = (await sources.watermarks(source.id))[kind];
    for (;;) {
      if (this.stopping) throw new Error('ingest is stopping; the next pull resumes from the watermark');
      const query = db(mapping.table)
        .select({ ...columns, __at: mapping.updatedAt, __key: keyColumn })
        .whereNotNull(mapping.updatedAt)
        .orderBy([mapping.updatedAt, keyColumn])
        .limit(settings.pageSize);
      if (watermark) {
        const { updatedAt, key } = watermark;
        void query.where((q) => q.where(mapping.updatedAt, '>', updatedAt).orWhere((q2) => q2.where(mapping.updatedAt, '=', updatedAt).andWhere(keyColumn, '>', key)));
      }
      const rows = (await query) as Record<string, unknown>[];
      if (rows.length === 0) return true;
      const events: RawEvent[] = [];
      for (const row of rows) {
        progress.rowsRead++;
        const key = row.__key;
        const fields = Object.entries(row).filter(([f]) => f !== '__at' && f !== '__key');
        const clean = Object.fromEntries(fields.filter(([, v]) => v !== null && v !== undefined).map(([f, v]) => [f, cell(f, v)]));
        const converted = converter.convert(clean);
        if (converted.ok) events.push(converted.event);
        else {
          progress.rejected++;
          const first = converted.errors[0];
          const error: PullRowError = { kind, key: String(key), ...(first?.pointer ? { field: first.pointer } : {}), reason: converted.errors.map((e) => `${e.pointer || '/'} ${e.reason}`).join('; ') };
          if (progress.errors.length < PULL_ERRORS) progress.errors.push(error);
        }
      }
      await publisher.send(kind, events);
      progress.accepted += events.length;
      const last = rows.at(-1)!;
      watermark = { updatedAt: String(last.__at), key: String(last.__key) };
      if (!(await sources.advance(source.id, pullId, kind, watermark, progress))) return false;
      if (rows.length < settings.pageSize) return true;
    }
  }
}
