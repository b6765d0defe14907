/**
 * One service in its own process for the soak (scripts/reliability/processes.ts): built like the
 * tests build it (test/support), on a free port, trusting the identity at IDENTITY_URL; prints
 * `listening <url>` once up. Unlike start.ts every module is loaded before the first database
 * connection, so a loaded machine does not time the first connection out.
 *
 *   tsx scripts/reliability/serve.ts identity|catalog|audience|ingest
 */
import { startAudience, startCatalog, startIdentity, type Started } from '../../test/support/platform';
import { startIngest, trusting } from '../../test/support/pipeline';

const UNLIMITED = { RATE_LIMIT_PER_SECOND: '0', RATE_LIMIT_BURST: '1000000' };

async function main(): Promise<void> {
  const name = process.argv[2];
  const identity = { url: process.env.IDENTITY_URL ?? '' } as Started;
  let started: Started;
  switch (name) {
    case 'identity':
      started = await startIdentity({ extra: { ...UNLIMITED, TOKEN_TTL_SECONDS: '86400', TOKEN_RATE_PER_MINUTE: '1000000', INTROSPECT_RATE_PER_MINUTE: '1000000' } });
      break;
    case 'catalog':
      started = await startCatalog({ auth: trusting(identity), env: UNLIMITED });
      break;
    case 'audience':
      started = await startAudience(process.env.CATALOG_URL ?? '', UNLIMITED, undefined, trusting(identity));
      break;
    case 'ingest':
      started = await startIngest(process.env.TOPIC_PREFIX ?? `soak-${process.pid}.`, UNLIMITED, trusting(identity));
      break;
    default:
      throw new Error(`usage: serve.ts identity|catalog|audience|ingest (got ${name})`);
  }
  console.log(`listening ${started.url}`);
  const stop = () => void started.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error(`serve: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
