/**
 * The engines `make faults` stops and restarts, through scripts/infra.sh under the MARQUEE_HOME
 * and the MARQUEE_*_PORT settings in effect (the same variables infra.sh reads). `--engines
 * shared` is the shared set (CI, alone on its machine); `--engines <dir>` a set of one's own beside
 * it: MariaDB on 13306 (its own data dir and socket), Kafka on 29092/29093 and Elasticsearch on
 * 29200/29300 (not test/support/private-engines.ts's 19092/19200, so both can run at once), under
 * <dir> whose `cache` links to the shared one (no download).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = resolve(__dirname, '..', '..');
const INFRA = join(root, 'scripts', 'infra.sh');

export const ENGINES = ['mariadb', 'kafka', 'elasticsearch'] as const;
export type Engine = (typeof ENGINES)[number];

export interface EngineSet {
  /** Where the services reach them. */
  mysqlPort: number;
  kafkaBrokers: string;
  elasticsearchUrl: string;
  home: string;
  private: boolean;
  up(engine: Engine): Promise<void>;
  down(engine: Engine): Promise<void>;
  /** Private set: stops all three and removes their data (unless kept). Shared set: makes sure all three run. */
  finish(): Promise<void>;
}

/**
 * Sets the private settings into process.env, so infra.sh and the services agree. They are forced,
 * not defaults: with the shared MARQUEE_HOME, infra.sh would find (and stop) the shared engines
 * through their pid files whatever the ports say.
 */
function usePrivate(dir: string): void {
  if (resolve(dir) === resolve(root, '.marquee') || resolve(dir) === resolve(process.env.MARQUEE_HOME ?? join(root, '.marquee'))) {
    throw new Error(`--engines ${dir} is the shared MARQUEE_HOME: give a directory of its own, or \`shared\``);
  }
  const defaults: Record<string, string> = {
    MARQUEE_HOME: dir,
    MARQUEE_MARIADB_PORT: '13306',
    MARQUEE_MARIADB_DATADIR: join(dir, 'data', 'mariadb'),
    MARQUEE_MARIADB_SOCKET: join(dir, 'run', 'mysqld', 'mysqld.sock'),
    MARQUEE_KAFKA_PORT: '29092',
    MARQUEE_KAFKA_CONTROLLER_PORT: '29093',
    MARQUEE_ES_PORT: '29200',
    MARQUEE_ES_TRANSPORT_PORT: '29300',
    MARQUEE_ES_HEAP: '512m',
    MARQUEE_KAFKA_HEAP: '384m',
  };
  const shared = join(process.env.MARQUEE_HOME || join(root, '.marquee'), 'cache');
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  if (!existsSync(join(dir, 'cache'))) symlinkSync(shared, join(dir, 'cache'));
  Object.assign(process.env, defaults);
}

async function infra(action: 'up' | 'down', engines: readonly Engine[]): Promise<void> {
  try {
    await run(INFRA, [action, ...engines], { env: process.env, timeout: 300_000 });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`scripts/infra.sh ${action} ${engines.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

/** The engine set of this run; a private one is started here (the shared one is expected up). */
export async function engineSet(privateDir?: string, keep = false): Promise<EngineSet> {
  if (privateDir) {
    usePrivate(resolve(privateDir));
    await infra('up', ENGINES);
  }
  const env = process.env;
  const set: EngineSet = {
    mysqlPort: Number(env.MARQUEE_MARIADB_PORT || 3306),
    kafkaBrokers: `127.0.0.1:${env.MARQUEE_KAFKA_PORT || 9092}`,
    elasticsearchUrl: `http://127.0.0.1:${env.MARQUEE_ES_PORT || 9200}`,
    home: env.MARQUEE_HOME || join(root, '.marquee'),
    private: Boolean(privateDir),
    up: (engine) => infra('up', [engine]),
    down: (engine) => infra('down', [engine]),
    finish: async () => {
      if (!privateDir || keep) return infra('up', ENGINES);
      await infra('down', ENGINES);
      rmSync(join(set.home, 'data'), { recursive: true, force: true });
    },
  };
  return set;
}
