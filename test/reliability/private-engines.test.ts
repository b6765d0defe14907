/**
 * The private engine sets of tests and `make faults` (scripts/lib/private-engines.ts): MariaDB
 * too, on its own port, data dir and socket, provisioned like the shared one, stopped and started
 * at will while the shared MariaDB answers throughout. Its home is its own, so finishing it stops
 * nothing another suite's private engines run.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMysql, type Knex } from '@marquee/runtime';
import { privateEngines, TEST_PORTS } from '../../scripts/lib/private-engines';
import { testEnv } from '../support/databases';

const engines = privateEngines({ home: join(tmpdir(), `marquee-private-mariadb-${TEST_PORTS.mariadb}`) });
const env = testEnv('catalog');
const table = `${env.MYSQL_DATABASE!}.private_engines_probe`;
/** As catalog's user, without a default database: the private server has this checkout's test database only once the test makes it. */
const connect = (port: number): Knex => createMysql({ host: '127.0.0.1', port, user: env.MYSQL_USER!, password: env.MYSQL_PASSWORD!, database: '' }, { poolMax: 1 });
let db: Knex | undefined;
let shared: Knex | undefined;

afterAll(async () => {
  await Promise.allSettled([db?.destroy(), shared?.destroy()]);
  await engines.finish();
}, 180_000);

test('Given a private MariaDB, When it is stopped and started again, Then a service connects to its own test database on the private port, is refused while it is down, finds its data after, and the shared MariaDB answers throughout', async () => {
  expect(engines.mysqlPort).toBe(TEST_PORTS.mariadb);
  expect(engines.mysqlPort).not.toBe(3306);
  await engines.up('mariadb');
  db = connect(engines.mysqlPort);
  shared = connect(Number(process.env.MYSQL_PORT ?? 3306));
  const port = async (knex: Knex) => ((await knex.raw('select @@port as port'))[0] as { port: number }[])[0]!.port;
  expect(await port(db)).toBe(engines.mysqlPort);
  await db.raw('create database if not exists ??', [env.MYSQL_DATABASE!]);
  await db.raw('create table if not exists ?? (id int primary key)', [table]);
  await db.raw('replace into ?? values (42)', [table]);

  await engines.down('mariadb');
  await expect(db.raw('select 1')).rejects.toThrow();
  expect(await port(shared)).toBe(3306);

  await engines.up('mariadb');
  const rows = (await db.raw('select id from ??', [table]))[0] as { id: number }[];
  expect(rows).toEqual([{ id: 42 }]);
  expect([...engines.started]).toEqual(['mariadb']);
}, 300_000);
