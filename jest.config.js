// `*.serial.test.ts` stop and restart shared engines: `make test` runs them after the parallel
// suite, alone and in band (JEST_SERIAL=1).
const serial = process.env.JEST_SERIAL === '1';
const { availableParallelism } = require('node:os');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  testMatch: [serial ? '<rootDir>/**/test/**/*.serial.test.ts' : '<rootDir>/**/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/fixtures/', '/.marquee/', ...(serial ? [] : ['\\.serial\\.test\\.ts$'])],
  // Built packages (make sdk, make web: several copies named @marquee/<service>-sdk) are not modules of the tests.
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  // Types are checked once by `make typecheck`; jest only transpiles, with esbuild (test/support/esbuild-transform.cjs).
  // jose (JWT/JWKS) ships ES modules only; jest on Node < 24.9 cannot require() them, so it is transpiled to CommonJS.
  transform: {
    '^.+\\.ts$': '<rootDir>/test/support/esbuild-transform.cjs',
    '^.+/node_modules/jose/.+\\.js$': '<rootDir>/test/support/esbuild-transform.cjs',
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  testTimeout: 30000,
  // At least two files at once, also on 2 cores (jest's default there is one): most of a file's time is
  // spent waiting on the engines, child processes and timers. Files isolate themselves (their own
  // tenants, topic prefixes, aliases, temporary directories, port 0; private engines on ports of
  // their own). The serial run passes --runInBand.
  maxWorkers: Math.max(2, availableParallelism() - 1),
  watchman: false,
};
