/**
 * The enricher as steps: its state store, the catalog client and cache, a producer of
 * profiles.enriched and two consumers (members.raw, transactions.raw), each its own consumer group (kafkajs assigns a group's partitions as if every member subscribed to every topic). HTTP
 * is only /healthz and /readyz.
 */
import { createKafka, createMysql, createServiceApp, kafkaReadiness, mysqlReadiness, serviceCredentials, type Knex, type Logger, type ServiceApp } from '@marquee/runtime';
import { EventProducer, ensureTopics, startEventConsumer, type RunningConsumer } from '@marquee/runtime/events';
import { CatalogClient } from '@marquee/generated/enricher/clients/catalog/client.gen';
import { profilesEnriched } from '@marquee/generated/enricher/events.gen';
import { membersRaw, transactionsRaw } from '@marquee/generated/ingest/events.gen';
import { clockOf, type EnricherConfig } from './config';
import { StateRepository } from './data-access/state-repository';
import { CatalogCache } from './domain/catalog-cache';
import { Enricher } from './domain/enricher';

export interface EnricherService extends ServiceApp {
  db: Knex;
  enricher: Enricher;
  /** Connects, creates missing topics and starts consuming. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export function buildEnricherService(args: { config: EnricherConfig; log: Logger; retryDelayMs?: number }): EnricherService {
  const { config, log } = args;
  const prefix = config.TOPIC_PREFIX === '-' ? '' : config.TOPIC_PREFIX;
  const db = createMysql({ host: config.MYSQL_HOST, port: config.MYSQL_PORT, user: config.MYSQL_USER, password: config.MYSQL_PASSWORD, database: config.MYSQL_DATABASE });
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS.split(','), clientId: 'enricher', log });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const members = membersRaw.withAddress(`${prefix}${membersRaw.address}`);
  const transactions = transactionsRaw.withAddress(`${prefix}${transactionsRaw.address}`);
  const profiles = profilesEnriched.withAddress(`${prefix}${profilesEnriched.address}`);
  const catalog = new CatalogCache(new CatalogClient({ baseUrl: config.CATALOG_URL, timeoutMs: config.CATALOG_TIMEOUT_MS, retries: 2, credentials: serviceCredentials(config, 'catalog:read') }), config.CATALOG_CACHE_SIZE);
  const enricher = new Enricher({ state: new StateRepository(db), catalog, profiles: new EventProducer(producer, profiles), clock: clockOf(config), log, ...(args.retryDelayMs !== undefined ? { retryDelayMs: args.retryDelayMs } : {}) });
  const readiness = kafkaReadiness(kafka);
  const consumers: RunningConsumer[] = [];
  const service = createServiceApp({ name: 'enricher', log, readiness: { mysql: mysqlReadiness(db), kafka: readiness }, routers: [] });
  const tuning = { maxBytesPerPartition: config.ENRICH_FETCH_BYTES, partitionsConsumedConcurrently: config.ENRICH_CONCURRENCY };
  const onError = (err: unknown) => log.error({ err }, 'consumer crashed; it is restarted');
  return {
    ...service,
    db,
    enricher,
    start: async () => {
      await producer.connect();
      await ensureTopics(kafka, [members.address, transactions.address, profiles.address]);
      consumers.push(await startEventConsumer({ kafka, producer, topic: members, groupId: `${config.GROUP_ID}.members`, ...tuning, handle: (events) => enricher.onMembers(events), onError }));
      consumers.push(await startEventConsumer({ kafka, producer, topic: transactions, groupId: `${config.GROUP_ID}.transactions`, ...tuning, handle: (events) => enricher.onTransactions(events), onError }));
    },
    close: async () => {
      for (const c of consumers) await c.stop();
      await readiness.close();
      await producer.disconnect();
      await db.destroy();
    },
  };
}
