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
  // Elasticsearch may come up after us: keep trying in the background until the index is in place.
  const migrateProfiles = (): void => {
    service.profiles.migrate().then(
      (outcome) => log.info({ profiles: outcome }, 'profiles index ready'),
      (err: unknown) => {
        log.warn({ err }, 'profiles index not ready; retrying in 5 s');
        setTimeout(migrateProfiles, 5000).unref();
      },
    );
  };
  migrateProfiles();
  const running = await listen(service, config.PORT, config.HOST);
  log.info({ url: running.url, catalog: config.CATALOG_URL }, 'audience listening');
  exitOnSignals({ log, running, cleanup: () => service.close() });
}

start().catch((err: unknown) => {
  process.stderr.write(`audience failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
