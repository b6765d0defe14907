'use strict';
/**
 * Runs a service entry point's bundle and the vendor bundle of its npm packages
 * (scripts/lib/service-bundles.cjs) with a V8 code cache. `make build` writes, next to each
 * bundle, the entry point node is given (start.js): this file's text and one `runBundle` call.
 *
 * Why: compiling the bundles' functions is a third of a service's start-up CPU; the code V8
 * compiled last time makes the next start skip it. Node 22.1+ has this built in
 * (`module.enableCompileCache`); Node 20 only offers `vm.Script`'s `cachedData`, so the bundles
 * are compiled here, as the CommonJS loader would, the bundle with the entry point's own module,
 * require and file name (so `require.main === module` and relative requires behave as if node
 * ran the bundle).
 *
 * A cache file's name holds the build's hash of the bundle, its size and mtime, Node's version and
 * architecture: a rebuilt or edited bundle never meets an old cache (V8's own check compares only
 * the source's length, and its flags: a cache made under other flags is rejected and rewritten).
 * `make build` writes a first cache (`.build.v8cache`; MARQUEE_COMPILE_CACHE=build: a warm-up run
 * of each entry point, as production starts it, up to its first wait for I/O: every module
 * initialised, the service built, its datastores pointed at a closed port by the build; then the
 * caches are written and it exits), so the first start and a read-only image (the Dockerfile's
 * build stage runs the same build) have one. Where the folder is writable, the service writes its
 * own (`.v8cache`, preferred when present: it also covers listen and the first requests) once, at
 * exit or 10 s after the start, atomically; also when a cache was rejected (other V8 flags).
 * MARQUEE_COMPILE_CACHE=0 turns both off.
 *
 * Source maps: node's --enable-source-maps only maps files its own loader compiled, so with the flag
 * on, stack frames in the bundle are mapped here to our TypeScript, the map read on the first stack
 * trace that needs it, not at start-up. Frames in npm packages keep their place in
 * vendor.bundle.js (unminified, each module headed by its node_modules path; vendor.bundle.js.map
 * is beside it for a debugger): decoding that 4.7 MB map took 0.6 s of CPU on the first stack
 * trace, and node reads `err.stack` of every error a stream is destroyed with, in start-ups too.
 */
const { createHash } = require('node:crypto');
const { accessSync, constants, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname, relative, resolve } = require('node:path');
const vm = require('node:vm');

/** Writes the caches this long after the start if the process has not exited by then. */
const WRITE_AFTER_MS = 10_000;

/** The cache file for `file` (`key`: the build's hash, and for the vendor the entry point) and this Node. */
function cacheFileOf(file, key) {
  const { size, mtimeMs } = statSync(file);
  const id = [key, size, mtimeMs, process.version, process.arch].join('\0');
  return `${file}.${createHash('sha256').update(id).digest('hex').slice(0, 16)}.v8cache`;
}

function readCache(file) {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Best effort and atomic: concurrent starts of one bundle each write a whole file, the last one wins. */
function writeCache(file, script) {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, file);
    return true;
  } catch {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing was written
    }
    return false;
  }
}

/** Maps frames in `files` through their source maps, each loaded on first use; other frames stay as V8 wrote them. */
function mapStackTraces(files) {
  const maps = new Map(); // file -> SourceMap, or null when unreadable
  const original = (file, line, column) => {
    if (!maps.has(file)) {
      try {
        maps.set(file, new Module.SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8'))));
      } catch {
        maps.set(file, null);
      }
    }
    const entry = maps.get(file)?.findEntry(line - 1, column - 1);
    if (!entry || entry.originalSource === undefined) return undefined;
    return `${resolve(dirname(file), entry.originalSource)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  };
  Error.prepareStackTrace = function prepareStackTrace(error, trace) {
    let head;
    try {
      head = Error.prototype.toString.call(error);
    } catch {
      head = '<error>';
    }
    const frames = trace.map((site) => {
      const text = String(site);
      const file = site.getFileName();
      const line = site.getLineNumber();
      const column = site.getColumnNumber();
      if (!files.includes(file) || line === null || column === null) return text;
      const at = original(file, line, column);
      return at === undefined ? text : text.replace(`${file}:${line}:${column}`, at);
    });
    return frames.length === 0 ? head : `${head}\n    at ${frames.join('\n    at ')}`;
  };
}

/** Whether the service can write beside `file` (a read-only image cannot: no cache is made there at exit). */
function writable(file) {
  try {
    accessSync(dirname(file), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Compiles `file` with its code cache (`key` names it). Two files: `<name>.v8cache`, written by a
 * service after its start (it also holds the functions listen and the first requests compiled),
 * and `<name>.build.v8cache`, written by `make build`'s warm-up (`building`). The first found is
 * used; unless the service's own one was used and accepted, it is written later where the folder
 * is writable.
 */
function compile(file, key, pending, building = false) {
  const cacheFile = process.env.MARQUEE_COMPILE_CACHE === '0' ? undefined : cacheFileOf(file, key);
  const buildFile = cacheFile?.replace(/\.v8cache$/, '.build.v8cache');
  const own = cacheFile === undefined || building ? undefined : readCache(cacheFile);
  const cachedData = own ?? (cacheFile === undefined || building ? undefined : readCache(buildFile));
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
    // `import()` inside the bundle resolves as it would in a module node loaded itself.
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (building) pending.push([buildFile, script]);
  else if (cacheFile !== undefined && (own === undefined || script.cachedDataRejected) && writable(cacheFile)) pending.push([cacheFile, script]);
  return script;
}

/** Writes the caches once, at exit or after WRITE_AFTER_MS: by then they also hold the functions the start compiled lazily. */
function writeLater(pending) {
  if (pending.length === 0) return;
  let written = false;
  const write = () => {
    if (!written) for (const [file, script] of pending) writeCache(file, script);
    written = true;
  };
  process.once('exit', write);
  setTimeout(write, WRITE_AFTER_MS).unref();
}

const run = (script, module, require, filename) =>
  script.runInThisContext({ displayErrors: true }).call(module.exports, module.exports, require, module, filename, dirname(filename));

/**
 * Runs `bundle` as the module `main` (the entry point node started, with its `require`); the
 * bundle's requires of npm packages get the vendor bundle's. `hash`, `vendorHash`: the build's
 * hashes of the two files. The vendor's cache is per entry point (each compiles other functions).
 */
function runBundle({ main, require, bundle, hash, vendor, vendorHash }) {
  const pending = [];
  const building = process.env.MARQUEE_COMPILE_CACHE === 'build';
  // Relative, so a cache made where the build ran serves the same files elsewhere (an image).
  const vendorScript = compile(vendor, `${vendorHash}\0${relative(dirname(vendor), bundle)}`, pending, building);
  const bundleScript = compile(bundle, hash, pending, building);
  if (!building) writeLater(pending);
  if (process.sourceMapsEnabled) mapStackTraces([bundle]);
  const vendorModule = { exports: {} };
  run(vendorScript, vendorModule, require, vendor);
  const packages = vendorModule.exports;
  const requireFromBundle = Object.assign((id) => (Object.hasOwn(packages, id) ? packages[id]() : require(id)), {
    cache: require.cache,
    main: require.main,
    resolve: require.resolve,
  });
  if (building) warmUpOnly(pending);
  run(bundleScript, main, requireFromBundle, main.filename);
}

/**
 * The build's warm-up: the caches are written, and the process ends, at its first turn of the
 * event loop, or earlier if the start fails (its datastores are unreachable). The exit code says
 * whether every cache was written, not how the start went.
 */
function warmUpOnly(pending) {
  process.once('exit', () => {
    process.exitCode = pending.map(([file, script]) => writeCache(file, script)).every(Boolean) ? 0 : 1;
  });
  setImmediate(() => process.exit());
}

module.exports = { runBundle };
