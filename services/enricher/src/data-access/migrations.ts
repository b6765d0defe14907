import type { Knex, Migration } from '@marquee/runtime';

/** The enricher's state store: the latest of each member and every transaction (deduplicated by its natural key). */
export const enricherMigrations: readonly Migration[] = [
  {
    name: '0001_member_state',
    async up(db: Knex) {
      await db.schema.createTable('members', (t) => {
        t.string('tenant_id', 64).notNullable();
        t.string('member_id', 64).notNullable();
        t.text('attributes').nullable(); // null until the member row itself arrives
        t.bigInteger('sequence').notNullable().defaultTo(0);
        t.primary(['tenant_id', 'member_id']);
      });
      await db.schema.createTable('transactions', (t) => {
        t.string('tenant_id', 64).notNullable();
        t.string('transaction_id', 64).notNullable();
        t.string('member_id', 64).notNullable();
        t.string('cinema_id', 36).notNullable();
        t.string('film_id', 36).notNullable();
        t.string('primary_genre', 32).nullable();
        t.string('region_id', 5).nullable();
        t.datetime('occurred_at', { precision: 3 }).notNullable();
        t.integer('tickets').notNullable();
        t.decimal('ticket_amount', 12, 2).notNullable();
        t.decimal('concession_amount', 12, 2).notNullable();
        t.primary(['tenant_id', 'transaction_id']);
        t.index(['tenant_id', 'member_id', 'occurred_at']);
      });
    },
    async down(db: Knex) {
      await db.schema.dropTable('transactions');
      await db.schema.dropTable('members');
    },
  },
  {
    // The running aggregate per member (domain/aggregate.ts); null for rows written before it, rebuilt once from their transactions.
    name: '0002_member_aggregate',
    async up(db: Knex) {
      await db.schema.alterTable('members', (t) => {
        t.text('aggregate', 'mediumtext').nullable();
      });
    },
    async down(db: Knex) {
      await db.schema.alterTable('members', (t) => {
        t.dropColumn('aggregate');
      });
    },
  },
];
