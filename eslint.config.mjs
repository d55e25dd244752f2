// Lint at zero warnings (`npm run lint`): type-aware typescript-eslint for TypeScript, the Lit and
// web-component rules for apps, plain recommended rules for the build, bench and CLI scripts.
import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [ '**/node_modules/**', '**/dist/**', '.cartable/**', 'data/**', 'bench/results/**', 'vocab/cartable.ts' ],
  },
  {
    files: [ '**/*.mjs', '**/*.js' ],
    extends: [ js.configs.recommended ],
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2024, sourceType: 'module' },
    rules: {
      'no-unused-vars': [ 'error', { argsIgnorePattern: '^_', caughtErrors: 'none' } ],
    },
  },
  {
    files: [ '**/*.ts' ],
    extends: [ ...tseslint.configs.recommendedTypeChecked ],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/explicit-function-return-type': [ 'error', { allowExpressions: true, allowTypedFunctionExpressions: true } ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [ 'error', { argsIgnorePattern: '^_' } ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
      // CSS's handler interfaces are async by contract; many implementations need no await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: [ 'apps/**/*.ts' ],
    extends: [ lit.configs['flat/recommended'], wc.configs['flat/recommended'] ],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // Lit binds event listeners declared in templates (@click=${this._onClick}) to the element.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: [ 'test/**/*.ts' ],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      // node:test's describe/it return promises that the runner awaits itself.
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: [ 'test/browser/**/*.ts' ],
    languageOptions: { globals: { ...globals.browser, ...globals.mocha } },
    rules: {
      // chai's property assertions (expect(x).to.be.true) are expressions by design.
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
);
