/** Entry point: the only place in the enricher that may exit the process. */
import { createLogger, exitOnSignals, listen, migrateLatest } from '@marquee/runtime';
import { loadEnricherConfig } from './config';
import { enricherMigrations } from './data-access/migrations';
import { buildEnricherService } from './server';

async function start(): Promise<void> {
  const log = createLogger('enricher');
  const config = loadEnricherConfig();
  const service = buildEnricherService({ config, log });
  const applied = await migrateLatest(service.db, enricherMigrations);
  if (applied.length > 0) log.info({ applied }, 'migrations applied');
  await service.start();
  const running = await listen(service, config.PORT, config.HOST);
  log.info({ url: running.url }, 'enricher consuming');
  exitOnSignals({ log, running, cleanup: () => service.close() });
}

start().catch((err: unknown) => {
  process.stderr.write(`enricher failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
