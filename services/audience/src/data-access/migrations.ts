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
];
