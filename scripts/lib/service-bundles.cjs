'use strict';
/**
 * scripts/build.cjs, services group (issue #11, cold start): npm packages are bundled too, so a
 * service start reads two files instead of resolving and loading 600 (catalog) to 1,100
 * (audience) modules from node_modules, and both are compiled with a V8 code cache.
 *
 * - Each entry point's bundle (start.bundle.js) holds our code, as before; every npm package it
 *   requires is left as a require.
 * - One vendor bundle for all of them (dist/build/services/vendor.bundle.js) holds those packages:
 *   `{ "<specifier>": () => require("<specifier>") }`, each package initialised on its first
 *   require as in node_modules. One file, not one per service: the packages are built once (they
 *   are most of the bytes), and only again when the lock file or the set of specifiers changes.
 * - start.js, what node is given, is scripts/lib/run-bundle.cjs inlined plus one call: it runs the
 *   bundle, handing it the vendor's packages for those requires.
 *
 * A package that is not installed stays a plain require and fails at run time only if it is used,
 * as it would unbundled: knex's drivers for other databases (pg, sqlite3, tedious, oracledb, mysql,
 * mariadb), optional peers. No package the services load is a native addon or starts a worker
 * from a file of its own (pino's transports would; we log to stdout).
 */
const { createHash } = require('node:crypto');
const { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');

const RUN_BUNDLE = join(__dirname, 'run-bundle.cjs');

/** `@scope/name/sub` -> `@scope/name`, `name/sub` -> `name`. */
const packageName = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/** Whether `node_modules/<name>` exists in `dir` or a folder above it (node's own lookup). */
function installed(name, dir) {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, 'node_modules', name, 'package.json'))) return true;
    if (dirname(at) === at) return false;
  }
}

const isPackage = (specifier) => !specifier.startsWith('node:') && !specifier.startsWith('@marquee/');

/** The entry bundles' plugin: npm packages stay requires; the installed ones are recorded for the vendor bundle. */
function recordPackages(specifiers) {
  return {
    name: 'record-npm-packages',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (!isPackage(args.path)) return undefined;
        if (installed(packageName(args.path), args.resolveDir)) specifiers.add(args.path);
        return { path: args.path, external: true };
      });
    },
  };
}

/** The vendor bundle's plugin: packages that are not installed stay requires. */
const missingPackages = {
  name: 'missing-npm-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (!isPackage(args.path) || installed(packageName(args.path), args.resolveDir)) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/**
 * JSON modules as `JSON.parse('<text>')`, not an object literal (esbuild's default): V8 reads a
 * string and JSON.parse far faster than it builds a literal. express and its helpers load three
 * copies of mime-db's 200 KB db.json at start-up; as literals they were most of express's start.
 */
const jsonAsParse = {
  name: 'json-as-parse',
  setup(build) {
    build.onLoad({ filter: /\.json$/ }, (args) => {
      const text = JSON.stringify(JSON.parse(readFileSync(args.path, 'utf8')));
      return { contents: `module.exports = JSON.parse(${JSON.stringify(text)});\n`, loader: 'js' };
    });
  },
};

/**
 * Makes a bundle ASCII, so node reads it as a one-byte string (a quarter of the time UTF-8
 * decoding took for the 10 MB vendor bundle, and half the memory V8 keeps it in). esbuild escapes
 * non-ASCII characters everywhere but in comments (undici's are full of ’); there each UTF-16 unit
 * becomes '?', which keeps every column the source map points at. Checked, not assumed: without
 * comments (esbuild, whitespace minified), the bundle before and after prints the same.
 */
async function makeAscii(esbuild, file) {
  const text = readFileSync(file, 'utf8');
  if (!/[^\x00-\x7f]/.test(text)) return;
  const ascii = text.replace(/[^\x00-\x7f]/g, '?');
  const code = async (source) => (await esbuild.transform(source, { loader: 'js', minifyWhitespace: true, legalComments: 'none', logLevel: 'error' })).code;
  if ((await code(text)) !== (await code(ascii))) throw new Error(`${file}: non-ASCII characters outside comments`);
  writeFileSync(file, ascii);
}

/**
 * Modules loaded on the first use of one of their exports rather than when their importer loads.
 * Only where the importer does nothing with the module at load: the Elasticsearch client requires
 * apache-arrow (about 180 ms of CPU, and a third of the client's load time, on a loaded machine)
 * at load and uses it only in the ES|QL Arrow helpers (toArrowTable, toArrowReader), which we
 * never call. express, send, accepts and type-is require mime-types, which builds its extension
 * tables from mime-db's 200 KB db.json at load (13% of a catalog start), and call it only inside
 * request functions: res.type, res.set('Content-Type') (so res.json and res.send), res.sendFile,
 * req.accepts('json') and type-is with an extension ('json' rather than 'application/json').
 * The precompiled dispatch writes its responses and problems on the plain Node response and
 * body-parser is given full types, so requests it serves never load it; the first response
 * written through Express's res (a problem Express maps, a route not on the dispatch) does.
 * The Elasticsearch transport requires @opentelemetry/core (whose index loads
 * @opentelemetry/semantic-conventions' thousands of constants) for suppressTracing alone, called
 * only when a request asks for openTelemetry.suppressInternalInstrumentation, which we never set.
 * What is left in their place reads each property from the module, loading it then.
 */
const LAZY_MODULES = ['apache-arrow/Arrow.node', 'mime-types', '@opentelemetry/core'];
const lazyModules = {
  name: 'lazy-modules',
  setup(build) {
    const filter = new RegExp(`^(${LAZY_MODULES.map((m) => m.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
    // One stand-in per importing folder: the same specifier may name another copy elsewhere.
    build.onResolve({ filter }, (args) =>
      args.namespace === 'lazy'
        ? undefined
        : { path: `${args.path} from ${relative(build.initialOptions.absWorkingDir ?? process.cwd(), args.resolveDir)}`, namespace: 'lazy', pluginData: { specifier: args.path, resolveDir: args.resolveDir } },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => ({
      contents: [
        'let loaded;',
        `const load = () => (loaded ??= require(${JSON.stringify(args.pluginData.specifier)}));`,
        'module.exports = new Proxy({}, {',
        '  get: (_, key) => load()[key],',
        '  has: (_, key) => key in load(),',
        '  ownKeys: () => Reflect.ownKeys(load()),',
        '  getOwnPropertyDescriptor: (_, key) => { const d = Reflect.getOwnPropertyDescriptor(load(), key); return d && { ...d, configurable: true }; },',
        '});',
      ].join('\n'),
      resolveDir: args.pluginData.resolveDir,
      loader: 'js',
    }));
  },
};

/**
 * Packages whose identical copies are bundled once. npm installs four copies of mime-types 3 and
 * mime-db (under express, send, accepts and type-is, since the root has mime-types 2 for other
 * packages); each would build its own tables. A copy is shared only when every file at the top of
 * its folder is byte-identical to the first copy's (so the same version, nothing patched); these
 * two keep no state but the tables built from db.json.
 */
const SHARED_PACKAGES = ['mime-types', 'mime-db'];
const sharedPackages = () => {
  const first = new Map(); // name and content hash -> the path every identical copy resolves to
  const hashes = new Map(); // folder -> its content hash (each copy is imported from several files)
  const contentOf = (dir) => {
    if (hashes.has(dir)) return hashes.get(dir);
    const hash = createHash('sha256');
    for (const entry of readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile()).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      hash.update(`${entry.name}\0`).update(readFileSync(join(dir, entry.name)));
    }
    hashes.set(dir, hash.digest('hex'));
    return hashes.get(dir);
  };
  return {
    name: 'shared-package-copies',
    setup(build) {
      const filter = new RegExp(`^(${SHARED_PACKAGES.join('|')})$`);
      build.onResolve({ filter }, async (args) => {
        if (args.pluginData === 'shared-package-copies') return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, namespace: args.namespace, resolveDir: args.resolveDir, pluginData: 'shared-package-copies' });
        if (resolved.errors.length > 0 || resolved.external) return undefined;
        const key = `${args.path}\0${contentOf(dirname(resolved.path))}`;
        if (!first.has(key)) first.set(key, resolved.path);
        return { path: first.get(key) };
      });
    },
  };
};

const hashOf = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Removes the code caches (and interrupted writes) of `file`, a bundle this build replaced. */
function removeCaches(file) {
  const name = file.slice(dirname(file).length + 1);
  for (const stale of readdirSync(dirname(file)).filter((f) => f.startsWith(`${name}.`) && /\.v8cache$|\.tmp$/.test(f))) {
    rmSync(join(dirname(file), stale), { force: true });
  }
}

/**
 * Builds `<out>/services/vendor.bundle.js` unless the one there was built from the same specifiers,
 * lock file and build scripts. `options`: esbuild's, as for the entry bundles. Returns its files.
 */
async function buildVendor({ esbuild, root, out, specifiers, options, inputs }) {
  const file = join(root, out, 'services', 'vendor.bundle.js');
  const stampFile = join(root, out, 'services', 'vendor.inputs.json');
  const list = [...specifiers].sort();
  const stamp = JSON.stringify({ specifiers: list, inputs: inputs.map((f) => hashOf(join(root, f))) });
  const files = [relative(root, file), `${relative(root, file)}.map`];
  if (existsSync(stampFile) && files.every((f) => existsSync(join(root, f))) && readFileSync(stampFile, 'utf8') === stamp) {
    return { files, built: false };
  }
  const contents = `module.exports = {\n${list.map((s) => `  ${JSON.stringify(s)}: () => require(${JSON.stringify(s)}),`).join('\n')}\n};\n`;
  await esbuild.build({ ...options, stdin: { contents, resolveDir: root, sourcefile: 'vendor.js', loader: 'js' }, outfile: file, plugins: [lazyModules, sharedPackages(), missingPackages, jsonAsParse] });
  await makeAscii(esbuild, file);
  removeCaches(file);
  writeFileSync(stampFile, stamp);
  return { files, built: true };
}

/**
 * Writes each entry point (start.js next to start.bundle.js): run-bundle.cjs and the call that runs
 * the bundle with the vendor's packages. The hashes of both bundles name their code caches.
 */
async function writeEntryPoints({ esbuild, root, bundles, vendor }) {
  const runner = readFileSync(RUN_BUNDLE, 'utf8');
  const vendorFile = join(root, vendor);
  const vendorHash = hashOf(vendorFile);
  const written = [];
  for (const bundle of bundles) {
    const file = join(root, bundle);
    removeCaches(file);
    await makeAscii(esbuild, file);
    const name = file.slice(dirname(file).length + 1);
    const call = {
      bundle: `join(__dirname, ${JSON.stringify(name)})`,
      hash: JSON.stringify(hashOf(file)),
      vendor: `join(__dirname, ${JSON.stringify(relative(dirname(file), vendorFile))})`,
      vendorHash: JSON.stringify(vendorHash),
    };
    const entry = bundle.replace(/\.bundle\.js$/, '.js');
    const code = [
      `// Written by scripts/build.cjs: runs ${name} (this entry point's code) and ${relative(dirname(file), vendorFile)} (its npm packages) with a V8 code cache.`,
      `const { runBundle } = (function (module) {\n${runner}\nreturn module.exports;\n})({ exports: {} });`,
      "const { join } = require('node:path');",
      `runBundle({ main: module, require, ${Object.entries(call).map(([k, v]) => `${k}: ${v}`).join(', ')} });`,
      '',
    ].join('\n');
    writeFileSync(join(root, entry), code);
    // The map the entry point had when it was the bundle itself (builds before the vendor bundle).
    rmSync(join(root, `${entry}.map`), { force: true });
    written.push(entry);
  }
  return written;
}

/** Where the warm-up's datastores and peers are: a closed port, so it cannot reach or change any data. */
const CLOSED = '127.0.0.1:1';
const WARM_UP_ENV = {
  MARQUEE_COMPILE_CACHE: 'build',
  NODE_ENV: 'production',
  LOG_LEVEL: 'silent',
  PORT: '0',
  MYSQL_HOST: '127.0.0.1',
  MYSQL_PORT: '1',
  ELASTICSEARCH_URL: `http://${CLOSED}`,
  KAFKA_BROKERS: CLOSED,
  IDENTITY_URL: `http://${CLOSED}`,
  CATALOG_URL: `http://${CLOSED}`,
  AUDIENCE_URL: `http://${CLOSED}`,
};

/**
 * Writes each entry point's V8 code caches at build time: node runs the entry point as production
 * does, with MARQUEE_COMPILE_CACHE=build (run-bundle.cjs), up to its first wait for I/O, then
 * writes the caches. So the first start after a build, and every start of an image whose folder is
 * read-only, has them. One per core at a time; a failure is reported, not fatal (the service then
 * writes its caches on its first start, as before).
 */
async function writeCodeCaches({ root, entries, log = (line) => process.stdout.write(`${line}\n`) }) {
  const { spawn } = require('node:child_process');
  const { availableParallelism } = require('node:os');
  const one = (entry) =>
    new Promise((done) => {
      const child = spawn(process.execPath, ['--enable-source-maps', join(root, entry)], {
        cwd: root,
        env: { ...process.env, ...WARM_UP_ENV },
        // The start's own complaints (no datastore) are expected: only a failed write counts.
        stdio: ['ignore', 'ignore', 'pipe'],
        timeout: 60_000,
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code, signal) => {
        if (code !== 0) log(`build: no code cache for ${entry} (${signal ?? 'not written'}): ${stderr.trim().split('\n').slice(-1)[0] ?? ''}; its first start writes one`);
        done(code === 0);
      });
    });
  const queue = [...entries];
  const written = [];
  const worker = async () => {
    for (let entry = queue.shift(); entry !== undefined; entry = queue.shift()) if (await one(entry)) written.push(entry);
  };
  await Promise.all(Array.from({ length: Math.max(1, availableParallelism()) }, worker));
  return written;
}

module.exports = { RUN_BUNDLE, buildVendor, jsonAsParse, lazyModules, recordPackages, sharedPackages, writeCodeCaches, writeEntryPoints };
