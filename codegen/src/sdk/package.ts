/**
 * Writes one TypeScript SDK package (sources, package.json, tsconfig, README, CHANGELOG) and
 * compiles it to ESM + .d.ts with the repo's TypeScript. The client core is copied from
 * runtime/src/client-core (its one home), with relative imports given the `.js` extension
 * Node's ESM resolution needs.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { emitSdkSources, sdkSecurity } from '../emit/sdk';
import { emitSdkReadme } from '../emit/sdk-readme';
import { buildIR } from '../ir';
import type { JsonObject } from '@marquee/openapi';
import { sdkChangelog } from './changelog';

export const CORE_DIR = 'runtime/src/client-core';

export interface SdkPackage {
  service: string;
  name: string;
  version: string;
  dir: string;
}

export function packageName(service: string): string {
  return `@marquee/${service}-sdk`;
}

/** `from './x'` -> `from './x.js'` (relative specifiers only). */
export function withJsExtensions(source: string): string {
  return source.replace(/(from\s+'\.{1,2}\/[^']+?)(?<!\.js)'/g, "$1.js'");
}

export function writeSdkPackage(args: { root: string; service: string; outDir: string; today: string; baseUrl: string }): SdkPackage {
  const { root, service, outDir, today, baseUrl } = args;
  const document = JSON.parse(readFileSync(join(root, 'generated', service, 'openapi.json'), 'utf8')) as JsonObject;
  const ir = buildIR(service, document);
  const security = sdkSecurity(document);
  const name = packageName(service);
  rmSync(outDir, { recursive: true, force: true });
  const files: Record<string, string> = {
    'src/types.gen.ts': readFileSync(join(root, 'generated', service, 'types.gen.ts'), 'utf8'),
    'package.json': `${JSON.stringify(packageJson(name, ir.version, ir.title), null, 2)}\n`,
    'tsconfig.json': `${JSON.stringify(TSCONFIG, null, 2)}\n`,
    'README.md': emitSdkReadme(ir, service, name, security, baseUrl),
    'CHANGELOG.md': sdkChangelog({ root, service, current: document, today }),
  };
  for (const file of readdirSync(join(root, CORE_DIR)).filter((f) => f.endsWith('.ts'))) {
    files[`src/core/${file}`] = withJsExtensions(readFileSync(join(root, CORE_DIR, file), 'utf8'));
  }
  for (const emitted of emitSdkSources(ir, service, security)) {
    files[emitted.path] = emitted.content;
  }
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(outDir, path)), { recursive: true });
    writeFileSync(join(outDir, path), content);
  }
  return { service, name, version: ir.version, dir: outDir };
}

export function compileSdkPackage(root: string, dir: string): void {
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { stdio: 'pipe', encoding: 'utf8' });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    throw new Error(`tsc failed for ${dir}:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

function packageJson(name: string, version: string, title: string): Record<string, unknown> {
  return {
    name,
    version,
    description: `TypeScript SDK for ${title}, generated from its OpenAPI contract`,
    license: 'UNLICENSED',
    type: 'module',
    sideEffects: false,
    main: './dist/index.js',
    types: './dist/index.d.ts',
    exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' }, './package.json': './package.json' },
    files: ['dist', 'README.md', 'CHANGELOG.md'],
    engines: { node: '>=20' },
    keywords: ['marquee', 'openapi', 'sdk'],
  };
}

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2023', 'DOM'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    declaration: true,
    outDir: 'dist',
    rootDir: 'src',
    strict: true,
    noUncheckedIndexedAccess: true,
    isolatedModules: true,
    skipLibCheck: true,
    types: [],
  },
  include: ['src'],
};
