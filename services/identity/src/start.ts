/** Entry point: the only place in the identity service that may exit the process. */
import { createLogger, exitOnSignals, listen, migrateLatest } from '@marquee/runtime';
import { DEV_KEY_ENCRYPTION_SECRET, loadIdentityConfig } from './config';
import { identityMigrations } from './data-access/migrations';
import { buildIdentityService } from './server';

async function start(): Promise<void> {
  const log = createLogger('identity');
  const config = loadIdentityConfig();
  if (config.KEY_ENCRYPTION_SECRET === DEV_KEY_ENCRYPTION_SECRET && process.env.NODE_ENV === 'production') {
    log.warn('KEY_ENCRYPTION_SECRET is the local-development default: set it (from a secret store) so signing keys are really protected at rest');
  }
  const service = buildIdentityService({ config, log });
  const applied = await migrateLatest(service.db, identityMigrations);
  if (applied.length > 0) {
    log.info({ applied }, 'migrations applied');
  }
  const active = await service.keys.active();
  log.info({ kid: active.kid }, 'active signing key');
  const running = await listen(service, config.PORT, config.HOST);
  log.info({ url: running.url }, 'identity listening');
  exitOnSignals({ log, running, cleanup: () => service.db.destroy() });
}

start().catch((err: unknown) => {
  process.stderr.write(`identity failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
