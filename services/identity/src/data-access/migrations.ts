import type { Knex, Migration } from '@marquee/runtime';

/** Identity schema, in order. Secrets are stored only as hashes; private keys only encrypted. */
export const identityMigrations: readonly Migration[] = [
  {
    name: '0001_identity',
    async up(db: Knex) {
      await db.schema.createTable('tenants', (t) => {
        t.string('id', 63).primary();
        t.string('name', 120).notNullable();
        t.string('kind', 16).notNullable().index();
        t.datetime('created_at', { precision: 3 }).notNullable();
      });
      await db.schema.createTable('users', (t) => {
        t.string('id', 36).primary();
        t.string('tenant_id', 63).notNullable().references('tenants.id').onDelete('CASCADE');
        t.string('email', 254).notNullable();
        t.string('name', 120).notNullable();
        t.datetime('created_at', { precision: 3 }).notNullable();
        t.unique(['tenant_id', 'email']);
      });
      await db.schema.createTable('clients', (t) => {
        t.string('client_id', 63).primary();
        t.string('tenant_id', 63).notNullable().references('tenants.id').onDelete('CASCADE');
        t.string('name', 120).notNullable();
        t.string('secret_hash', 255).notNullable();
        t.json('allowed_scopes').notNullable();
        t.datetime('created_at', { precision: 3 }).notNullable();
        t.index(['tenant_id', 'client_id']);
      });
      await db.schema.createTable('api_keys', (t) => {
        t.string('key_id', 17).primary();
        t.string('tenant_id', 63).notNullable().references('tenants.id').onDelete('CASCADE');
        t.string('name', 120).notNullable();
        t.string('secret_hash', 64).notNullable();
        t.json('scopes').notNullable();
        t.datetime('created_at', { precision: 3 }).notNullable();
        t.datetime('expires_at', { precision: 3 }).nullable();
        t.datetime('revoked_at', { precision: 3 }).nullable();
        t.index(['tenant_id', 'key_id']);
      });
      await db.schema.createTable('signing_keys', (t) => {
        t.string('kid', 64).primary();
        t.string('alg', 8).notNullable();
        t.json('public_jwk').notNullable();
        t.text('private_jwk_encrypted').notNullable();
        t.datetime('created_at', { precision: 3 }).notNullable();
        t.datetime('retired_at', { precision: 3 }).nullable().index();
      });
      await db.schema.createTable('audit_events', (t) => {
        t.bigIncrements('id').primary();
        t.datetime('at', { precision: 3 }).notNullable();
        t.string('type', 32).notNullable();
        t.string('tenant_id', 63).nullable();
        t.string('actor', 140).nullable();
        t.string('target', 140).nullable();
        t.string('detail', 500).nullable();
        t.index(['tenant_id', 'id']);
        t.index(['type', 'id']);
      });
    },
    async down(db: Knex) {
      for (const table of ['audit_events', 'signing_keys', 'api_keys', 'clients', 'users', 'tenants']) {
        await db.schema.dropTable(table);
      }
    },
  },
  {
    name: '0002_signing_key_activation',
    async up(db: Knex) {
      // A rotated-in key is published first and signs from activates_at on (null: from created_at).
      await db.schema.alterTable('signing_keys', (t) => {
        t.datetime('activates_at', { precision: 3 }).nullable();
      });
    },
    async down(db: Knex) {
      await db.schema.alterTable('signing_keys', (t) => {
        t.dropColumn('activates_at');
      });
    },
  },
];
