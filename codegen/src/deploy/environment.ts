/**
 * The environment a service gets in a deployment, derived from the registry: the same variable
 * names its config.ts reads locally, pointed at in-cluster hosts. Secrets are named, not valued.
 */
import type { Registry, ServiceEntry } from './registry';

export interface ServiceEnvironment {
  plain: Record<string, string>;
  /** Variable -> key of the service's own Secret (`<service>-secrets`). */
  secrets: Record<string, string>;
}

export function serviceEnvironment(registry: Registry, service: ServiceEntry): ServiceEnvironment {
  const plain: Record<string, string> = {
    NODE_ENV: 'production',
    HOST: '0.0.0.0',
    PORT: String(service.port),
  };
  const secrets: Record<string, string> = {};
  if (service.mysql) {
    Object.assign(plain, {
      MYSQL_HOST: 'mariadb',
      MYSQL_PORT: String(registry.engines.mariadb.port),
      MYSQL_USER: service.mysql.user,
      MYSQL_DATABASE: service.mysql.database,
    });
    secrets.MYSQL_PASSWORD = 'mysql-password';
  }
  if (service.elasticsearch) {
    plain.ELASTICSEARCH_URL = `http://elasticsearch:${registry.engines.elasticsearch.port}`;
  }
  if (service.produces.length > 0 || service.consumes.length > 0) {
    plain.KAFKA_BROKERS = `kafka:${registry.engines.kafka.port}`;
  }
  for (const callee of service.calls) {
    const target = registry.services.find((s) => s.name === callee);
    plain[`${callee.toUpperCase().replace(/-/g, '_')}_URL`] = `http://${callee}:${target?.port ?? 80}`;
  }
  return { plain: { ...plain, ...service.env }, secrets };
}

/** How a service's container starts: its compiled bundle (`make build`, deploy/Dockerfile) under plain node, with source-mapped stack traces. */
export function serviceCommand(service: string): string[] {
  return ['node', '--enable-source-maps', `dist/build/services/${service}/src/start.js`];
}
