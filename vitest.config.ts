import { defineConfig } from 'vitest/config';

/**
 * Two projects: the suite, and its time-sensitive cases (`*.tz.test.ts`) run with the process in a time zone far
 * from every school's (Asia/Tokyo, while the test schools are in America/New_York), so a time computed or shown in
 * the computer's zone instead of the school's fails.
 */
const exclude = ['test/e2e/**', 'node_modules/**'];
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'suite',
          include: ['test/**/*.test.ts'],
          exclude: [...exclude, 'test/**/*.tz.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'school-time-zone',
          include: ['test/**/*.tz.test.ts'],
          exclude,
          env: { TZ: 'Asia/Tokyo' },
        },
      },
    ],
  },
});
