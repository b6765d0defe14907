/** Test database settings, derived from services/registry.yaml: each service's own `<db>_test`. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

interface RegistryService {
  port: number;
  mysql?: { database: string; user: string; password: string };
}

export function registry(): Record<string, RegistryService> {
  const text = readFileSync(join(__dirname, '..', '..', 'services', 'registry.yaml'), 'utf8');
  return (parse(text) as { services: Record<string, RegistryService> }).services;
}

/**
 * A service's test database: `<database>_test`, or `<database>_<name>_test` when MARQUEE_TEST_DB
 * names one, so two checkouts can run their suites against the same MariaDB at once.
 */
export function testDatabase(database: string): string {
  const name = process.env.MARQUEE_TEST_DB;
  if (name !== undefined && !/^[a-z0-9]{1,16}$/.test(name)) {
    throw new Error(`MARQUEE_TEST_DB must be 1-16 lowercase letters or digits (got ${JSON.stringify(name)})`);
  }
  return name ? `${database}_${name}_test` : `${database}_test`;
}

/** The environment a service needs to use its test database. */
export function testEnv(service: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const mysql = registry()[service]?.mysql;
  if (!mysql) {
    throw new Error(`service '${service}' has no mysql entry in services/registry.yaml`);
  }
  return {
    MYSQL_HOST: process.env.MYSQL_HOST ?? '127.0.0.1',
    MYSQL_PORT: process.env.MYSQL_PORT ?? '3306',
    MYSQL_USER: mysql.user,
    MYSQL_PASSWORD: mysql.password,
    MYSQL_DATABASE: testDatabase(mysql.database),
    PORT: '0',
    ...extra,
  };
}
