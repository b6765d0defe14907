/** The ingest service as steps: datastore, Kafka producer, repositories, handlers, the generated router. */
import { createKafka, createMysql, createServiceApp, createServiceAuthenticator, kafkaReadiness, mysqlReadiness, rateLimitFrom, type Authenticator, type Knex, type Logger, type OperationRouterOptions, type Producer, type ServiceApp } from '@marquee/runtime';
import { ensureTopics } from '@marquee/runtime/events';
import type { OperationId } from '@marquee/generated/ingest/operations.gen';
import { createIngestRouter } from '@marquee/generated/ingest/server.gen';
import { topicPrefix, type IngestConfig } from './config';
import { DeadLettersRepository } from './data-access/dead-letters-repository';
import { JobsRepository } from './data-access/jobs-repository';
import { startDeadLetterMirror } from './domain/dead-letter-mirror';
import { Publisher } from './domain/publisher';
import { SecretBox } from './domain/secret-box';
import { SourcePuller } from './domain/source-puller';
import { SourcesRepository } from './data-access/sources-repository';
import { createIngestHandlers } from './http/handlers';

export interface IngestService extends ServiceApp {
  db: Knex;
  producer: Producer;
  publisher: Publisher;
  /** Connects the producer and creates the topics (idempotent); call before listening. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** `auth` replaces the authenticator built from the config (tests use a local identity). */
export function buildIngestService(args: { config: IngestConfig; log: Logger; router?: OperationRouterOptions<OperationId>; auth?: Authenticator }): IngestService {
  const { config, log } = args;
  const db = createMysql({ host: config.MYSQL_HOST, port: config.MYSQL_PORT, user: config.MYSQL_USER, password: config.MYSQL_PASSWORD, database: config.MYSQL_DATABASE });
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS.split(','), clientId: 'ingest', log });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const prefix = topicPrefix(config);
  const publisher = new Publisher(producer, prefix, log);
  const jobs = new JobsRepository(db);
  const deadLetters = new DeadLettersRepository(db);
  const sources = new SourcesRepository(db, new SecretBox(config.SOURCE_SECRET_KEY));
  const puller = new SourcePuller({ sources, publisher, log, settings: { pageSize: config.SOURCE_PAGE_SIZE } });
  const handlers = createIngestHandlers({ jobs, deadLetters, publisher, settings: { maxBytes: config.MAX_UPLOAD_BYTES, batchSize: config.PRODUCE_BATCH }, sources, puller });
  const readiness = kafkaReadiness(kafka);
  let stopMirror: (() => Promise<void>) | undefined;
  const service = createServiceApp({
    name: 'ingest',
    log,
    readiness: { mysql: mysqlReadiness(db), kafka: readiness },
    routers: [createIngestRouter(handlers, { bodyLimit: '2mb', rateLimit: rateLimitFrom(config), ...args.router, auth: args.auth ?? createServiceAuthenticator(config) })],
  });
  return {
    ...service,
    db,
    producer,
    publisher,
    start: async () => {
      await producer.connect();
      await ensureTopics(kafka, publisher.topics);
      stopMirror = await startDeadLetterMirror({ kafka, topics: publisher.topics.map((t) => `${t}.dlq`), groupId: `${prefix}ingest.dead-letters`, repository: deadLetters, log });
    },
    close: async () => {
      await puller.close();
      await stopMirror?.();
      await readiness.close();
      await producer.disconnect();
      await db.destroy();
    },
  };
}
