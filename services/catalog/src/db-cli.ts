/** `tsx services/catalog/src/db-cli.ts migrate|seed|reset [--force]` */
import { createMysql, runDbCommand } from '@marquee/runtime';
import { loadCatalogConfig } from './config';
import { catalogMigrations } from './data-access/migrations';
import { seedCatalog } from './data-access/seed';

const config = loadCatalogConfig();
const db = createMysql({ host: config.MYSQL_HOST, port: config.MYSQL_PORT, user: config.MYSQL_USER, password: config.MYSQL_PASSWORD, database: config.MYSQL_DATABASE });
runDbCommand({ command: process.argv[2], db, database: config.MYSQL_DATABASE, migrations: catalogMigrations, seed: seedCatalog, force: process.argv.includes('--force') })
  .then(() => db.destroy())
  .catch(async (err: unknown) => {
    process.stderr.write(`catalog db: ${err instanceof Error ? err.message : String(err)}\nIs MariaDB running? Try \`make infra-up\`.\n`);
    await db.destroy();
    process.exit(1);
  });
