/** Where the partner SDK build finds its inputs and puts its output, and the pinned generator. */
import { resolve } from 'node:path';
import { repoRoot } from '../repo-root';

export const REPO_ROOT = repoRoot();
/** openapi-generator version: pinned here and in codegen/partner-sdks/openapitools.json (a test checks both agree). */
export const GENERATOR_VERSION = '7.25.0';
export const CONFIG_DIR = resolve(REPO_ROOT, 'codegen/partner-sdks');
export const SDK_SERVICES = ['catalog', 'audience'] as const;
/** TypeScript SDKs (`make sdk`): the partner ones, and campaigns and insights for the web app (#12). */
export const TS_SDK_SERVICES = [...SDK_SERVICES, 'campaigns', 'insights'] as const;
export type SdkService = (typeof SDK_SERVICES)[number];
export const LANGUAGES = ['python', 'go', 'java'] as const;
export type Language = (typeof LANGUAGES)[number];

/** State and download caches (git-ignored); CI keeps them between runs on the same machine. */
export function marqueeHome(): string {
  return resolve(process.env.MARQUEE_HOME ?? resolve(REPO_ROOT, '.marquee'));
}

export function cacheDirs(): { generator: string; m2: string; venv: string; goCache: string } {
  const cache = resolve(marqueeHome(), 'cache');
  return {
    generator: resolve(cache, 'openapi-generator'),
    m2: resolve(cache, 'm2'),
    venv: resolve(cache, 'partner-sdks/venv'),
    goCache: resolve(cache, 'partner-sdks/go'),
  };
}

/** Build output: dist/sdk/<language>/<service> (fixed: the Go smoke module's replace directives point there). */
export function distDir(): string {
  return resolve(REPO_ROOT, 'dist/sdk');
}
