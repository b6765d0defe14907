/**
 * Idempotently provisions MariaDB/MySQL for every service in services/registry.yaml that
 * declares `mysql: { database, user, password }`:
 *   - databases `<database>` and `<database>_test`
 *   - users '<user>'@'127.0.0.1' and '<user>'@'localhost' with the given password
 *   - ALL privileges on `<database>` and on `<database>_*` (its test databases: `<database>_test`,
 *     and `<database>_<name>_test` for a checkout that sets MARQUEE_TEST_DB) only; any other
 *     grant the user had is revoked
 *
 * Runs the `mariadb` CLI as root over the unix socket (root has no TCP password locally).
 * Usage: npx tsx scripts/provision-mysql.ts [--registry path] [--socket path]
 * Env: MARIADB_SOCKET (default /run/mysqld/mysqld.sock), MARIADB_CLI (default "mariadb").
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

interface MysqlSpec { database: string; user: string; password: string }
interface ServiceSpec { port?: number; mysql?: MysqlSpec }
interface Registry { services?: Record<string, ServiceSpec> }

const here = __dirname;
const repoRoot = path.resolve(here, '..');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const registryPath = path.resolve(arg('registry') ?? path.join(repoRoot, 'services/registry.yaml'));
const socket = arg('socket') ?? process.env.MARIADB_SOCKET ?? '/run/mysqld/mysqld.sock';
const cli = process.env.MARIADB_CLI ?? 'mariadb';

const IDENT = /^[A-Za-z0-9_]{1,64}$/;
const ident = (kind: string, v: unknown, service: string): string => {
  if (typeof v !== 'string' || !IDENT.test(v)) {
    throw new Error(`${service}: mysql.${kind} must match ${IDENT} (got ${JSON.stringify(v)})`);
  }
  return v;
};
const sqlString = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

function buildSql(service: string, m: MysqlSpec): string {
  const db = ident('database', m.database, service);
  const user = ident('user', m.user, service);
  if (typeof m.password !== 'string' || m.password.length === 0) {
    throw new Error(`${service}: mysql.password must be a non-empty string`);
  }
  const pw = sqlString(m.password);
  const dbs = [db, `${db}_test`];
  const lines: string[] = [];
  for (const d of dbs) {
    lines.push(`CREATE DATABASE IF NOT EXISTS \`${d}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;`);
  }
  for (const host of ['127.0.0.1', 'localhost']) {
    const account = `'${user}'@'${host}'`;
    lines.push(`CREATE USER IF NOT EXISTS ${account} IDENTIFIED BY ${pw};`);
    lines.push(`ALTER USER ${account} IDENTIFIED BY ${pw};`);
    // Start from a clean slate so stale or cross-service grants never survive a re-run.
    lines.push(`REVOKE ALL PRIVILEGES, GRANT OPTION FROM ${account};`);
    lines.push(`GRANT ALL PRIVILEGES ON \`${db}\`.* TO ${account};`);
    // `<database>_test` and per-checkout test databases `<database>_<name>_test` (MARQUEE_TEST_DB).
    lines.push(`GRANT ALL PRIVILEGES ON \`${db.replace(/_/g, '\\_')}\\_%\`.* TO ${account};`);
  }
  return lines.join('\n') + '\n';
}

function runSql(sql: string): void {
  execFileSync(cli, ['--user=root', `--socket=${socket}`, '--batch', '--silent'], {
    input: sql,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

function main(): void {
  const registry = parse(readFileSync(registryPath, 'utf8')) as Registry;
  const services = Object.entries(registry?.services ?? {});
  let provisioned = 0;
  for (const [name, spec] of services) {
    if (!spec?.mysql) continue;
    const sql = buildSql(name, spec.mysql);
    try {
      runSql(sql + 'FLUSH PRIVILEGES;\n');
    } catch (e) {
      const err = e as { stderr?: Buffer; message: string };
      const detail = err.stderr?.toString().trim() || err.message;
      throw new Error(`${name}: provisioning failed: ${detail}`);
    }
    const { database, user } = spec.mysql;
    console.log(`mysql: ${name}: databases ${database}, ${database}_test; user '${user}'@'127.0.0.1' and '${user}'@'localhost'`);
    provisioned++;
  }
  if (provisioned === 0) console.log(`mysql: no service in ${path.relative(repoRoot, registryPath)} declares mysql`);
}

try {
  main();
} catch (e) {
  console.error(`provision-mysql: ${(e as Error).message}`);
  if (/Can't connect|No such file|ENOENT/.test((e as Error).message)) {
    console.error('provision-mysql: is MariaDB running? Try: scripts/infra.sh up mariadb');
  }
  process.exit(1);
}
