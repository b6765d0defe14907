/**
 * Runs one language's smoke test (codegen/partner-sdks/smoke/<language>) against running
 * services and reports how many tests passed and failed, read from the runner's own summary.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_DIR, SDK_SERVICES, cacheDirs, type Language, REPO_ROOT } from './paths';
import { goEnv, venvBin } from './toolchains';

/** What the smoke tests read: service URLs, the tenant, the expected count and the bearer token (whose tenant claim scopes queries). */
export interface SmokeEnv {
  MARQUEE_CATALOG_URL: string;
  MARQUEE_AUDIENCE_URL: string;
  MARQUEE_TENANT: string;
  MARQUEE_EXPECTED_ONTARIO: string;
  MARQUEE_TOKEN?: string;
}

export interface SmokeResult {
  exitCode: number | null;
  passed: number;
  failed: number;
  output: string;
}

function specVersion(service: string): string {
  const spec = JSON.parse(readFileSync(join(REPO_ROOT, 'generated', service, 'openapi.json'), 'utf8'));
  return spec.info.version as string;
}

function command(lang: Language): { cmd: string; args: string[]; env: NodeJS.ProcessEnv } {
  const dir = join(CONFIG_DIR, 'smoke', lang);
  switch (lang) {
    case 'python':
      // No caches or bytecode left in the source tree.
      return { cmd: venvBin('pytest'), args: ['-p', 'no:cacheprovider', '-q', dir], env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } };
    case 'go':
      return { cmd: 'go', args: ['-C', dir, 'test', '-count=1', '-v', './...'], env: goEnv() };
    case 'java':
      return {
        cmd: 'mvn',
        args: [
          '-B', '-f', join(dir, 'pom.xml'), `-Dmaven.repo.local=${cacheDirs().m2}`,
          ...SDK_SERVICES.map((s) => `-D${s}.sdk.version=${specVersion(s)}`),
          'test',
        ],
        env: process.env,
      };
  }
}

/** Counts from pytest ("4 passed, 1 failed"), go test -v ("--- PASS:") and Surefire ("Tests run: 4, Failures: 0"). */
export function parseCounts(lang: Language, output: string): { passed: number; failed: number } {
  if (lang === 'python') {
    const passed = /(\d+) passed/.exec(output);
    const failed = /(\d+) (?:failed|error)/.exec(output);
    return { passed: Number(passed?.[1] ?? 0), failed: Number(failed?.[1] ?? 0) };
  }
  if (lang === 'go') {
    return { passed: (output.match(/^\s*--- PASS: /gm) ?? []).length, failed: (output.match(/^\s*--- FAIL: /gm) ?? []).length };
  }
  const totals = [...output.matchAll(/Tests run: (\d+), Failures: (\d+), Errors: (\d+), Skipped: (\d+)\s*$/gm)].pop();
  if (!totals) {
    return { passed: 0, failed: 0 };
  }
  const [run, failures, errors, skipped] = totals.slice(1).map(Number) as [number, number, number, number];
  return { passed: run - failures - errors - skipped, failed: failures + errors };
}

/** Async on purpose: the services under test may run in this process, and a blocked event loop cannot answer them. */
export function runSmoke(lang: Language, env: SmokeEnv, timeoutMs = 600_000): Promise<SmokeResult> {
  const { cmd, args, env: base } = command(lang);
  return new Promise((resolvePromise) => {
    const child = spawn(cmd, args, { env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      output += `\nsmoke: ${lang} timed out after ${timeoutMs} ms`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => (output += `\n${err.message}`));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ exitCode: code, ...parseCounts(lang, output), output });
    });
  });
}
