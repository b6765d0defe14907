import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Where the local engines listen (scripts/infra.sh); overridable for other setups. */
export const KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
export const ELASTICSEARCH_URL = process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200';

/** Stops or starts one engine through scripts/infra.sh (fault tests only; they run serially). */
export function engine(action: 'up' | 'down', name: 'mariadb' | 'kafka' | 'elasticsearch'): void {
  execFileSync(join(__dirname, '..', '..', 'scripts', 'infra.sh'), [action, name], { stdio: 'pipe', timeout: 120_000 });
}

/** Polls `check` every 500 ms until it is true (a throw counts as false); fails after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}
