/**
 * deploy/compose.yaml: every service plus MariaDB, Kafka (KRaft) and Elasticsearch, for people
 * with Docker. Database users and grants come from a generated init script, one per service.
 * @see https://compose-spec.io
 */
import { stringify } from 'yaml';
import type { EmittedFile } from '../emit/emitter';
import { composeEdge } from './edge';
import { serviceCommand, serviceEnvironment } from './environment';
import type { Registry } from './registry';

const HEADER = '# This file is generated from services/registry.yaml by `make generate`. Do not edit.\n';

export function emitCompose(registry: Registry, versions: Record<string, string>): EmittedFile[] {
  const { mariadb, kafka, elasticsearch } = registry.engines;
  const engines = {
    mariadb: {
      image: mariadb.image,
      environment: { MARIADB_ROOT_PASSWORD: 'root-local-dev' },
      volumes: ['./compose/mariadb-init.sql:/docker-entrypoint-initdb.d/10-marquee.sql:ro', 'mariadb-data:/var/lib/mysql'],
      healthcheck: { test: ['CMD', 'healthcheck.sh', '--connect', '--innodb_initialized'], interval: '5s', retries: 20 },
    },
    kafka: {
      image: kafka.image,
      environment: {
        KAFKA_NODE_ID: '1',
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_LISTENERS: `PLAINTEXT://:${kafka.port},CONTROLLER://:9093`,
        KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://kafka:${kafka.port}`,
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
        KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
        KAFKA_CONTROLLER_QUORUM_VOTERS: '1@kafka:9093',
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
        KAFKA_HEAP_OPTS: '-Xmx512m -Xms512m',
      },
      volumes: ['kafka-data:/var/lib/kafka/data'],
      healthcheck: { test: ['CMD-SHELL', `/opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server localhost:${kafka.port} >/dev/null`], interval: '5s', retries: 30 },
    },
    elasticsearch: {
      image: elasticsearch.image,
      environment: { 'discovery.type': 'single-node', 'xpack.security.enabled': 'false', ES_JAVA_OPTS: '-Xms1g -Xmx1g' },
      volumes: ['elasticsearch-data:/usr/share/elasticsearch/data'],
      healthcheck: { test: ['CMD-SHELL', `curl -fs http://localhost:${elasticsearch.port}/_cluster/health?wait_for_status=yellow`], interval: '5s', retries: 40 },
    },
  };
  const services = Object.fromEntries(
    registry.services.map((s) => {
      const env = serviceEnvironment(registry, s);
      const needs = [...(s.mysql ? ['mariadb'] : []), ...(s.elasticsearch ? ['elasticsearch'] : []), ...(s.produces.length + s.consumes.length > 0 ? ['kafka'] : [])];
      return [
        s.name,
        {
          image: `marquee/${s.name}:${versions[s.name] ?? 'latest'}`,
          build: { context: '..', dockerfile: 'deploy/Dockerfile', args: { SERVICE: s.name } },
          // The compiled bundle (`make build`, deploy/Dockerfile), source-mapped stack traces.
          command: serviceCommand(s.name),
          ports: [`127.0.0.1:${s.port}:${s.port}`],
          environment: { ...env.plain, ...(s.mysql ? { MYSQL_PASSWORD: s.mysql.password } : {}) },
          depends_on: Object.fromEntries([...needs.map((n) => [n, { condition: 'service_healthy' }]), ...s.calls.map((c) => [c, { condition: 'service_healthy' }])]),
          healthcheck: { test: ['CMD', 'node', '-e', `fetch('http://127.0.0.1:${s.port}/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`], interval: '5s', retries: 20 },
          stop_grace_period: '15s',
        },
      ];
    }),
  );
  const compose = {
    name: 'marquee',
    services: { ...engines, ...services, edge: composeEdge(registry) },
    volumes: { 'mariadb-data': {}, 'kafka-data': {}, 'elasticsearch-data': {} },
  };
  const init = registry.services
    .filter((s) => s.mysql)
    .map((s) => {
      const m = s.mysql!;
      return [
        `-- ${s.name}: its own database and user, nothing else`,
        `CREATE DATABASE IF NOT EXISTS \`${m.database}\`;`,
        `CREATE USER IF NOT EXISTS '${m.user}'@'%' IDENTIFIED BY '${m.password.replace(/'/g, "''")}';`,
        `GRANT ALL PRIVILEGES ON \`${m.database}\`.* TO '${m.user}'@'%';`,
      ].join('\n');
    })
    .join('\n\n');
  return [
    { path: 'compose.yaml', content: HEADER + stringify(compose, { lineWidth: 0 }) },
    { path: 'compose/mariadb-init.sql', content: `${HEADER.replace('#', '--')}${init}\n` },
  ];
}
