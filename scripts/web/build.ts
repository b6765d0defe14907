#!/usr/bin/env -S npx tsx
/**
 * `make web`: the audience builder (web/) into dist/web.
 *   1. the TypeScript SDK sources of the services the app calls (the `make sdk` emitter,
 *      codegen/src/sdk/package.ts) into dist/web-sdk/<service>/src (its own copy: `make sdk` owns dist/sdk/ts), which web/ imports as
 *      @marquee/<service>-sdk (Vite bundles the sources; nothing is hand-written against HTTP);
 *   2. tsc over web/ (strict; the app is typed end to end against the generated types);
 *   3. vite build.
 *   tsx scripts/web/build.ts [--check]    (--check: steps 1-2 only)
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { loadRegistry } from '../../codegen/src/deploy';
import { REPO_ROOT } from '../../codegen/src/partner-sdks/paths';
import { writeSdkPackage } from '../../codegen/src/sdk/package';

/** The services whose SDKs the web app imports (web/tsconfig.json and web/vite.config.ts map the same names). */
export const WEB_SDKS = ['identity', 'audience', 'campaigns'] as const;

export function writeWebSdks(root = REPO_ROOT): void {
  const today = new Date().toISOString().slice(0, 10);
  const ports = new Map(loadRegistry(join(root, 'services/registry.yaml')).services.map((s) => [s.name, s.port]));
  for (const service of WEB_SDKS) {
    writeSdkPackage({ root, service, outDir: join(root, 'dist/web-sdk', service), today, baseUrl: `http://127.0.0.1:${ports.get(service) ?? 8080}` });
  }
}

function run(step: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const started = Date.now();
  process.stdout.write(`web: ${step}...`);
  try {
    execFileSync(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    process.stdout.write(' failed\n');
    throw new Error(`${step} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
  process.stdout.write(` ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
}

export function buildWeb(options: { check?: boolean } = {}): void {
  const started = Date.now();
  process.stdout.write(`web: SDK sources for ${WEB_SDKS.join(', ')} -> dist/web-sdk/\n`);
  writeWebSdks();
  run('tsc -p web', [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(REPO_ROOT, 'web/tsconfig.json')]);
  if (!options.check) {
    run('vite build -> dist/web', [join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(REPO_ROOT, 'web/vite.config.ts'), '--logLevel', 'warn'],
      // Vite's import.meta.env.DEV follows NODE_ENV (jest sets `test`): a production build is always NODE_ENV=production, so dev-only defaults never ship.
      { ...process.env, NODE_ENV: 'production' });
  }
  process.stdout.write(`web: done in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
}

if (require.main === module) {
  try {
    buildWeb({ check: process.argv.includes('--check') });
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
