/** Entry point: the only place in the audience service that may exit the process. */
import { createLogger, exitOnSignals, listen, migrateLatest } from '@marquee/runtime';
import { loadAudienceConfig } from './config';
import { audienceMigrations } from './data-access/migrations';
import { buildAudienceService } from './server';

async function start(): Promise<void> {
  const log = createLogger('audience');
  const config = loadAudienceConfig();
  const service = buildAudienceService({ config, log });
  const applied = await migrateLatest(service.db, audienceMigrations);
  if (applied.length > 0) {
    log.info({ applied }, 'migrations applied');
  }
  const running = await listen(service, config.PORT, config.HOST);
  log.info({ url: running.url, catalog: config.CATALOG_URL }, 'audience listening');
  exitOnSignals({ log, running, cleanup: () => service.db.destroy() });
}

start().catch((err: unknown) => {
  process.stderr.write(`audience failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
