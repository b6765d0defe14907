/** Pipeline test support: ingest in-process on unique topics, and reading a topic back. */
import { createAuthenticator, createKafka, createLogger, listen, type Authenticator, type Kafka } from '@marquee/runtime';
import { loadIngestConfig } from '../../services/ingest/src/config';
import { buildIngestService, type IngestService } from '../../services/ingest/src/server';
import { testEnv } from './databases';
import { KAFKA_BROKERS } from './engines';
import { startCatalog, startIdentity, testIdentity, type Started } from './platform';
import { catalogSeed } from '../../services/catalog/src/data-access/seed-data';
import type { RawTransaction } from '../../scripts/pipeline-data/generate-raw';

const log = createLogger('test', process.env.LOG_LEVEL ?? 'silent');

/** A topic prefix no other run (or parallel helper) uses: `t<pid>-<time>.`. */
export function uniquePrefix(): string {
  return `t${process.pid}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}.`;
}

export function testKafka(): Kafka {
  return createKafka({ brokers: KAFKA_BROKERS, clientId: `test-${process.pid}` });
}

/** Ingest on unique topics; it trusts the test identity's tokens (`bearer()`) unless given `auth`. */
export async function startIngest(prefix: string, extra: Record<string, string> = {}, auth?: Authenticator, options: { validateResponses?: boolean } = {}): Promise<Started & { service: IngestService }> {
  const env = testEnv('ingest', { KAFKA_BROKERS: KAFKA_BROKERS.join(','), TOPIC_PREFIX: prefix, ...extra });
  const service = buildIngestService({ config: loadIngestConfig(env), log, router: { validateResponses: options.validateResponses ?? true }, auth: auth ?? (await testIdentity()).authenticator() });
  await service.start();
  const running = await listen(service, 0, '127.0.0.1', { requestTimeoutMs: 0 });
  return { url: running.url, running, service, stop: async () => { await running.close(1000); await service.close(); } };
}

/** An authenticator that trusts tokens of a real identity service. */
export function trusting(identity: Started): Authenticator {
  return createAuthenticator({ jwksUrl: `${identity.url}/.well-known/jwks.json`, identityUrl: identity.url });
}

/**
 * Catalog trusting a real identity service (its test database, seeded with the local-dev clients):
 * the enricher calls catalog outside any request, as its own OAuth2 client, so it needs a token
 * identity really issues. `serviceEnv` is the enricher's part of that (its client id and secret).
 */
export async function startCatalogWithIdentity(options: { validateResponses?: boolean } = {}): Promise<{ catalog: Started; identity: Started; serviceEnv: Record<string, string>; stop(): Promise<void> }> {
  const identity = await startIdentity(options);
  const catalog = await startCatalog({ auth: trusting(identity), ...options });
  const serviceEnv = { IDENTITY_URL: identity.url, SERVICE_CLIENT_ID: 'marquee-services', SERVICE_CLIENT_SECRET: 'marquee-services-local-dev-secret' };
  return { catalog, identity, serviceEnv, stop: async () => { await catalog.stop(); await identity.stop(); } };
}

export interface TopicMessage {
  key: string | null;
  value: string;
  partition: number;
  offset: string;
}

/** Reads `topic` from the beginning until `count` messages arrived (or `timeoutMs` passed, then returns what came). */
export async function readTopic(kafka: Kafka, topic: string, count: number, timeoutMs = 15_000): Promise<TopicMessage[]> {
  const consumer = kafka.consumer({ groupId: `reader-${topic}-${Date.now()}`, maxWaitTimeInMs: 100 });
  const out: TopicMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      void consumer.run({
        eachMessage: async ({ message, partition }) => {
          out.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? '', partition, offset: message.offset });
          if (out.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    return out;
  } finally {
    await consumer.disconnect();
  }
}

/**
 * What a member's profile must say, computed from the raw file and the catalog seed only (not
 * with the enricher's code): visits in the windows before `now`, ticket spend, and the share of
 * each primary genre over the latest 60 visits.
 */
export function expectedProfile(memberId: string, transactions: readonly RawTransaction[], now: Date) {
  const genreOf = new Map(catalogSeed().films.map((f) => [f.id, f.genres[0]!]));
  const mine = transactions.filter((t) => t.memberId === memberId).sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  const since = (days: number) => mine.filter((t) => Date.parse(t.occurredAt) >= now.getTime() - days * 86_400_000).length;
  const views = mine.slice(-60);
  const affinity: Record<string, number> = {};
  for (const v of views) affinity[genreOf.get(v.filmId)!] = (affinity[genreOf.get(v.filmId)!] ?? 0) + 1 / views.length;
  return {
    visits: { last30d: since(30), last90d: since(90), last365d: since(365), lifetime: mine.length },
    tickets: mine.reduce((s, t) => s + t.ticketAmount, 0),
    affinity,
  };
}

/** Deletes every topic whose name starts with `prefix` (a test run's own topics). */
export async function dropTopics(prefix: string): Promise<void> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    const mine = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (mine.length > 0) await admin.deleteTopics({ topics: mine, timeout: 10_000 });
  } finally {
    await admin.disconnect();
  }
}
