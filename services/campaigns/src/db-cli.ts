/** `tsx services/campaigns/src/db-cli.ts migrate|seed|reset [--force]` */
import { createMysql, runDbCommand } from '@marquee/runtime';
import { loadCampaignsConfig } from './config';
import { campaignsMigrations } from './data-access/migrations';

const config = loadCampaignsConfig();
const db = createMysql({ host: config.MYSQL_HOST, port: config.MYSQL_PORT, user: config.MYSQL_USER, password: config.MYSQL_PASSWORD, database: config.MYSQL_DATABASE });
runDbCommand({ command: process.argv[2], db, database: config.MYSQL_DATABASE, migrations: campaignsMigrations, force: process.argv.includes('--force') })
  .then(() => db.destroy())
  .catch(async (err: unknown) => {
    process.stderr.write(`campaigns db: ${err instanceof Error ? err.message : String(err)}\nIs MariaDB running? Try \`make infra-up\`.\n`);
    await db.destroy();
    process.exit(1);
  });
