// @ts-check
const tseslint = require('typescript-eslint');
const marquee = require('./scripts/eslint/plugin');

module.exports = tseslint.config(
  {
    ignores: ['**/node_modules/**', 'generated/**', '.marquee/**', '**/fixtures/**', 'coverage/**', 'bench/.tmp/**', 'dist/**', 'test-artifacts/**'],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { marquee },
    rules: {
      'marquee/no-sibling-service-access': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
      curly: ['error', 'multi-line'],
    },
  },
  {
    // Command-line scripts talk to a person.
    files: ['scripts/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
