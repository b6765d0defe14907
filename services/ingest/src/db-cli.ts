/** `tsx services/ingest/src/db-cli.ts migrate|reset [--force]` */
import { createMysql, runDbCommand } from '@marquee/runtime';
import { loadIngestConfig } from './config';
import { ingestMigrations } from './data-access/migrations';

const config = loadIngestConfig();
const db = createMysql({ host: config.MYSQL_HOST, port: config.MYSQL_PORT, user: config.MYSQL_USER, password: config.MYSQL_PASSWORD, database: config.MYSQL_DATABASE });
runDbCommand({ command: process.argv[2], db, database: config.MYSQL_DATABASE, migrations: ingestMigrations, force: process.argv.includes('--force') })
  .then(() => db.destroy())
  .catch(async (err: unknown) => {
    process.stderr.write(`ingest db: ${err instanceof Error ? err.message : String(err)}\nIs MariaDB running? Try \`make infra-up\`.\n`);
    await db.destroy();
    process.exit(1);
  });
