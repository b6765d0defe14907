/** Entry point: the only place in the campaigns service that may exit the process. */
import { createLogger, exitOnSignals, listen, migrateLatest } from '@marquee/runtime';
import { loadCampaignsConfig } from './config';
import { campaignsMigrations } from './data-access/migrations';
import { buildCampaignsService } from './server';

async function start(): Promise<void> {
  const log = createLogger('campaigns');
  const config = loadCampaignsConfig();
  const service = buildCampaignsService({ config, log });
  const applied = await migrateLatest(service.db, campaignsMigrations);
  if (applied.length > 0) {
    log.info({ applied }, 'migrations applied');
  }
  const running = await listen(service, config.PORT, config.HOST);
  log.info({ url: running.url, audience: config.AUDIENCE_URL }, 'campaigns listening');
  exitOnSignals({ log, running, cleanup: () => service.db.destroy() });
}

start().catch((err: unknown) => {
  process.stderr.write(`campaigns failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
