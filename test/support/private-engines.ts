/**
 * Engines of a test's own, to stop and start at will beside the shared ones (which are never
 * touched): Kafka on 19092 (controller 19093) and Elasticsearch on 19200 (transport 19300), under
 * a MARQUEE_HOME of their own (in the temporary directory) whose `cache` links to the shared one, so no jar is downloaded
 * again. Started and stopped through scripts/infra.sh like the shared engines.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createKafka } from '@marquee/runtime';

const run = promisify(execFile);
const INFRA = join(__dirname, '..', '..', 'scripts', 'infra.sh');

export type PrivateEngine = 'kafka' | 'elasticsearch';

export interface PrivateEngines {
  home: string;
  kafkaBrokers: string;
  elasticsearchUrl: string;
  up(engine: PrivateEngine): Promise<void>;
  down(engine: PrivateEngine): Promise<void>;
  /** Stops both and removes their data. */
  destroy(): Promise<void>;
}

export function privateEngines(options: { kafkaPort?: number; esPort?: number } = {}): PrivateEngines {
  const shared = process.env.MARQUEE_HOME ?? join(__dirname, '..', '..', '.marquee');
  // PRIVATE_KAFKA_PORT / PRIVATE_ES_PORT move them when another checkout's private engines hold the defaults.
  const kafkaPort = options.kafkaPort ?? Number(process.env.PRIVATE_KAFKA_PORT ?? 19092);
  const esPort = options.esPort ?? Number(process.env.PRIVATE_ES_PORT ?? 19200);
  const home = join(tmpdir(), `marquee-private-engines-${kafkaPort}`);
  mkdirSync(home, { recursive: true });
  if (!existsSync(join(home, 'cache'))) symlinkSync(join(shared, 'cache'), join(home, 'cache'));
  const env = {
    ...process.env,
    MARQUEE_HOME: home,
    MARQUEE_KAFKA_PORT: String(kafkaPort),
    MARQUEE_KAFKA_CONTROLLER_PORT: String(kafkaPort + 1),
    MARQUEE_ES_PORT: String(esPort),
    MARQUEE_ES_TRANSPORT_PORT: String(esPort + 100),
    MARQUEE_ES_HEAP: process.env.MARQUEE_PRIVATE_ES_HEAP ?? '512m',
    MARQUEE_KAFKA_HEAP: process.env.MARQUEE_PRIVATE_KAFKA_HEAP ?? '384m',
  };
  const ready = async (engine: PrivateEngine): Promise<boolean> => {
    if (engine === 'elasticsearch') {
      const res = await fetch(`http://127.0.0.1:${esPort}/_cluster/health`, { signal: AbortSignal.timeout(3000) }).catch(() => undefined);
      return res?.ok === true && ((await res.json()) as { status: string }).status !== 'red';
    }
    const admin = createKafka({ brokers: [`127.0.0.1:${kafkaPort}`], clientId: 'private-engines-probe' }).admin();
    try {
      await admin.connect();
      await admin.listTopics();
      return true;
    } catch {
      return false;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  };
  const infra = async (action: 'up' | 'down', engine: PrivateEngine) => {
    try {
      await run(INFRA, [action, engine], { env, timeout: 240_000 });
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      const text = `${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`;
      // infra.sh gives an engine 90-120 s to answer; a loaded shared machine may need more: keep waiting for the running process.
      if (action === 'up' && /not ready after/.test(text)) {
        const deadline = Date.now() + 5 * 60_000;
        while (Date.now() < deadline) {
          if (await ready(engine)) return;
          await new Promise((r) => setTimeout(r, 2000));
        }
      }
      throw new Error(`scripts/infra.sh ${action} ${engine} (MARQUEE_HOME=${home}) failed: ${text}`);
    }
  };
  return {
    home,
    kafkaBrokers: `127.0.0.1:${kafkaPort}`,
    elasticsearchUrl: `http://127.0.0.1:${esPort}`,
    up: (engine) => infra('up', engine),
    down: (engine) => infra('down', engine),
    destroy: async () => {
      await infra('down', 'elasticsearch').catch(() => undefined);
      await infra('down', 'kafka').catch(() => undefined);
      rmSync(join(home, 'data'), { recursive: true, force: true });
    },
  };
}
