/**
 * Jest's transformer: esbuild (already the build's compiler, scripts/build.cjs) strips the types
 * and writes CommonJS, file by file. Types are checked once by `make typecheck`; jest only
 * transpiles, which ts-jest did too (tsconfig's isolatedModules: transpileModule), but it loads
 * the TypeScript compiler into every worker and is several times slower per file, which counts on
 * CI's cold cache. No test uses jest.mock, so no mock hoisting is needed (ts-jest's only extra).
 * Also transpiles jose, which ships ES modules only (jest on Node < 24.9 cannot require() them).
 */
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { transformSync, version } = require('esbuild');

// tsconfig.base.json's target (ES2022: class fields are defined, as tsc emits them).
const options = {
  format: 'cjs',
  platform: 'node',
  target: 'es2022',
  sourcemap: 'external',
  sourcesContent: false,
  tsconfigRaw: { compilerOptions: { target: 'ES2022', useDefineForClassFields: true, esModuleInterop: true } },
};
const self = createHash('sha256').update(readFileSync(__filename)).update(version).digest('hex');

module.exports = {
  process(source, filename) {
    const { code, map } = transformSync(source, { ...options, loader: filename.endsWith('.ts') ? 'ts' : 'js', sourcefile: filename });
    return { code, map };
  },
  getCacheKey(source, filename, { configString }) {
    return createHash('sha256').update(self).update(source).update(filename).update(configString).digest('hex');
  },
};
