/**
 * `make seed` through the pipeline: generates raw member and transaction files for every tenant
 * of the catalog seed (SIZE members in all, 12 months of visits), imports each through the ingest
 * service (`make import`'s code, with its progress bar) and waits until the audience index holds
 * every member's profile. The platform must be running (`make up` starts it). Each tenant's files
 * are sent with a token of that tenant: a client created for the run (seed-clients.ts).
 *
 *   npx tsx scripts/pipeline-data/seed-pipeline.ts --members 10000 [--months 12] [--out .marquee/raw/seed]
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { createSearch } from '@marquee/runtime';
import { catalogSeed } from '../../services/catalog/src/data-access/seed-data';
import { catalogTenants } from '../audience-data/generate-profiles';
import { formatRow, generateRaw } from './generate-raw';
import { parseImportArgs, runImportCli } from './import';
import { identityAdmin, seedClientFor } from './seed-clients';

function parseSize(raw: string): number {
  const m = /^(\d+)([km]?)$/i.exec(raw.trim());
  if (!m) throw new Error(`--members must be a number, 10k or 1m; got '${raw}'`);
  return Number(m[1]) * (m[2]?.toLowerCase() === 'k' ? 1e3 : m[2]?.toLowerCase() === 'm' ? 1e6 : 1);
}

async function writeFiles(dir: string, tenant: string, members: number, months: number, seed: number): Promise<{ members: string; transactions: string; count: number }> {
  mkdirSync(dir, { recursive: true });
  const paths = { members: join(dir, `members-${tenant}.ndjson`), transactions: join(dir, `transactions-${tenant}.ndjson`) };
  const m = createWriteStream(paths.members);
  const t = createWriteStream(paths.transactions);
  let count = 0;
  for (const file of generateRaw({ members, months, seed, tenant })) {
    if (!m.write(formatRow(file.member, 'ndjson', []))) await once(m, 'drain');
    for (const tx of file.transactions) if (!t.write(formatRow(tx, 'ndjson', []))) await once(t, 'drain');
    count++;
  }
  m.end();
  t.end();
  await Promise.all([once(m, 'finish'), once(t, 'finish')]);
  return { ...paths, count };
}

async function main(argv: string[]): Promise<number> {
  const arg = (name: string, fallback: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] ? argv[i + 1]! : fallback;
  };
  const total = parseSize(arg('members', '10k'));
  const months = Number(arg('months', '12'));
  const out = arg('out', join(process.env.MARQUEE_HOME ?? '.marquee', 'raw', 'seed'));
  const tenants = catalogTenants(catalogSeed());
  const search = createSearch({ node: process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200' });
  const alias = process.env.PROFILES_ALIAS ?? 'profiles';
  const admin = identityAdmin();
  let expected = 0;
  for (const [i, tenant] of tenants.entries()) {
    const share = Math.floor(total / tenants.length) + (i < total % tenants.length ? 1 : 0);
    if (share === 0) continue;
    const files = await writeFiles(out, tenant.id, share, months, 1000 + i);
    const client = await seedClientFor(admin, tenant);
    expected += files.count;
    for (const file of [files.members, files.transactions]) {
      if ((await runImportCli(parseImportArgs(['--file', file], { ...process.env, IMPORT_CLIENT_ID: client.clientId, IMPORT_CLIENT_SECRET: client.clientSecret }))) !== 0) return 1;
    }
  }
  process.stdout.write(`waiting for ${expected} profiles in ${alias} `);
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    await search.indices.refresh({ index: alias }).catch(() => undefined);
    // Pipeline members are m0000000...; the direct loader's are UUIDs (hex), so they are not counted.
    const indexed = (await search.count({ index: alias, query: { prefix: { memberId: 'm' } } }).catch(() => ({ count: 0 }))).count;
    process.stdout.write(`\rwaiting for ${expected} profiles in ${alias}: ${indexed} indexed `);
    if (indexed >= expected) break;
    if (Date.now() > deadline) {
      process.stdout.write('\ntimed out; see .marquee/logs/enricher.log and audience-indexer.log\n');
      return 1;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  process.stdout.write('\nseed: done\n');
  await search.close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`seed-pipeline: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
