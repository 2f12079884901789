// Lint rules for the hand-written code. generated/ is openapi-generator output (never edited by hand), so it is
// not linted; it is still part of the TypeScript program so that type-aware rules see real types through it.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['generated/**', 'dist/**', 'coverage/**', 'docs/**', 'node_modules/**', 'test-consumers/**', '.tmp/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: './tsconfig.eslint.json',
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // The rules issue 15 asks for: an SDK that is all promises must not drop one.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'error',
      // Passing on what a `catch` caught (unknown by type) is not inventing a non-Error reason.
      '@typescript-eslint/prefer-promise-reject-errors': [
        'error',
        { allowThrowingUnknown: true, allowThrowingAny: true },
      ],
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // `const { omitted, ...rest } = x` is how we drop a field from a copy.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // The emulator, tests, benchmarks and scripts read untyped JSON (request bodies, fixtures, responses under test) on
    // purpose: a test that pokes at `body.items[0]._links` is clearer than one that first declares the shape it checks.
    // The `any` family stays on for the SDK itself (src/core, src/launchdarkly, src/posthog), which users run.
    files: ['src/emulator/**', 'test/**', 'bench/**', 'scripts/**', 'examples/**', '*.js', '*.mjs', '*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Plain JavaScript (benchmarks, build scripts) is CommonJS/ESM run by Node directly; type-aware rules still apply
    // through allowJs, but TypeScript-only syntax rules do not.
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/consistent-type-imports': 'off',
      // `const { join } = require('node:path')` is the CommonJS form of a named import; @types/node declares these
      // as methods, so the rule would flag every destructured require although none of them uses `this`.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
