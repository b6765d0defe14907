#!/usr/bin/env -S npx tsx
/**
 * `make sdk`: the TypeScript SDK of every service (`@marquee/<service>-sdk`, version = the
 * spec's info.version) into dist/sdk/ts/<service>, compiled to ESM + .d.ts.
 *
 *   tsx codegen/src/sdk/build.ts [--service catalog,audience]
 *
 * Reads generated/<service>/ (run `make generate` first; the Makefile target does).
 */
import { join } from 'node:path';
import { loadRegistry } from '../deploy';
import { REPO_ROOT, TS_SDK_SERVICES } from '../partner-sdks/paths';
import { compileSdkPackage, writeSdkPackage, type SdkPackage } from './package';

export function tsSdkDir(service: string, root = REPO_ROOT): string {
  return join(root, 'dist/sdk/ts', service);
}

/** Builds into dist/sdk/ts/<service>, or `<outRoot>/<service>` (tests build into their own temp folders). */
export function buildTsSdks(services: readonly string[] = TS_SDK_SERVICES, root = REPO_ROOT, outRoot?: string): SdkPackage[] {
  const today = new Date().toISOString().slice(0, 10);
  const ports = new Map(loadRegistry(join(root, 'services/registry.yaml')).services.map((s) => [s.name, s.port]));
  return services.map((service) => {
    const baseUrl = `http://127.0.0.1:${ports.get(service) ?? 8080}`;
    const pkg = writeSdkPackage({ root, service, outDir: outRoot ? join(outRoot, service) : tsSdkDir(service, root), today, baseUrl });
    compileSdkPackage(root, pkg.dir);
    return pkg;
  });
}

function main(argv: string[]): void {
  let services: readonly string[] = TS_SDK_SERVICES;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--service') {
      services = (argv[++i] ?? '').split(',').filter(Boolean);
    } else {
      throw new Error(`unknown option ${argv[i]}; usage: build.ts [--service catalog,audience]`);
    }
  }
  const started = Date.now();
  for (const pkg of buildTsSdks(services)) {
    process.stdout.write(`sdk: ${pkg.name}@${pkg.version} -> ${pkg.dir}\n`);
  }
  process.stdout.write(`sdk: built in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
}

if (require.main === module) {
  main(process.argv.slice(2));
}
