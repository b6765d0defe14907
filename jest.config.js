// `*.serial.test.ts` stop and restart shared engines: `make test` runs them after the parallel
// suite, alone and in band (JEST_SERIAL=1).
const serial = process.env.JEST_SERIAL === '1';

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  testMatch: [serial ? '<rootDir>/**/test/**/*.serial.test.ts' : '<rootDir>/**/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/fixtures/', '/.marquee/', ...(serial ? [] : ['\\.serial\\.test\\.ts$'])],
  // Types are checked once by `make typecheck`; jest only transpiles.
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  testTimeout: 30000,
  watchman: false,
};
