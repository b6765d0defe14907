/** Entry point: the only place in the insights service that may exit the process. */
import { createLogger, exitOnSignals, listen } from '@marquee/runtime';
import { loadInsightsConfig } from './config';
import { buildInsightsService } from './server';

async function start(): Promise<void> {
  const log = createLogger('insights');
  const config = loadInsightsConfig();
  const service = buildInsightsService({ config, log });
  const running = await listen(service, config.PORT, config.HOST);
  log.info({ url: running.url, audience: config.AUDIENCE_URL, catalog: config.CATALOG_URL }, 'insights listening');
  exitOnSignals({ log, running, cleanup: async () => undefined });
}

start().catch((err: unknown) => {
  process.stderr.write(`insights failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
