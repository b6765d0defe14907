/** `tsx services/audience/src/db-cli.ts migrate|seed|reset [--force]` */
import { createMysql, createSearch, runDbCommand } from '@marquee/runtime';
import { ProfilesIndex } from './data-access/profiles-index';
import { loadAudienceConfig } from './config';
import { audienceMigrations } from './data-access/migrations';

const config = loadAudienceConfig();
const db = createMysql({ host: config.MYSQL_HOST, port: config.MYSQL_PORT, user: config.MYSQL_USER, password: config.MYSQL_PASSWORD, database: config.MYSQL_DATABASE });
const search = createSearch({ node: config.ELASTICSEARCH_URL });
const command = process.argv[2];
runDbCommand({ command, db, database: config.MYSQL_DATABASE, migrations: audienceMigrations, force: process.argv.includes('--force') })
  // The profiles index is audience's other datastore: migrated alongside its tables.
  .then(async () => {
    if (command === 'migrate' || command === 'seed') {
      process.stdout.write(`elasticsearch: ${await new ProfilesIndex(search, config.PROFILES_ALIAS).migrate()}\n`);
    }
  })
  .then(async () => {
    await db.destroy();
    await search.close();
  })
  .catch(async (err: unknown) => {
    process.stderr.write(`audience db: ${err instanceof Error ? err.message : String(err)}\nAre MariaDB and Elasticsearch running? Try \`make infra-up\`.\n`);
    await db.destroy();
    await search.close();
    process.exit(1);
  });
