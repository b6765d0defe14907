import type { Knex, Migration } from '@marquee/runtime';

export const campaignsMigrations: readonly Migration[] = [
  {
    name: '0001_campaigns',
    async up(db: Knex) {
      await db.schema.createTable('campaigns', (t) => {
        t.string('id', 36).primary();
        // The owning tenant, from the caller's principal; every read and write is scoped to it.
        t.string('tenant_id', 128).notNullable();
        t.string('name', 120).notNullable();
        // The audience segment lives in the audience service, so no foreign key.
        t.string('segment_id', 36).notNullable();
        t.string('channel', 16).notNullable();
        t.datetime('starts_at', { precision: 3 }).notNullable();
        t.datetime('ends_at', { precision: 3 }).notNullable();
        // Money in minor units: no float rounding in storage.
        t.bigInteger('budget_minor').notNullable();
        t.string('currency', 3).notNullable();
        t.string('status', 16).notNullable();
        t.integer('reach_count').unsigned().notNullable();
        t.datetime('reach_computed_at', { precision: 3 }).notNullable();
        t.datetime('created_at', { precision: 3 }).notNullable();
        t.datetime('updated_at', { precision: 3 }).notNullable();
        t.unique(['tenant_id', 'name']);
        t.index(['tenant_id', 'id']);
        t.index(['tenant_id', 'status']);
        t.index(['tenant_id', 'segment_id']);
      });
    },
    async down(db: Knex) {
      await db.schema.dropTable('campaigns');
    },
  },
];
