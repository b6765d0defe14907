import type { Knex, Migration } from '@marquee/runtime';

export const audienceMigrations: readonly Migration[] = [
  {
    name: '0001_segments',
    async up(db: Knex) {
      await db.schema.createTable('segments', (t) => {
        t.string('id', 36).primary();
        t.string('name', 120).notNullable().unique();
        t.text('description').notNullable();
        // Film ids in the order given; they live in the catalog service, so no foreign key.
        t.text('film_ids').notNullable();
        t.datetime('created_at', { precision: 3 }).notNullable();
        t.datetime('updated_at', { precision: 3 }).notNullable();
      });
    },
    async down(db: Knex) {
      await db.schema.dropTable('segments');
    },
  },
  {
    name: '0002_segment_query',
    async up(db: Knex) {
      await db.schema.alterTable('segments', (t) => {
        // The segment's audience query DSL document (JSON), validated before it is stored.
        t.text('query').nullable();
      });
    },
    async down(db: Knex) {
      await db.schema.alterTable('segments', (t) => {
        t.dropColumn('query');
      });
    },
  },
  {
    name: '0003_segment_tenant',
    async up(db: Knex) {
      await db.schema.alterTable('segments', (t) => {
        // The owning tenant (from the caller's principal). Segments saved before tenancy belong to
        // no tenant ('') and are reachable by nobody until an operator assigns them.
        t.string('tenant_id', 128).notNullable().defaultTo('');
        t.dropUnique(['name']);
        t.unique(['tenant_id', 'name']);
        t.index(['tenant_id', 'id']);
      });
    },
    async down(db: Knex) {
      await db.schema.alterTable('segments', (t) => {
        t.dropIndex(['tenant_id', 'id']);
        t.dropUnique(['tenant_id', 'name']);
        t.unique(['name']);
        t.dropColumn('tenant_id');
      });
    },
  },
];
