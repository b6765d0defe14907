/**
 * Kafka through kafkajs: one client per service with short timeouts (so a stopped broker is
 * noticed in seconds, not minutes), kafkajs logs routed into the service's pino logger, and a
 * readiness check that asks the broker for cluster metadata.
 */
import type { Kafka, KafkaConfig, LogEntry, Producer } from 'kafkajs';
import type * as KafkaJs from 'kafkajs';
import type { Logger } from './logger';

/** Loaded on first use: services without Kafka do not pay for it at start-up (cold start, #11). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const kafkajs = (): typeof KafkaJs => require('kafkajs') as typeof KafkaJs;

export type { Kafka, Producer };

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  log?: Logger;
}

export function createKafka(settings: KafkaSettings): Kafka {
  const { Kafka, logLevel } = kafkajs();
  const config: KafkaConfig = {
    clientId: settings.clientId,
    brokers: settings.brokers,
    connectionTimeout: 1500,
    requestTimeout: 5000,
    retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2000 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => {
      const { message, ...rest } = entry.log;
      const target = settings.log;
      if (!target) return;
      (entry.level <= logLevel.ERROR ? target.error : target.warn).call(target, { kafka: { namespace: entry.namespace, ...rest } }, message);
    },
  };
  return new Kafka(config);
}

/** Readiness: the broker answers a metadata request within the timeout. Reconnects after failures; `close()` on shutdown. */
export function kafkaReadiness(kafka: Kafka): (() => Promise<void>) & { close(): Promise<void> } {
  let admin: ReturnType<Kafka['admin']> | undefined;
  const drop = async () => {
    const stale = admin;
    admin = undefined;
    await stale?.disconnect().catch(() => undefined);
  };
  const check = async () => {
    try {
      if (!admin) {
        admin = kafka.admin({ retry: { retries: 0 } });
        await admin.connect();
      }
      await admin.describeCluster();
    } catch (err) {
      await drop();
      throw new Error(`kafka: ${(err as Error).message}`);
    }
  };
  return Object.assign(check, { close: drop });
}
