// `*.serial.test.ts` stop and restart shared engines: `make test` runs them after the parallel
// suite, alone and in band (JEST_SERIAL=1).
const serial = process.env.JEST_SERIAL === '1';

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
  // jest's default workers (one on 2 cores). Two at once halved the suite's wall time, but files do
  // not all isolate themselves: catalog.bad-input.test.ts counts every film in the shared catalog
  // test database while catalog.api.test.ts creates films (found 2026-12-02, a failed count).
  watchman: false,
};
