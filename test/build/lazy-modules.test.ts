/**
 * The services' vendor bundle loads mime-types (and @opentelemetry/core) on first use and bundles
 * the identical copies that express, send, accepts and type-is each install once
 * (scripts/lib/service-bundles.cjs). Built here with the build's own plugins; a stand-in must
 * answer exactly as the package does.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { REPO_ROOT } from '../support/compiled';

jest.setTimeout(60_000);

// eslint-disable-next-line @typescript-eslint/no-require-imports
const plugins = require('../../scripts/lib/service-bundles.cjs') as { jsonAsParse: esbuild.Plugin; lazyModules: esbuild.Plugin; sharedPackages(): esbuild.Plugin };

interface MimeTypes {
  lookup(path: unknown): string | false;
  contentType(type: unknown): string | false;
  extension(type: unknown): string | false;
  charset(type: unknown): string | false;
  types: Record<string, string>;
  extensions: Record<string, string[]>;
}

const SEND = join(REPO_ROOT, 'node_modules', 'send');

/** Bundles `contents` as if it were a file of `dir` (node_modules/send), with the vendor bundle's plugins. */
async function bundle(contents: string, dir = SEND): Promise<{ code: string; inputs: string[] }> {
  const result = await esbuild.build({
    absWorkingDir: REPO_ROOT,
    stdin: { contents, resolveDir: dir, sourcefile: 'entry.js', loader: 'js' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    write: false,
    metafile: true,
    logLevel: 'error',
    plugins: [plugins.lazyModules, plugins.sharedPackages(), plugins.jsonAsParse],
  });
  return { code: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs) };
}

/** Runs a CommonJS bundle as a module of node_modules/send; counts the JSON.parse calls while it loads. */
function load(code: string, dir = SEND): { exports: unknown; parsesAtLoad: number } {
  const module = { exports: {} as unknown };
  const original = JSON.parse;
  let parses = 0;
  JSON.parse = ((...args: Parameters<typeof JSON.parse>) => {
    parses++;
    return original(...args);
  }) as typeof JSON.parse;
  try {
    new Function('module', 'exports', 'require', code)(module, module.exports, createRequire(join(dir, 'index.js')));
  } finally {
    JSON.parse = original;
  }
  return { exports: module.exports, parsesAtLoad: parses };
}

describe('mime-types in the vendor bundle', () => {
  test('When the bundle loads, Then mime-db is not parsed; the first property read loads it', async () => {
    const { code } = await bundle("module.exports = require('mime-types');");
    const { exports, parsesAtLoad } = load(code);
    expect(parsesAtLoad).toBe(0);
    const original = JSON.parse;
    const parse = jest.spyOn(JSON, 'parse');
    try {
      expect((exports as MimeTypes).contentType('application/json')).toBe('application/json; charset=utf-8');
      expect(parse).toHaveBeenCalledTimes(1);
      expect((exports as MimeTypes).lookup('json')).toBe('application/json');
      expect(parse).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
      expect(JSON.parse).toBe(original);
    }
  });

  test('When asked about every extension and type mime-db knows, Then the lazy module answers as the package itself does', async () => {
    const real = createRequire(join(SEND, 'index.js'))('mime-types') as MimeTypes;
    const lazy = load((await bundle("module.exports = require('mime-types');")).code).exports as MimeTypes;
    expect(Object.keys(lazy).sort()).toEqual(Object.keys(real).sort());
    expect('lookup' in lazy).toBe(true);
    expect(lazy.types).toEqual(real.types);
    expect(lazy.extensions).toEqual(real.extensions);
    const odd = ['', 'JSON', 'file.HTML', 'dir/a.tar.gz', 'nope', 'text/html; charset=latin1', 'TEXT/PLAIN', 'application/problem+json', '+json', undefined, 42, null];
    const inputs = [...Object.keys(real.types), ...Object.keys(real.extensions), ...odd];
    for (const fn of ['lookup', 'contentType', 'extension', 'charset'] as const) {
      expect(inputs.map((i) => lazy[fn](i))).toEqual(inputs.map((i) => real[fn](i)));
    }
  });

  test('When express, send, accepts and type-is are bundled, Then their identical copies of mime-types and mime-db are bundled once', async () => {
    const { inputs } = await bundle("module.exports = [require('express'), require('send'), require('accepts'), require('type-is')];");
    expect(inputs.filter((f) => f.endsWith('mime-types/index.js'))).toHaveLength(1);
    expect(inputs.filter((f) => f.endsWith('mime-db/db.json'))).toHaveLength(1);
    // Four copies installed: the sharing is the build's, not npm's.
    expect(new Set(['express', 'send', 'accepts', 'type-is'].map((p) => createRequire(join(REPO_ROOT, 'node_modules', p, 'index.js')).resolve('mime-db'))).size).toBe(4);
  });
});

describe('@opentelemetry/core in the vendor bundle (required by the Elasticsearch transport for suppressTracing only)', () => {
  test('When used through the stand-in, Then it has the same exports and suppresses tracing as the package does', async () => {
    const transport = join(REPO_ROOT, 'node_modules', '@elastic', 'transport', 'lib');
    interface Core {
      suppressTracing(context: unknown): unknown;
      isTracingSuppressed(context: unknown): boolean;
    }
    const real = createRequire(join(transport, 'Transport.js'))('@opentelemetry/core') as Core;
    const root = (createRequire(join(transport, 'Transport.js'))('@opentelemetry/api') as { ROOT_CONTEXT: unknown }).ROOT_CONTEXT;
    const lazy = load((await bundle("module.exports = require('@opentelemetry/core');", transport)).code, transport).exports as Core;
    expect(Object.keys(lazy).sort()).toEqual(Object.keys(real).sort());
    const suppressed = lazy.suppressTracing(root);
    expect(real.isTracingSuppressed(suppressed)).toBe(true);
    expect(lazy.isTracingSuppressed(root)).toBe(false);
    expect(lazy.isTracingSuppressed(real.suppressTracing(root))).toBe(true);
  });
});
