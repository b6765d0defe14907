#!/usr/bin/env node
/**
 * `make build`: compiles every entry point (services, their workers and database CLIs, the
 * codegen commands) with esbuild into dist/build/, mirroring the source paths
 * (services/catalog/src/start.ts -> dist/build/services/catalog/src/start.js), with linked
 * source maps; production runs them with `node --enable-source-maps`.
 *
 * Each entry point is one CommonJS bundle of our own code (runtime, generated, the service or
 * the generator). The commands' npm packages stay external and load from node_modules; the
 * services' are in one vendor bundle, and each service entry point runs its bundle with a V8
 * code cache (scripts/lib/service-bundles.cjs, issue #11 cold start). Type checking is not
 * done here (`make typecheck` runs tsc): esbuild only strips types, so a build with nothing
 * changed in the lock file takes a second or two (the vendor bundle, 10 MB, adds several when
 * it is rebuilt).
 *
 * Incremental: dist/build/<group>.inputs.json records every source file a group read (from
 * esbuild's metafile) with its size and mtime; when none changed and the outputs exist, the
 * group is skipped without loading esbuild.
 *
 *   node scripts/build.cjs                  every group (services, codegen, edge)
 *   node scripts/build.cjs codegen          one group
 *   node scripts/build.cjs --force          rebuild even when up to date
 *   node scripts/build.cjs --list           print the entry points
 *   node scripts/build.cjs --out DIR        build somewhere else than dist/build
 */
'use strict';
const { existsSync, mkdirSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const { dirname, join, relative, resolve } = require('node:path');
const { RUN_BUNDLE, buildVendor, recordPackages, writeCodeCaches, writeEntryPoints } = require('./lib/service-bundles.cjs');

const ROOT = join(__dirname, '..');
/** Output folder, relative to the root (`--out DIR`; tests build into a scratch folder). */
const outAt = process.argv.indexOf('--out');
const OUT = outAt > 0 && process.argv[outAt + 1] ? relative(ROOT, resolve(process.cwd(), process.argv[outAt + 1])) : 'dist/build';

/** Entry points, by group, relative to the repository root. */
function entryPoints() {
  const services = [];
  for (const name of readdirSync(join(ROOT, 'services')).sort()) {
    const src = join('services', name, 'src');
    if (!existsSync(join(ROOT, src))) continue;
    for (const file of ['start.ts', 'db-cli.ts']) {
      if (existsSync(join(ROOT, src, file))) services.push(join(src, file));
    }
    // Workers: processes of a service with no port of their own (src/<area>/start-<worker>.ts).
    for (const dir of readdirSync(join(ROOT, src), { withFileTypes: true })) {
      if (!dir.isDirectory()) continue;
      for (const file of readdirSync(join(ROOT, src, dir.name))) {
        if (/^start-[a-z-]+\.ts$/.test(file)) services.push(join(src, dir.name, file));
      }
    }
  }
  const codegen = [
    'cli.ts',
    'marquee.ts',
    'breaking.ts',
    'release.ts',
    'versioned-clients.ts',
    'portal/build.ts',
    'portal/serve.ts',
    'sdk/build.ts',
    'sdk/publish.ts',
    'partner-sdks/build.ts',
  ].map((f) => join('codegen/src', f));
  // The edge proxy's launcher (scripts/services.sh starts it like a service): built like the
  // commands, so the image's build stage (services only) needs neither scripts/edge nor codegen.
  const edge = ['scripts/edge/start.ts'];
  return { services, codegen, edge };
}

/** Codegen and edge: npm packages stay external (loaded from node_modules); our workspaces (@marquee/*) are bundled. */
const externalPackages = {
  name: 'external-npm-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@marquee/') || args.path.startsWith('node:')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/**
 * `if (require.main === module) main()` runs a file's command only when it is the program. In a
 * bundle every module shares the bundle's `module`, so a command imported by another one (the
 * pinned clients' `versioned-clients.ts`, imported by the generator) would run its main too.
 * The check becomes "and this bundle is this file's own output".
 */
const guarded = new Map(); // absolute path -> original source, for the source maps
const mainGuard = {
  name: 'main-guard',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes('node_modules')) return undefined;
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('require.main === module')) return undefined;
      guarded.set(args.path, source);
      const own = relative(ROOT, args.path).replace(/\.ts$/, '.js').split(/[\\/]/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\\\/]');
      const contents = source.replaceAll('require.main === module', `(require.main === module && /[\\\\/]${own}$/.test(__filename))`);
      return { contents, loader: 'ts' };
    });
  },
};

/** The maps embed the sources as written, not as the main guard rewrote them. */
function restoreSourcesContent(outputs) {
  if (guarded.size === 0) return;
  for (const out of outputs.filter((f) => f.endsWith('.map'))) {
    const file = join(ROOT, out);
    const map = JSON.parse(readFileSync(file, 'utf8'));
    let changed = false;
    map.sources.forEach((source, i) => {
      const original = guarded.get(join(ROOT, OUT, dirname(relative(OUT, out)), source));
      if (original !== undefined && map.sourcesContent[i] !== original) {
        map.sourcesContent[i] = original;
        changed = true;
      }
    });
    if (changed) writeFileSync(file, JSON.stringify(map));
  }
}

function fingerprint(files) {
  const out = {};
  for (const file of files) {
    try {
      const s = statSync(join(ROOT, file));
      out[file] = `${s.size}:${s.mtimeMs}`;
    } catch {
      out[file] = 'missing';
    }
  }
  return out;
}

/** The group's make target: its mtime says when the group was last known current. */
function touch(group) {
  const file = join(ROOT, OUT, `${group}.stamp`);
  const now = new Date();
  try {
    utimesSync(file, now, now);
  } catch {
    writeFileSync(file, '');
  }
}

function upToDate(group, entries) {
  const stampPath = join(ROOT, OUT, `${group}.inputs.json`);
  if (!existsSync(stampPath)) return false;
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampPath, 'utf8'));
  } catch {
    return false;
  }
  if (JSON.stringify(stamp.entries) !== JSON.stringify(entries)) return false;
  if (!stamp.outputs.every((f) => existsSync(join(ROOT, f)))) return false;
  const now = fingerprint(Object.keys(stamp.inputs));
  return Object.entries(stamp.inputs).every(([f, v]) => now[f] === v);
}

async function buildGroup(group, entries) {
  const esbuild = require('esbuild');
  // Services: npm packages go into one vendor bundle, and each entry point runs with a V8 code
  // cache (scripts/lib/service-bundles.cjs).
  const services = group === 'services';
  const specifiers = new Set();
  const started = performance.now();
  const options = {
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'linked',
    // Paths in the maps are relative to the map; the sources are embedded too, so stack traces
    // point at the TypeScript line even where the sources are not shipped (the image).
    sourcesContent: true,
    metafile: true,
    logLevel: 'warning',
    // Names of functions and classes stay as written (stack traces, logs, `err.name`).
    keepNames: true,
  };
  const result = await esbuild.build({
    ...options,
    entryPoints: entries,
    outdir: OUT,
    outbase: '.',
    // Services: start.bundle.js, run by the start.js written next to it.
    entryNames: services ? '[dir]/[name].bundle' : '[dir]/[name]',
    plugins: [services ? recordPackages(specifiers) : externalPackages, mainGuard],
  });
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules/'));
  // The stamp also covers the build scripts and the package manifests.
  inputs.push(relative(ROOT, __filename), 'package.json', 'package-lock.json');
  if (services) inputs.push(relative(ROOT, require.resolve('./lib/service-bundles.cjs')), relative(ROOT, RUN_BUNDLE));
  const outputs = Object.keys(result.metafile.outputs);
  restoreSourcesContent(outputs);
  if (services) {
    const vendorInputs = [relative(ROOT, __filename), relative(ROOT, require.resolve('./lib/service-bundles.cjs')), 'package-lock.json'];
    const vendor = await buildVendor({ esbuild, root: ROOT, out: OUT, specifiers, options: { ...options, metafile: false, sourcesContent: false }, inputs: vendorInputs });
    const bundles = outputs.filter((f) => f.endsWith('.bundle.js'));
    const starts = await writeEntryPoints({ esbuild, root: ROOT, bundles, vendor: vendor.files[0] });
    outputs.push(...vendor.files, ...starts);
    process.stdout.write(`build: ${group}: ${specifiers.size} npm package specifiers -> ${vendor.files[0]} (${vendor.built ? 'built' : 'up to date'})\n`);
    const cached = performance.now();
    const warmed = await writeCodeCaches({ root: ROOT, entries: starts });
    process.stdout.write(`build: ${group}: V8 code caches for ${warmed.length}/${starts.length} entry points in ${Math.round(performance.now() - cached)}ms\n`);
  }
  const stamp = { entries, outputs, inputs: fingerprint(inputs.sort()) };
  writeFileSync(join(ROOT, OUT, `${group}.inputs.json`), `${JSON.stringify(stamp, null, 1)}\n`);
  // For make: `dist/build/<group>.stamp` depends on every source the group read (the Makefile
  // includes this file), so `make generate` rebuilds the generator only when one changed.
  writeFileSync(join(ROOT, OUT, `${group}.d`), `${OUT}/${group}.stamp: ${inputs.map((f) => f.replace(/ /g, '\\ ')).join(' ')}\n`);
  touch(group);
  const bytes = outputs.filter((f) => f.endsWith('.js')).reduce((n, f) => n + statSync(join(ROOT, f)).size, 0);
  process.stdout.write(
    `build: ${group}: ${entries.length} entry points, ${inputs.length} sources -> ${OUT} (${Math.round(bytes / 1024)} KiB JS) in ${Math.round(performance.now() - started)}ms\n`,
  );
}

async function main(argv) {
  const force = argv.includes('--force');
  const all = entryPoints();
  if (argv.includes('--list')) {
    for (const [group, entries] of Object.entries(all)) for (const e of entries) process.stdout.write(`${group}\t${e}\n`);
    return;
  }
  const wanted = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--out');
  for (const g of wanted) {
    if (!(g in all)) throw new Error(`unknown group "${g}"; groups: ${Object.keys(all).join(', ')}`);
  }
  mkdirSync(join(ROOT, OUT), { recursive: true });
  for (const [group, entries] of Object.entries(all)) {
    if (wanted.length > 0 && !wanted.includes(group)) continue;
    if (!force && upToDate(group, entries)) {
      process.stdout.write(`build: ${group}: up to date\n`);
      touch(group);
      continue;
    }
    await buildGroup(group, entries);
  }
}

main(process.argv.slice(2)).catch((err) => {
  // esbuild has already printed each error with its file:line; this names the step.
  process.stderr.write(`build: failed: ${err && err.message ? err.message : String(err)}\nFix the errors above and run \`make build\` again.\n`);
  process.exit(1);
});
