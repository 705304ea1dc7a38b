// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Layer boundaries of docs/architecture.md: a violation is an error, never a warning. */
const NODE_BUILTINS = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'crypto',
  'child_process',
  'net',
  'http',
  'https',
  'url',
  'stream',
  'worker_threads',
];
const layer = (/** @type {string[]} */ forbidden, /** @type {string} */ message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: forbidden, message }] }],
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'dist-renderer/**',
      'dist-electron/**',
      'data/**',
      'coverage/**',
      'tmp-*/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.mjs', 'scripts/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src-shared/**'],
    rules: layer(
      [
        ...NODE_BUILTINS,
        'electron',
        'react',
        'react-dom',
        'pg',
        '@electric-sql/*',
        'better-sqlite3*',
        '**/src-main',
        '**/src-main/**',
        '**/src-renderer',
        '**/src-renderer/**',
        '**/server-sync',
        '**/server-sync/**',
        '**/migrations/**',
      ],
      'src-shared is pure: it imports only src-shared and pure libraries (no I/O, no node:*, no electron, no other layer).',
    ),
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: layer(
      [
        ...NODE_BUILTINS,
        'electron',
        'pg',
        '@electric-sql/*',
        'better-sqlite3*',
        'kysely',
        '**/src-main',
        '**/src-main/**',
        '**/server-sync',
        '**/server-sync/**',
        '**/migrations/**',
      ],
      'src-renderer talks to the core only through window.whiteCross; it imports src-shared and browser libraries.',
    ),
  },
  {
    files: ['src-main/**'],
    rules: layer(
      [
        '**/src-renderer',
        '**/src-renderer/**',
        '**/server-sync',
        '**/server-sync/**',
        'pg',
        '@electric-sql/*',
      ],
      'src-main imports src-shared (and migrations/workstation through its index); never src-renderer or server-sync.',
    ),
  },
  {
    files: ['server-sync/**'],
    rules: layer(
      [
        '**/src-main',
        '**/src-main/**',
        '**/src-renderer',
        '**/src-renderer/**',
        'electron',
        'better-sqlite3*',
      ],
      'server-sync imports src-shared (and migrations/server through its index); never src-main or src-renderer.',
    ),
  },
  {
    files: ['migrations/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!kysely$|kysely/migration$|\\./\\d{4}_[\\w-]+$).*',
              message:
                'A migration is frozen in time: it imports only kysely (and an index imports its own migrations).',
            },
          ],
        },
      ],
    },
  },
);
