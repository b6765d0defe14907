#!/usr/bin/env -S npx tsx
/**
 * Versioned internal clients: a consumer pins the release of each provider's client it uses in
 * services/registry.yaml (`calls: [{ service: catalog, version: 1.x }]`). This generates that
 * client from the provider's spec at its release tag (`<provider>@X.Y.Z`, the highest one in the
 * range) into generated/<consumer>/clients/<provider>/, so a provider's major release does not
 * touch the consumer until it bumps the range; after the bump, `tsc` lists what to fix.
 *
 *   tsx codegen/src/versioned-clients.ts [--root DIR]
 *
 * A range with no release tag yet falls back to the provider's working-tree spec when its
 * info.version is in the range (an unreleased first version); otherwise it is an error.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadRegistry, type Registry } from './deploy';
import { BaseTrees, parseVersion, serviceTags, type SemVer } from '@marquee/diff';
import { generateService } from './generate';
import { repoRoot } from './repo-root';

export interface PinnedClient {
  consumer: string;
  provider: string;
  range: string;
  /** The tag the client was generated from, or 'working tree'. */
  source: string;
  version: string;
  dir: string;
}

/** Does `version` fall in `range` (1.x, 1.2.x, 1.2.3; a missing part is x)? */
export function inRange(version: SemVer, range: string): boolean {
  const parts = range.split('.');
  const fields = [version.major, version.minor, version.patch];
  return parts.every((part, i) => part === 'x' || Number(part) === fields[i]);
}

const KEEP = new Set(['types.gen.ts', 'operations.gen.ts', 'client.gen.ts', 'openapi.json']);

/** The pinned clients of every consumer in the registry: their files (paths relative to root) and what was pinned. */
export async function pinnedClientFiles(root: string, registry: Registry): Promise<{ files: [string, string][]; pinned: PinnedClient[] }> {
  const trees = new BaseTrees(root);
  const files: [string, string][] = [];
  const pinned: PinnedClient[] = [];
  try {
    for (const consumer of registry.services) {
      for (const [provider, range] of Object.entries(consumer.clientVersions)) {
        const tag = serviceTags(root, provider).find((t) => inRange(t.version, range));
        const specPath = tag ? join(trees.specsDir(tag.tag), provider, 'openapi.yaml') : join(root, 'specs', provider, 'openapi.yaml');
        const result = await generateService({ name: provider, specPath, lint: false, docs: false });
        const current = parseVersion(result.ir.version);
        if (!tag && !(current && inRange(current, range))) {
          const tags = serviceTags(root, provider).map((t) => t.tag);
          throw new Error(
            `services.${consumer.name}.calls: no release of ${provider} in ${range} (releases: ${tags.join(', ') || 'none'}; working tree ${result.ir.version})`,
          );
        }
        const dir = join('generated', consumer.name, 'clients', provider);
        files.push(...result.code.filter((f) => KEEP.has(f.path)).map((f): [string, string] => [join(dir, f.path), f.content]));
        pinned.push({ consumer: consumer.name, provider, range, source: tag?.tag ?? 'working tree', version: result.ir.version, dir });
      }
    }
  } finally {
    trees.dispose();
  }
  return { files, pinned };
}

/** `make clients`: (re)writes generated/<consumer>/clients/ alone; `make generate` does the same as part of its run. */
export async function generatePinnedClients(root: string): Promise<PinnedClient[]> {
  const registry = loadRegistry(join(root, 'services/registry.yaml'));
  const { files, pinned } = await pinnedClientFiles(root, registry);
  for (const consumer of registry.services) {
    rmSync(join(root, 'generated', consumer.name, 'clients'), { recursive: true, force: true });
  }
  for (const [path, content] of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return pinned;
}

async function main(argv: string[]): Promise<void> {
  const at = argv.indexOf('--root');
  const root = at === -1 ? repoRoot() : argv[at + 1]!;
  for (const c of await generatePinnedClients(root)) {
    process.stdout.write(`clients: ${c.consumer} -> ${c.provider} ${c.range}: ${c.version} (${c.source}) in ${join(root, c.dir)}\n`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`clients: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
