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
    MYSQL_DATABASE: `${mysql.database}_test`,
    PORT: '0',
    ...extra,
  };
}
