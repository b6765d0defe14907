import type { Knex, Migration } from '@marquee/runtime';
import { GENRES, REGIONS } from './seed-data';

/** Catalog schema, in order. Regions and genres are fixed reference lists, so they ship with the schema. */
export const catalogMigrations: readonly Migration[] = [
  {
    name: '0001_reference_data',
    async up(db: Knex) {
      await db.schema.createTable('regions', (t) => {
        t.string('id', 5).primary();
        t.string('name', 80).notNullable();
        t.string('country', 2).notNullable().index();
      });
      await db.schema.createTable('genres', (t) => {
        t.string('id', 32).primary();
        t.string('name', 60).notNullable();
      });
      await db('regions').insert(REGIONS.map((r) => ({ id: r.id, name: r.name, country: r.country })));
      await db('genres').insert(GENRES.map((g) => ({ id: g.id, name: g.name })));
    },
    async down(db: Knex) {
      await db.schema.dropTable('genres');
      await db.schema.dropTable('regions');
    },
  },
  {
    name: '0002_circuits_cinemas_films',
    async up(db: Knex) {
      await db.schema.createTable('circuits', (t) => {
        t.string('id', 36).primary();
        t.string('name', 120).notNullable().unique();
        t.datetime('created_at', { precision: 3 }).notNullable();
        t.datetime('updated_at', { precision: 3 }).notNullable();
      });
      await db.schema.createTable('cinemas', (t) => {
        t.string('id', 36).primary();
        t.string('name', 120).notNullable();
        t.string('circuit_id', 36).notNullable().references('circuits.id').onDelete('RESTRICT');
        t.string('region_id', 5).notNullable().references('regions.id').onDelete('RESTRICT');
        t.string('city', 80).notNullable();
        t.integer('screens').notNullable();
        t.datetime('created_at', { precision: 3 }).notNullable();
        t.datetime('updated_at', { precision: 3 }).notNullable();
      });
      await db.schema.createTable('films', (t) => {
        t.string('id', 36).primary();
        t.string('title', 200).notNullable();
        t.date('release_date').notNullable().index();
        t.integer('runtime_minutes').notNullable();
        t.string('rating', 8).notNullable().index();
        t.datetime('created_at', { precision: 3 }).notNullable();
        t.datetime('updated_at', { precision: 3 }).notNullable();
      });
      await db.schema.createTable('film_genres', (t) => {
        t.string('film_id', 36).notNullable().references('films.id').onDelete('CASCADE');
        t.string('genre_id', 32).notNullable().references('genres.id').onDelete('RESTRICT');
        t.tinyint('position').notNullable();
        t.primary(['film_id', 'genre_id']);
        t.index(['genre_id', 'film_id']);
      });
    },
    async down(db: Knex) {
      await db.schema.dropTable('film_genres');
      await db.schema.dropTable('films');
      await db.schema.dropTable('cinemas');
      await db.schema.dropTable('circuits');
    },
  },
];
