/**
 * Engine sets to stop and start at will, through scripts/infra.sh like the shared engines: the
 * one module tests (test/pipeline/pipeline.engines-down.test.ts) and `make faults`
 * (scripts/reliability/faults.ts) use. A private set runs MariaDB (its own data dir and socket,
 * provisioned like the shared one), Kafka and Elasticsearch on ports of its own under a
 * MARQUEE_HOME of its own whose `cache` links to the shared one (no jar downloaded again); the
 * shared engines are never touched. The shared set (`make faults-ci`, alone on its machine) is
 * MARQUEE_HOME's own.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createKafka } from '@marquee/runtime';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '..', '..');
const INFRA = join(ROOT, 'scripts', 'infra.sh');

export const ENGINES = ['mariadb', 'kafka', 'elasticsearch'] as const;
export type Engine = (typeof ENGINES)[number];

/** Each engine's port; Kafka's controller listens on kafka + 1, Elasticsearch's transport on elasticsearch + 100. */
export interface EnginePorts {
  mariadb: number;
  kafka: number;
  elasticsearch: number;
}

/** Tests' private engines; PRIVATE_MARIADB_PORT, PRIVATE_KAFKA_PORT, PRIVATE_ES_PORT move them when another checkout's hold these. */
export const TEST_PORTS: EnginePorts = {
  mariadb: Number(process.env.PRIVATE_MARIADB_PORT ?? 19306),
  kafka: Number(process.env.PRIVATE_KAFKA_PORT ?? 19092),
  elasticsearch: Number(process.env.PRIVATE_ES_PORT ?? 19200),
};

/** `make faults`' private engines: apart from TEST_PORTS, so a fault run and the tests can run at once. */
export const FAULT_PORTS: EnginePorts = { mariadb: 13306, kafka: 29092, elasticsearch: 29200 };

export interface EngineSet {
  /** The MARQUEE_HOME infra.sh runs them under. */
  home: string;
  private: boolean;
  mysqlPort: number;
  kafkaBrokers: string;
  elasticsearchUrl: string;
  /** The engines up() was asked for (what a private set's finish() stops). */
  started: Set<Engine>;
  /** Starts the engines named (all of them without a name). */
  up(...engines: Engine[]): Promise<void>;
  down(...engines: Engine[]): Promise<void>;
  /** Private set: stops the engines it started and removes their data. Shared set: makes sure all run again. */
  finish(): Promise<void>;
}

const SHARED_HOME = (): string => resolve(process.env.MARQUEE_HOME || join(ROOT, '.marquee'));

/** Whether an engine answers: infra.sh gives each 30-120 s, which a loaded shared machine may exceed. */
async function ready(engine: Engine, ports: EnginePorts): Promise<boolean> {
  if (engine === 'mariadb') {
    return new Promise((done) => {
      const socket = connect(ports.mariadb, '127.0.0.1').setTimeout(3000);
      const answer = (up: boolean) => {
        socket.destroy();
        done(up);
      };
      socket.once('connect', () => answer(true)).once('error', () => answer(false)).once('timeout', () => answer(false));
    });
  }
  if (engine === 'elasticsearch') {
    const res = await fetch(`http://127.0.0.1:${ports.elasticsearch}/_cluster/health`, { signal: AbortSignal.timeout(3000) }).catch(() => undefined);
    return res?.ok === true && ((await res.json()) as { status: string }).status !== 'red';
  }
  const admin = createKafka({ brokers: [`127.0.0.1:${ports.kafka}`], clientId: 'private-engines-probe' }).admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function engineSet(args: { home: string; isPrivate: boolean; ports: EnginePorts; env: NodeJS.ProcessEnv; finish: (set: EngineSet) => Promise<void> }): EngineSet {
  const { home, isPrivate, ports, env } = args;
  const infra = async (action: 'up' | 'down', engines: readonly Engine[]): Promise<void> => {
    try {
      await run(INFRA, [action, ...engines], { env, timeout: 300_000 });
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      const text = `${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`;
      if (action === 'up' && /not ready after|no answer to ping/.test(text)) {
        const deadline = Date.now() + 5 * 60_000;
        let pending = [...engines];
        while (pending.length > 0 && Date.now() < deadline) {
          pending = (await Promise.all(pending.map(async (engine) => ((await ready(engine, ports)) ? undefined : engine)))).filter((e): e is Engine => e !== undefined);
          if (pending.length > 0) await new Promise((r) => setTimeout(r, 2000));
        }
        if (pending.length === 0) return;
      }
      throw new Error(`scripts/infra.sh ${action} ${engines.join(' ')} (MARQUEE_HOME=${home}) failed: ${text}`);
    }
  };
  const set: EngineSet = {
    home,
    private: isPrivate,
    mysqlPort: ports.mariadb,
    kafkaBrokers: `127.0.0.1:${ports.kafka}`,
    elasticsearchUrl: `http://127.0.0.1:${ports.elasticsearch}`,
    started: new Set<Engine>(),
    up: (...engines) => {
      const which = engines.length > 0 ? engines : ENGINES;
      which.forEach((engine) => set.started.add(engine)); // before infra.sh: a start that fails half-way is still stopped by finish()
      return infra('up', which);
    },
    down: (...engines) => infra('down', engines.length > 0 ? engines : ENGINES),
    finish: () => args.finish(set),
  };
  return set;
}

/**
 * A private set under `home` (default: in the temporary directory, named after its Kafka port).
 * Nothing starts until up(). Its settings go to infra.sh explicitly, never into process.env:
 * with the shared MARQUEE_HOME, infra.sh would find (and stop) the shared engines through their
 * pid files whatever the ports say, so that home is refused.
 */
export function privateEngines(options: { home?: string; ports?: EnginePorts } = {}): EngineSet {
  const ports = options.ports ?? TEST_PORTS;
  const home = resolve(options.home ?? join(tmpdir(), `marquee-private-engines-${ports.kafka}`));
  if (home === SHARED_HOME() || home === resolve(ROOT, '.marquee')) {
    throw new Error(`private engines under ${home}, the shared MARQUEE_HOME: give a directory of its own`);
  }
  mkdirSync(home, { recursive: true, mode: 0o755 }); // mariadbd (user mysql) reaches its data dir through it
  if (!existsSync(join(home, 'cache'))) symlinkSync(join(SHARED_HOME(), 'cache'), join(home, 'cache'));
  const env = {
    ...process.env,
    MARQUEE_HOME: home,
    MARQUEE_MARIADB_PORT: String(ports.mariadb),
    MARQUEE_MARIADB_DATADIR: join(home, 'data', 'mariadb'),
    MARQUEE_MARIADB_SOCKET: join(home, 'run', 'mysqld', 'mysqld.sock'),
    MARQUEE_KAFKA_PORT: String(ports.kafka),
    MARQUEE_KAFKA_CONTROLLER_PORT: String(ports.kafka + 1),
    MARQUEE_ES_PORT: String(ports.elasticsearch),
    MARQUEE_ES_TRANSPORT_PORT: String(ports.elasticsearch + 100),
    MARQUEE_ES_HEAP: process.env.MARQUEE_PRIVATE_ES_HEAP ?? '512m',
    MARQUEE_KAFKA_HEAP: process.env.MARQUEE_PRIVATE_KAFKA_HEAP ?? '384m',
  };
  return engineSet({
    home,
    isPrivate: true,
    ports,
    env,
    finish: async (set) => {
      // Only what this set started: another set may share the home (tests default to one per Kafka port).
      const started = ENGINES.filter((engine) => set.started.has(engine));
      if (started.length > 0) await set.down(...started);
      for (const engine of started) rmSync(join(home, 'data', engine), { recursive: true, force: true });
    },
  });
}

/** MARQUEE_HOME's own engines, at the ports its settings give (CI's `make faults-ci`, alone on its machine). */
export function sharedEngines(): EngineSet {
  const env = process.env;
  const ports = { mariadb: Number(env.MARQUEE_MARIADB_PORT || 3306), kafka: Number(env.MARQUEE_KAFKA_PORT || 9092), elasticsearch: Number(env.MARQUEE_ES_PORT || 9200) };
  return engineSet({ home: SHARED_HOME(), isPrivate: false, ports, env, finish: (set) => set.up() });
}
