/** Entry point: the only place in the ingest service that may exit the process. */
import { createLogger, exitOnSignals, listen, migrateLatest } from '@marquee/runtime';
import { loadIngestConfig } from './config';
import { ingestMigrations } from './data-access/migrations';
import { buildIngestService } from './server';

async function start(): Promise<void> {
  const log = createLogger('ingest');
  const config = loadIngestConfig();
  const service = buildIngestService({ config, log });
  const applied = await migrateLatest(service.db, ingestMigrations);
  if (applied.length > 0) {
    log.info({ applied }, 'migrations applied');
  }
  await service.start();
  // Uploads of any size stream for as long as they take (Node would cut a request still arriving after 300 s).
  const running = await listen(service, config.PORT, config.HOST, { requestTimeoutMs: 0 });
  log.info({ url: running.url }, 'ingest listening');
  exitOnSignals({ log, running, cleanup: () => service.close() });
}

start().catch((err: unknown) => {
  process.stderr.write(`ingest failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
