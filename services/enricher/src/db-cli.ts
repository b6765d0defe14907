/** `tsx services/enricher/src/db-cli.ts migrate|reset [--force]` */
import { createMysql, runDbCommand } from '@marquee/runtime';
import { loadEnricherConfig } from './config';
import { enricherMigrations } from './data-access/migrations';

const config = loadEnricherConfig();
const db = createMysql({ host: config.MYSQL_HOST, port: config.MYSQL_PORT, user: config.MYSQL_USER, password: config.MYSQL_PASSWORD, database: config.MYSQL_DATABASE });
runDbCommand({ command: process.argv[2], db, database: config.MYSQL_DATABASE, migrations: enricherMigrations, force: process.argv.includes('--force') })
  .then(() => db.destroy())
  .catch(async (err: unknown) => {
    process.stderr.write(`enricher db: ${err instanceof Error ? err.message : String(err)}\nIs MariaDB running? Try \`make infra-up\`.\n`);
    await db.destroy();
    process.exit(1);
  });
