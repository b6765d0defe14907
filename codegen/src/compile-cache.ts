/**
 * V8 code cache for the generator's big dependencies. Compiling typescript.js (9 MB, loaded by
 * openapi-typescript) is about a fifth of a cold `make generate`; with the code V8 produced last
 * time it takes a fraction of that. Node 22.1+ has this built in (`module.enableCompileCache`);
 * on Node 20 the module loader's compile step is wrapped for the matching files only, caching
 * in node_modules/.cache/marquee-codegen (one file per module; V8 rejects a cache made for
 * another source or Node version, and it is then rewritten). MARQUEE_COMPILE_CACHE=0 turns it off.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

interface Compiling {
  exports: unknown;
  _compile(content: string, filename: string): unknown;
}

type ModuleStatics = { enableCompileCache?: (dir: string) => unknown; wrap(source: string): string; prototype: Compiling };

let enabled = false;

export function enableCompileCache(dir: string, match: (filename: string) => boolean): void {
  if (enabled || process.env.MARQUEE_COMPILE_CACHE === '0') {
    return;
  }
  enabled = true;
  const statics = Module as unknown as ModuleStatics;
  if (typeof statics.enableCompileCache === 'function') {
    statics.enableCompileCache(dir);
    return;
  }
  const original = statics.prototype._compile;
  statics.prototype._compile = function compile(this: Compiling, content: string, filename: string): unknown {
    if (!match(filename)) {
      return original.call(this, content, filename);
    }
    const file = join(dir, `${createHash('sha256').update(`${process.version}\0${filename}\0${content.length}`).digest('hex').slice(0, 24)}.bin`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(file);
    } catch {
      cachedData = undefined;
    }
    const script = new Script(statics.wrap(content), { filename, ...(cachedData ? { cachedData } : {}) });
    if (!cachedData || script.cachedDataRejected) {
      // At exit the cache also holds the functions this run compiled lazily.
      process.once('exit', () => {
        try {
          mkdirSync(dir, { recursive: true });
          writeFileSync(file, script.createCachedData());
        } catch {
          // best effort: the next run compiles from source again
        }
      });
    }
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, Module.createRequire(filename), this, filename, dirname(filename));
  };
}
