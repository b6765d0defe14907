import type { Knex, Migration } from '@marquee/runtime';

/** Ingest's schema: import jobs and every rejected row (the downloadable error report), dead letters, source databases and their pulls. */
export const ingestMigrations: readonly Migration[] = [
  {
    name: '0001_import_jobs',
    async up(db: Knex) {
      await db.schema.createTable('import_jobs', (t) => {
        t.string('id', 36).primary();
        t.string('tenant_id', 64).notNullable();
        t.string('kind', 16).notNullable();
        t.string('format', 8).notNullable();
        t.string('file_name', 255).nullable();
        t.string('status', 16).notNullable();
        t.bigInteger('bytes_read').notNullable().defaultTo(0);
        t.bigInteger('rows_read').notNullable().defaultTo(0);
        t.bigInteger('accepted').notNullable().defaultTo(0);
        t.bigInteger('rejected').notNullable().defaultTo(0);
        t.text('first_errors').notNullable();
        t.datetime('created_at', { precision: 3 }).notNullable();
        t.datetime('started_at', { precision: 3 }).nullable();
        t.datetime('finished_at', { precision: 3 }).nullable();
        t.text('failure').nullable();
        t.index(['tenant_id', 'created_at']);
      });
      await db.schema.createTable('import_errors', (t) => {
        t.string('job_id', 36).notNullable().references('import_jobs.id').onDelete('CASCADE');
        t.bigInteger('line').notNullable();
        t.string('field', 255).nullable();
        t.text('reason').notNullable();
        t.primary(['job_id', 'line']);
      });
    },
    async down(db: Knex) {
      await db.schema.dropTable('import_errors');
      await db.schema.dropTable('import_jobs');
    },
  },
  {
    name: '0002_dead_letters',
    async up(db: Knex) {
      await db.schema.createTable('dead_letters', (t) => {
        t.string('id', 300).primary();
        t.string('tenant_id', 64).nullable();
        t.string('original_topic', 255).notNullable();
        t.integer('partition').notNullable();
        t.string('offset', 24).notNullable();
        t.string('reason', 16).notNullable();
        t.text('detail').notNullable();
        t.string('consumer_group', 255).notNullable();
        t.datetime('failed_at', { precision: 3 }).notNullable();
        t.string('message_key', 255).nullable();
        t.text('value', 'mediumtext').notNullable();
        t.string('status', 16).notNullable();
        t.datetime('replayed_at', { precision: 3 }).nullable();
        t.index(['tenant_id', 'status', 'failed_at']);
      });
    },
    async down(db: Knex) {
      await db.schema.dropTable('dead_letters');
    },
  },
  {
    name: '0003_sources',
    async up(db: Knex) {
      await db.schema.createTable('sources', (t) => {
        t.string('id', 36).primary();
        t.string('tenant_id', 64).notNullable();
        t.string('name', 100).notNullable();
        t.text('connection').notNullable(); // JSON, without the password
        t.text('password_enc').notNullable(); // AES-256-GCM (domain/secret-box.ts)
        t.text('members_mapping').nullable();
        t.text('transactions_mapping').nullable();
        t.text('watermarks').notNullable(); // JSON {members?: {updatedAt, key}, transactions?: ...}
        t.string('running_pull', 36).nullable();
        t.datetime('heartbeat_at', { precision: 3 }).nullable();
        t.datetime('created_at', { precision: 3 }).notNullable();
        t.unique(['tenant_id', 'name']);
      });
      await db.schema.createTable('source_pulls', (t) => {
        t.string('id', 36).primary();
        t.string('source_id', 36).notNullable().references('sources.id').onDelete('CASCADE');
        t.string('status', 16).notNullable();
        t.bigInteger('rows_read').notNullable().defaultTo(0);
        t.bigInteger('accepted').notNullable().defaultTo(0);
        t.bigInteger('rejected').notNullable().defaultTo(0);
        t.text('errors', 'mediumtext').notNullable();
        t.datetime('started_at', { precision: 3 }).notNullable();
        t.datetime('finished_at', { precision: 3 }).nullable();
        t.text('failure').nullable();
        t.index(['source_id', 'started_at']);
      });
    },
    async down(db: Knex) {
      await db.schema.dropTable('source_pulls');
      await db.schema.dropTable('sources');
    },
  },
];
