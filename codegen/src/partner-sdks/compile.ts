/** Compiles (and, for Java, installs) the generated SDKs of one language. */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './generator';
import { SDK_SERVICES, cacheDirs, distDir, type Language } from './paths';
import { goEnv, ensureVenv, venvBin } from './toolchains';

function compilePython(): void {
  ensureVenv();
  for (const service of SDK_SERVICES) {
    // --no-deps: the venv's pinned requirements already hold what the SDK needs.
    run(venvBin('pip'), ['install', '-q', '--no-deps', '--no-build-isolation', join(distDir(), 'python', service)], {
      hint: `pip could not install the generated package dist/sdk/python/${service}.`,
    });
  }
}

function compileGo(): void {
  for (const service of SDK_SERVICES) {
    run('go', ['vet', './...'], {
      cwd: join(distDir(), 'go', service),
      env: goEnv(),
      hint: `The generated Go SDK in dist/sdk/go/${service} does not compile.`,
    });
  }
}

function compileJava(): void {
  const { m2 } = cacheDirs();
  mkdirSync(m2, { recursive: true });
  for (const service of SDK_SERVICES) {
    const dir = join(distDir(), 'java', service);
    if (!existsSync(join(dir, 'pom.xml'))) {
      throw new Error(`no pom.xml in ${dir}; run the generation step first.`);
    }
    run('mvn', ['-B', '-q', `-Dmaven.repo.local=${m2}`, '-DskipTests', '-Dmaven.javadoc.skip=true', '-Dmaven.source.skip=true', 'install'], {
      cwd: dir,
      hint: `The generated Java SDK in dist/sdk/java/${service} does not build (mvn output above).`,
    });
  }
}

export function compileSdk(lang: Language): void {
  if (lang === 'python') compilePython();
  else if (lang === 'go') compileGo();
  else compileJava();
}
