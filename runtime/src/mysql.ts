/**
 * MySQL (MariaDB) through knex: one pool per service, migrations as plain modules (no
 * migration files loaded from disk at run time), and the readiness check /readyz uses.
 */
import knex, { type Knex } from 'knex';
import { env } from './config';

export type { Knex };

export interface MysqlConfig {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

/** The env schema every MySQL-backed service shares: <PREFIX>_HOST, _PORT, _USER, _PASSWORD, _DATABASE. */
export function mysqlEnv(defaults: Partial<MysqlConfig> = {}) {
  return {
    MYSQL_HOST: env.string({ default: defaults.host ?? '127.0.0.1' }),
    MYSQL_PORT: env.int({ default: defaults.port ?? 3306, min: 1, max: 65535 }),
    MYSQL_USER: env.string(defaults.user === undefined ? {} : { default: defaults.user }),
    MYSQL_PASSWORD: env.string(defaults.password === undefined ? {} : { default: defaults.password }),
    MYSQL_DATABASE: env.string(defaults.database === undefined ? {} : { default: defaults.database }),
  };
}

export function createMysql(config: MysqlConfig, options: { poolMax?: number } = {}): Knex {
  return knex({
    client: 'mysql2',
    connection: {
      host: config.host,
      port: config.port,
      user: config.user,
      password: config.password,
      database: config.database,
      timezone: 'Z',
      // DATE columns come back as 'YYYY-MM-DD' (knex's types only know the boolean form).
      dateStrings: ['DATE'] as unknown as boolean,
      connectTimeout: 2000,
      supportBigNumbers: true,
    },
    pool: { min: 0, max: options.poolMax ?? 10 },
    acquireConnectionTimeout: 3000,
  });
}

export interface Migration {
  name: string;
  up(db: Knex): Promise<void>;
  down(db: Knex): Promise<void>;
}

/** Feeds knex a list of migration modules, in order. */
export function migrationSource(migrations: readonly Migration[]): Knex.MigrationSource<Migration> {
  return {
    getMigrations: () => Promise.resolve([...migrations]),
    getMigrationName: (m) => m.name,
    getMigration: (m) => Promise.resolve({ up: m.up, down: m.down }),
  };
}

/**
 * Applies pending migrations at start-up. A connection attempt that timed out is tried again (3
 * attempts): the 2 s connect timeout counts time the event loop was busy, and at start-up it is
 * busy compiling the routes' schemas, so on a loaded machine the first connect can time out
 * while MariaDB is fine. Any other error (refused, access denied) fails at once.
 */
export async function migrateLatest(db: Knex, migrations: readonly Migration[]): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      const [, applied] = (await db.migrate.latest({ migrationSource: migrationSource(migrations) })) as [number, string[]];
      return applied;
    } catch (err) {
      const timedOut = (err as { code?: string }).code === 'ETIMEDOUT' || /ETIMEDOUT|Timeout acquiring a connection/.test((err as Error).message ?? '');
      if (!timedOut || attempt >= 3) {
        throw err;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

export function mysqlReadiness(db: Knex): () => Promise<void> {
  return async () => {
    await db.raw('select 1');
  };
}

/**
 * `db-cli migrate|seed|reset` for one service. `reset` drops every table of the service's own
 * database (test databases only unless --force), then migrates.
 */
export async function runDbCommand(args: {
  command: string | undefined;
  db: Knex;
  database: string;
  migrations: readonly Migration[];
  seed?: (db: Knex) => Promise<string>;
  force?: boolean;
  out?: (line: string) => void;
}): Promise<void> {
  const { command, db, database, migrations, seed, out = (l) => process.stdout.write(`${l}\n`) } = args;
  switch (command) {
    case 'migrate': {
      const applied = await migrateLatest(db, migrations);
      out(`${database}: ${applied.length === 0 ? 'schema up to date' : `applied ${applied.join(', ')}`}`);
      return;
    }
    case 'seed': {
      await migrateLatest(db, migrations);
      out(`${database}: ${seed ? await seed(db) : 'nothing to seed'}`);
      return;
    }
    case 'reset': {
      if (!database.endsWith('_test') && !args.force) {
        throw new Error(`refusing to reset ${database}: not a _test database (pass --force to mean it)`);
      }
      await dropAllTables(db, database);
      await migrateLatest(db, migrations);
      out(`${database}: reset`);
      return;
    }
    default:
      throw new Error(`unknown command '${command ?? ''}': use migrate | seed | reset`);
  }
}

export async function dropAllTables(db: Knex, database: string): Promise<void> {
  const rows = (await db('information_schema.tables').select('table_name as name').where('table_schema', database)) as { name: string }[];
  if (rows.length === 0) {
    return;
  }
  await db.raw('SET FOREIGN_KEY_CHECKS = 0');
  try {
    for (const { name } of rows) {
      await db.raw('DROP TABLE IF EXISTS ??', [name]);
    }
  } finally {
    await db.raw('SET FOREIGN_KEY_CHECKS = 1');
  }
}
