// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import architecture from './scripts/eslint-rules/feature-boundaries.mjs';

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

/**
 * Feature rooms (docs/architecture.md, "Feature slices"): the first folder under each of these layer roots is a room
 * (longer roots first). A feature imports another feature only through its index.ts
 * (scripts/eslint-rules/feature-boundaries.mjs).
 */
const LAYER_ROOTS = [
  'src-main/workstation',
  'server-sync/seed',
  'src-shared',
  'src-main',
  'server-sync',
  'src-renderer',
  'migrations',
];
/**
 * Platform rooms: what every feature stands on, importable anywhere by deep path. Not features: adding a feature never
 * adds a room here. (Files directly in a layer root, such as src-shared/enums.ts or src-main/workstation/context.ts,
 * are platform too.)
 */
const PLATFORM_ROOMS = [
  // the generated database types, the IPC and HTTP contracts, storable-text checks, the synced-table list and sync
  // protocol, the demo environment's constants
  'src-shared/db',
  'src-shared/ipc',
  'src-shared/api',
  'src-shared/text',
  'src-shared/sync',
  'src-shared/demo',
  // the server's database access, its Fastify plumbing, and authentication (sessions, tokens, the requireRole plugin
  // every route is declared with); the seed's shared helpers
  'server-sync/db',
  'server-sync/plugins',
  'server-sync/auth',
  // the durable job platform every feature's jobs run on (pg-boss, schedules, idempotency keys)
  'server-sync/jobs',
  'server-sync/seed/helpers',
  // the renderer's shell (sign-in, navigation) and its shared widgets and hooks
  'src-renderer/app',
  'src-renderer/lib',
  // the workstation's runtime: database, local store, sync engine, Electron and launcher processes, the session, key
  // protection and the loopback bridge every feature's handlers run behind
  'src-main/db',
  'src-main/store',
  'src-main/sync',
  'src-main/electron',
  'src-main/launcher',
  'src-main/workstation/session',
  'src-main/workstation/keys',
  'src-main/workstation/bridge',
];
export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'dist-renderer/**',
      'dist-console/**',
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
        projectService: {
          allowDefaultProject: ['*.js', '*.mjs', 'scripts/*.mjs', 'scripts/eslint-rules/*.mjs'],
        },
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
    // our source layers and scripts (tests exercise the rooms' insides, and test fixtures imitate outside code)
    files: [
      'src-shared/**',
      'src-main/**',
      'src-renderer/**',
      'server-sync/**',
      'migrations/**',
      'scripts/**',
    ],
    plugins: { architecture },
    rules: {
      'architecture/electron-import': ['error', { allowedUnder: 'src-main/electron' }],
      'architecture/feature-boundaries': ['error', { layers: LAYER_ROOTS, platform: PLATFORM_ROOMS }],
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
