/** `tsx services/audience/src/indexer/start-indexer.ts`: the audience indexer process (profiles.enriched -> Elasticsearch). */
import { createLogger } from '@marquee/runtime';
import { loadIndexerConfig } from './config';
import { startProfileIndexer } from './profile-indexer';

const log = createLogger('audience-indexer');
startProfileIndexer(loadIndexerConfig(), log)
  .then((running) => {
    log.info('audience indexer consuming profiles.enriched');
    const stop = () => {
      running.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  })
  .catch((err: unknown) => {
    process.stderr.write(`audience indexer failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
