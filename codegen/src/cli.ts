#!/usr/bin/env -S npx tsx
/**
 * `make generate`: every specs/<service>/openapi.yaml -> generated/<service>/ and
 * generated/docs/. Skips all work when no input changed since the last run; writes only the
 * files whose bytes changed; prints each step's time.
 *
 *   marquee-codegen                      all services (lint errors fail the run)
 *   marquee-codegen --force              ignore the up-to-date check
 *   marquee-codegen --spec F --name N --out DIR [--no-lint] [--no-docs] [--all-findings]
 *                                        one spec anywhere (used for third-party specs)
 *
 * Lint severities come from ./marquee.config.yaml (`lint:`, see lint-config.ts): house-style
 * rules are warnings unless the project makes them errors (this repository does). Findings
 * print before any later stage can fail; past 5 warnings of one rule only a count is printed
 * unless --all-findings. The project's own emitters come from the same file (`plugins:`, see
 * plugins/config.ts) and run after the built-in ones, in both modes.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { EmittedFile } from './emit/emitter';
import type { GenerateResult } from './generate';
import type * as DeployModule from './deploy';
import type * as DocsModule from './emit/docs';
import type * as EventsModule from './events';
import type * as GenerateModule from './generate';
import type * as LintModule from './lint';
import type { Finding } from './lint';
import type * as LintConfigModule from './lint-config';
import type * as PluginConfigModule from './plugins/config';
import type * as ClientsModule from './versioned-clients';
import { enableCompileCache } from './compile-cache';
import { inputsHash } from './generator-inputs';
import { repoRoot } from './repo-root';

/**
 * The generator proper (YAML, openapi-typescript and with it the TypeScript compiler) loads only
 * once the up-to-date check has failed: a no-op run reads its inputs and nothing else.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- require() keeps these loads lazy in the compiled bundle too */
function generator() {
  enableCompileCache(join(repoRoot(), 'node_modules', '.cache', 'marquee-codegen'), (file) => /[\\/]node_modules[\\/]typescript[\\/]lib[\\/]typescript\.js$/.test(file));
  return {
    ...(require('./deploy') as typeof DeployModule),
    ...(require('./emit/docs') as typeof DocsModule),
    ...(require('./events') as typeof EventsModule),
    ...(require('./generate') as typeof GenerateModule),
    ...(require('./lint') as typeof LintModule),
    ...(require('./lint-config') as typeof LintConfigModule),
    ...(require('./plugins/config') as typeof PluginConfigModule),
    ...(require('./versioned-clients') as typeof ClientsModule),
  };
}
/* eslint-enable @typescript-eslint/no-require-imports */

interface Args {
  force: boolean;
  spec?: string;
  name?: string;
  out?: string;
  lint: boolean;
  docs: boolean;
  allFindings: boolean;
}

const MANIFEST = '.manifest.json';
const REGISTRY = 'services/registry.yaml';

function parseArgs(argv: string[]): Args {
  const args: Args = { force: false, lint: true, docs: true, allFindings: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) {
        throw new Error(`${a} needs a value`);
      }
      return v;
    };
    if (a === '--force') args.force = true;
    else if (a === '--no-lint') args.lint = false;
    else if (a === '--no-docs') args.docs = false;
    else if (a === '--all-findings') args.allFindings = true;
    else if (a === '--spec') args.spec = value();
    else if (a === '--name') args.name = value();
    else if (a === '--out') args.out = value();
    else throw new Error(`unknown option ${a}; see codegen/src/cli.ts for usage`);
  }
  return args;
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function writeIfChanged(path: string, content: string): boolean {
  if (existsSync(path) && readFileSync(path, 'utf8') === content) {
    return false;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return true;
}

function fmt(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(2)}s`;
}

/** Every error; per rule the first 5 warnings and a count of the rest (all of them with --all-findings). */
function printFindings(findings: readonly Finding[], all: boolean, formatFinding: (f: Finding) => string): void {
  const warningsSeen = new Map<string, number>();
  for (const f of findings) {
    const n = f.severity === 'error' ? 0 : (warningsSeen.get(f.rule) ?? 0) + 1;
    warningsSeen.set(f.rule, Math.max(n, warningsSeen.get(f.rule) ?? 0));
    if (all || n <= 5) {
      process.stderr.write(`${formatFinding(f)}\n`);
    }
  }
  for (const [rule, n] of all ? [] : warningsSeen) {
    if (n > 5) {
      process.stderr.write(`... and ${n - 5} more ${rule} warning(s) (--all-findings prints them; lint.severity.${rule}: off in marquee.config.yaml silences them)\n`);
    }
  }
}

async function runOne(args: Args): Promise<number> {
  const { generateService, formatFinding, loadLintConfig, loadPlugins } = generator();
  const spec = args.spec as string;
  const plugins = await loadPlugins(process.cwd());
  const name = args.name ?? spec.replace(/^.*\//, '').replace(/\.(ya?ml|json)$/, '');
  const out = args.out ?? join('generated', name);
  const result = await generateService({ name, specPath: spec, lint: args.lint, docs: args.docs, lintConfig: loadLintConfig(process.cwd()), plugins, onFindings: (f) => printFindings(f, args.allFindings, formatFinding) });
  for (const w of result.ir.warnings) {
    process.stderr.write(`warning: ${spec}: ${w}\n`);
  }
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  if (errors > 0) {
    process.stderr.write(`generate: ${errors} lint error(s); nothing written. Fix them, or set their severity in marquee.config.yaml (lint.severity), and run again.\n`);
    return 1;
  }
  for (const file of [...result.code, ...result.docs.map((d) => ({ ...d, path: join('docs', d.path) }))]) {
    writeIfChanged(join(out, file.path), file.content);
  }
  process.stdout.write(`${name}: ${result.ir.operations.length} operations -> ${out} (${result.timings.map(([s, ms]) => `${s} ${fmt(ms)}`).join(', ')})\n`);
  return 0;
}

async function runAll(args: Args): Promise<number> {
  const started = performance.now();
  const manifestPath = join('generated', MANIFEST);
  const previous = existsSync(manifestPath) ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as { inputs: string; plugins?: string[]; files: Record<string, string> }) : undefined;
  if (!args.force && previous?.inputs === inputsHash({ pluginFiles: previous?.plugins ?? [], registry: REGISTRY }) && Object.entries(previous.files).every(([p, h]) => existsSync(p) && sha256(readFileSync(p)) === h)) {
    process.stdout.write(`generate: up to date (${Object.keys(previous.files).length} files, inputs unchanged) in ${fmt(performance.now() - started)}\n`);
    return 0;
  }
  const { generateService, generateEvents, formatFinding, loadLintConfig, loadPlugins, loadRegistry, emitDeploy, pinnedClientFiles, emitDocsIndex } = generator();
  const services = readdirSync('specs')
    .filter((d) => d !== 'common' && existsSync(join('specs', d, 'openapi.yaml')))
    .sort();
  const results: [string, GenerateResult][] = [];
  const lintConfig = loadLintConfig(process.cwd());
  const plugins = await loadPlugins(process.cwd());
  const linted: Finding[] = [];
  try {
    for (const name of services) {
      const changelogPath = join('specs', name, 'CHANGELOG.md');
      const changelog = existsSync(changelogPath) ? readFileSync(changelogPath, 'utf8') : undefined;
      results.push([name, await generateService({ name, specPath: join('specs', name, 'openapi.yaml'), lintConfig, plugins, onFindings: (f) => linted.push(...f), ...(changelog ? { changelog } : {}) })]);
    }
  } catch (err) {
    printFindings(linted, args.allFindings, formatFinding); // what lint found still prints when a later stage fails
    throw err;
  }
  const events = generateEvents('specs', 'generated');
  const findings = [...results.flatMap(([, r]) => r.findings), ...events.flatMap((e) => e.findings)];
  printFindings(findings, args.allFindings, formatFinding);
  const errors = findings.filter((f) => f.severity === 'error').length;
  if (errors > 0) {
    process.stderr.write(`generate: ${errors} lint error(s); nothing written. Fix them and run \`make generate\` again.\n`);
    return 1;
  }
  const files: [string, string][] = [];
  for (const [name, r] of results) {
    for (const w of r.ir.warnings) {
      process.stderr.write(`warning: ${name}: ${w}\n`);
    }
    files.push(...r.code.map((f): [string, string] => [join('generated', name, f.path), f.content]));
    files.push(...r.docs.map((f): [string, string] => [join('generated', 'docs', name, f.path), f.content]));
  }
  files.push(...events.flatMap((e) => e.files));
  // Deploy manifests from the registry; image tags are the specs' versions.
  const registry = loadRegistry(REGISTRY);
  const versions = Object.fromEntries([...events.map((e) => [e.name, e.version]), ...results.map(([name, r]) => [name, r.ir.version])]);
  files.push(...emitDeploy(registry, versions).map((f): [string, string] => [join('deploy', f.path), f.content]));
  // Clients a consumer pinned to a provider's release (`calls: [{ service, version }]`).
  files.push(...(await pinnedClientFiles('.', registry)).files);
  const index: EmittedFile = emitDocsIndex(results.map(([name, r]) => ({ name, title: r.ir.title, version: r.ir.version, ...(r.ir.description ? { description: r.ir.description } : {}), operations: r.ir.operations.length })));
  files.push([join('generated', 'docs', index.path), index.content]);
  let changed = 0;
  for (const [path, content] of files) {
    changed += writeIfChanged(path, content) ? 1 : 0;
  }
  // Remove files a previous run wrote that this run did not (a deleted spec or operation).
  const wanted = new Set(files.map(([p]) => p));
  for (const stale of Object.keys(previous?.files ?? {}).filter((p) => !wanted.has(p) && existsSync(p))) {
    rmSync(stale);
    process.stdout.write(`removed ${stale}\n`);
  }
  for (const [name, r] of results) {
    process.stdout.write(`${name.padEnd(10)} ${String(r.ir.operations.length).padStart(3)} operations  ${r.timings.map(([s, ms]) => `${s} ${fmt(ms)}`).join(', ')}\n`);
  }
  for (const e of events) {
    process.stdout.write(`${e.name.padEnd(10)} ${String(e.channels).padStart(3)} event channels (asyncapi)\n`);
  }
  const pluginFiles = plugins.map((p) => relative(process.cwd(), p.path));
  const manifest = { inputs: inputsHash({ pluginFiles, registry: REGISTRY }), ...(pluginFiles.length > 0 ? { plugins: pluginFiles } : {}), files: Object.fromEntries(files.map(([p, c]) => [p, sha256(c)])) };
  writeIfChanged(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  process.stdout.write(`generate: ${files.length} files, ${changed} changed, in ${fmt(performance.now() - started)}; API reference: generated/docs/index.html\n`);
  return 0;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  return args.spec ? runOne(args) : runAll(args);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof Error && (err.name === 'SpecLoadError' || err.name === 'RegistryError' || err.name === 'LintConfigError' || err.name === 'PluginError')) {
      process.stderr.write(`generate: ${err.message}\n`);
    } else {
      // Not the user's mistake: the message, and the stack only when asked for.
      const detail = err instanceof Error ? (process.env.MARQUEE_DEBUG ? (err.stack ?? err.message) : err.message) : String(err);
      process.stderr.write(`generate: internal error: ${detail}\n(a generator bug: please report it with the spec; MARQUEE_DEBUG=1 prints the stack)\n`);
    }
    process.exit(1);
  },
);
