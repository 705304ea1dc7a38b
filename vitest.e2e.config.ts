import { defineConfig } from 'vitest/config';

/**
 * `npm run test:e2e`: Playwright (Debian's Chromium, playwright-core) against the UI served by the real
 * `npm run workstation` core and a real district server on loopback. Slow (builds the UI, seeds a district,
 * starts processes), so it is not part of `npm test`.
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    globalSetup: ['test/e2e/support/global-setup.ts'],
    testTimeout: 240_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    reporters: ['default'],
  },
});
