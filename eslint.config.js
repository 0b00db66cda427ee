// Lint for problems, not style: no formatting rule is on (layout is left as written).
// Type-aware (typescript-eslint's project service) because the problems worth a CI failure here need
// types: a promise nobody awaits or catches (messaging, sync runs, Dexie writes), an async handler where a
// callback's result is ignored, a cast that no longer changes the type.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.output/',
      '.wxt/',
      'dist/',
      'sandbox/app/dist/',
      'sandbox/app/.dist-*/',
      'tests/artifacts/',
      'demo-output/',
      '.test-results/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  reactHooks.configs.flat.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_`-prefixed names are deliberate: a property left out of a rest copy, an unused callback argument.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // React ignores what an event handler returns; the async handlers given to onClick/onSubmit catch
      // their own errors. Promises passed anywhere else (listeners, timers) are still checked.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // FailedCreate is apply's marker for "this create failed for good", caught in the same file, never
      // shown: it needs no stack.
      '@typescript-eslint/only-throw-error': ['error', { allow: [{ from: 'file', name: 'FailedCreate', path: 'lib/sync/apply.ts' }] }],
      // Aborts reject with the signal's own reason (typed any or unknown), as fetch does.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      // Flags every destructured callback prop typed with method syntax (`onClose(): void`); none of them
      // uses `this`, so each would be a false positive.
      '@typescript-eslint/unbound-method': 'off',
      // An async function without await is how a mocked or interface-conforming async API is written.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests read emulator and fixture JSON loosely on purpose: a typed parse of every response body would
    // restate the clients' schemas in each test. Product code (lib, components, entrypoints) keeps these on.
    files: ['tests/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // `useE2E` is a Vitest fixture helper, not a React hook.
    files: ['tests/e2e/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
