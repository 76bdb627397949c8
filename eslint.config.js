// Import boundaries follow docs/architecture.md: renderer → contract; drivers and sync know nothing
// of main, renderer or electron; only main/electron may import electron. rules/ is the one home of
// each pure rule (field checks, masking, check characters, result shape): everyone may import it,
// it imports nothing but itself and zod, and sees neither Node nor the DOM.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const electronOnly = { name: 'electron', message: 'Only main/electron/ may import electron.' };

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'artifacts/', 'renderer/public/', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      'no-restricted-imports': ['error', { paths: [electronOnly] }],
    },
  },
  {
    // Type-aware checks: a promise nobody awaits or catches loses its failure silently.
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnly],
          patterns: [
            {
              group: ['**/main/*', '!**/main/contract', '!**/main/contract/**'],
              message: 'renderer may import only renderer/ and main/contract/.',
            },
            {
              group: ['**/drivers/**', '**/sync/**', 'node:*', 'better-sqlite3', 'serialport', 'node-hid'],
              message: 'renderer may import only renderer/ and main/contract/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['drivers/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnly],
          patterns: [
            {
              group: ['**/main/**', '**/renderer/**', '**/sync/**'],
              message: 'drivers/ must not import main/, renderer/ or sync/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['sync/**'],
    ignores: ['sync/platform/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnly],
          patterns: [
            {
              group: ['**/main/**', '**/renderer/**', '**/drivers/**'],
              message: 'sync/ must not import main/, renderer/ or drivers/.',
            },
            // The reference platform is an independent check of the terminal, not a part of it.
            {
              regex: '^\\.{1,2}/(.*/)?platform(/|$)',
              message: "sync/'s terminal side must not import sync/platform/.",
            },
          ],
        },
      ],
    },
  },
  {
    // The reference platform shares only the protocol layer with the terminal (and rules/, npm
    // packages, Node): what it checks must not be the terminal's own code checking itself.
    files: ['sync/platform/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnly],
          patterns: [
            {
              regex: '^\\.\\./(?!protocol(/|$)|\\.\\./rules(/|$))',
              message: 'sync/platform/ may import only sync/protocol/, rules/ and npm packages.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['rules/**'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnly],
          patterns: [
            {
              group: ['**/main/**', '**/renderer/**', '**/drivers/**', '**/sync/**', '**/test/**'],
              message: 'rules/ is pure: it imports only rules/ and zod.',
            },
            {
              group: [
                'node:*',
                'fs',
                'path',
                'crypto',
                'os',
                'better-sqlite3',
                'serialport',
                'node-hid',
                'preact',
                'preact/*',
                '@preact/*',
                'ws',
              ],
              message: 'rules/ is pure: no Node, DOM or device imports.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'navigator',
        'process',
        'Buffer',
        'require',
        '__dirname',
      ],
    },
  },
  {
    files: ['main/electron/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['test/**'],
    rules: { 'no-restricted-imports': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
