#!/usr/bin/env -S npx tsx
/**
 * `make publish-sdk`: publishes dist/sdk/ts/<service> (built by `make sdk`) to NPM_REGISTRY
 * (default the local Verdaccio, http://127.0.0.1:4873, `make registry`). The token comes from
 * NPM_TOKEN, else a publisher is registered on the registry (Verdaccio's htpasswd). A version the
 * registry already has is skipped (npm refuses to publish over it).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { registryToken } from '../../../scripts/verdaccio/registry';
import { TS_SDK_SERVICES } from '../partner-sdks/paths';
import { tsSdkDir } from './build';

export const DEFAULT_NPM_REGISTRY = 'http://127.0.0.1:4873';

export interface PublishOutcome {
  name: string;
  version: string;
  status: 'published' | 'already-there';
}

/** The registry's versions of a package (none when it does not know it). */
async function publishedVersions(registry: string, name: string): Promise<string[]> {
  const response = await fetch(`${registry}/${name.replace('/', '%2f')}`, { headers: { accept: 'application/json' } });
  if (response.status === 404) {
    return [];
  }
  if (!response.ok) {
    throw new Error(`${registry} answered ${response.status} for ${name}`);
  }
  const doc = (await response.json()) as { versions?: Record<string, unknown> };
  return Object.keys(doc.versions ?? {});
}

export async function publishTsSdks(args: { registry: string; token?: string; dirs?: string[] }): Promise<PublishOutcome[]> {
  const registry = args.registry.replace(/\/+$/, '');
  const token = args.token ?? (await registryToken(registry));
  const work = mkdtempSync(join(tmpdir(), 'marquee-publish-'));
  const npmrc = join(work, '.npmrc');
  writeFileSync(npmrc, `${registry.replace(/^https?:/, '')}/:_authToken=${token}\n`);
  const outcomes: PublishOutcome[] = [];
  try {
    for (const dir of args.dirs ?? TS_SDK_SERVICES.map((s) => tsSdkDir(s))) {
      const { name, version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string };
      if ((await publishedVersions(registry, name)).includes(version)) {
        outcomes.push({ name, version, status: 'already-there' });
        continue;
      }
      await promisify(execFile)('npm', ['publish', dir, '--registry', `${registry}/`, '--userconfig', npmrc, '--access', 'public', '--loglevel=error', '--no-fund', '--no-audit'], {
        cwd: work,
        env: { ...process.env, npm_config_registry: `${registry}/` },
      });
      outcomes.push({ name, version, status: 'published' });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return outcomes;
}

async function main(): Promise<void> {
  const registry = process.env.NPM_REGISTRY ?? DEFAULT_NPM_REGISTRY;
  try {
    await fetch(`${registry.replace(/\/+$/, '')}/-/ping`);
  } catch {
    throw new Error(`no registry answers at ${registry}: start the local one with 'make registry' (or set NPM_REGISTRY)`);
  }
  for (const o of await publishTsSdks({ registry, ...(process.env.NPM_TOKEN ? { token: process.env.NPM_TOKEN } : {}) })) {
    process.stdout.write(`publish-sdk: ${o.name}@${o.version} ${o.status === 'published' ? 'published to' : 'already on'} ${registry}\n`);
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`publish-sdk: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
