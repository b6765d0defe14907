/** Entry point: the only place in the catalog service that may exit the process. */
import { createLogger, exitOnSignals, listen, migrateLatest } from '@marquee/runtime';
import { loadCatalogConfig } from './config';
import { catalogMigrations } from './data-access/migrations';
import { buildCatalogService } from './server';

async function start(): Promise<void> {
  const log = createLogger('catalog');
  const config = loadCatalogConfig();
  const service = buildCatalogService({ config, log });
  const applied = await migrateLatest(service.db, catalogMigrations);
  if (applied.length > 0) {
    log.info({ applied }, 'migrations applied');
  }
  const running = await listen(service, config.PORT, config.HOST);
  log.info({ url: running.url }, 'catalog listening');
  exitOnSignals({ log, running, cleanup: () => service.db.destroy() });
}

start().catch((err: unknown) => {
  process.stderr.write(`catalog failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
