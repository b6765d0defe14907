/**
 * Once per `jest` run: every service's test database is reset, migrated and (catalog) seeded.
 * Test files then isolate themselves by the data they create, not by wiping tables.
 */
import { createMysql, runDbCommand } from '@marquee/runtime';
import { catalogMigrations } from '../../services/catalog/src/data-access/migrations';
import { seedCatalog } from '../../services/catalog/src/data-access/seed';
import { audienceMigrations } from '../../services/audience/src/data-access/migrations';
import { ingestMigrations } from '../../services/ingest/src/data-access/migrations';
import { enricherMigrations } from '../../services/enricher/src/data-access/migrations';
import { identityMigrations } from '../../services/identity/src/data-access/migrations';
import { campaignsMigrations } from '../../services/campaigns/src/data-access/migrations';
import { seedIdentity } from '../../services/identity/src/data-access/seed';
import { testEnv } from './databases';

/** The user may create its own `<database>_*` test databases (scripts/provision-mysql.ts). */
async function createDatabase(env: NodeJS.ProcessEnv): Promise<void> {
  const db = createMysql({ host: env.MYSQL_HOST!, port: Number(env.MYSQL_PORT), user: env.MYSQL_USER!, password: env.MYSQL_PASSWORD!, database: '' });
  try {
    await db.raw('CREATE DATABASE IF NOT EXISTS ?? CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci', [env.MYSQL_DATABASE!]);
  } finally {
    await db.destroy();
  }
}

export default async function globalSetup(): Promise<void> {
  const plans = [
    { service: 'catalog', migrations: catalogMigrations, seed: seedCatalog },
    { service: 'audience', migrations: audienceMigrations },
    { service: 'identity', migrations: identityMigrations, seed: seedIdentity },
    { service: 'ingest', migrations: ingestMigrations },
    { service: 'enricher', migrations: enricherMigrations },
    { service: 'campaigns', migrations: campaignsMigrations },
  ];
  for (const plan of plans) {
    const env = testEnv(plan.service);
    await createDatabase(env);
    const db = createMysql({ host: env.MYSQL_HOST!, port: Number(env.MYSQL_PORT), user: env.MYSQL_USER!, password: env.MYSQL_PASSWORD!, database: env.MYSQL_DATABASE! });
    try {
      await runDbCommand({ command: 'reset', db, database: env.MYSQL_DATABASE!, migrations: plan.migrations, out: () => undefined });
      if (plan.seed) {
        await plan.seed(db);
      }
    } catch (err) {
      throw new Error(
        `cannot prepare ${env.MYSQL_DATABASE} on ${env.MYSQL_HOST}:${env.MYSQL_PORT} (${(err as Error).message}).\n` +
          'Start MariaDB and create the service databases with `make infra-up`, then run the tests again.',
      );
    } finally {
      await db.destroy();
    }
  }
}
