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
  // Types are checked once by `make typecheck`; jest only transpiles.
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
    // jose (JWT/JWKS) ships ES modules only; jest on Node < 24.9 cannot require() them, so it is transpiled to CommonJS.
    '^.+/node_modules/jose/.+\\.js$': ['ts-jest', { diagnostics: false, tsconfig: { allowJs: true, module: 'commonjs', moduleResolution: 'node10', isolatedModules: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  testTimeout: 30000,
  watchman: false,
};
