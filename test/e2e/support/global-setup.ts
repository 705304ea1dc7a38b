import { execFileSync } from 'node:child_process';

/**
 * The e2e run serves the UIs the way a user gets them: the workstation's built by `npm run build:renderer`, the
 * district console's by `npm run build:console` (the district server serves dist-console/ at /console).
 */
export default function setup(): void {
  if (process.env.WHITE_CROSS_E2E_SKIP_BUILD === '1') return;
  for (const script of ['build:renderer', 'build:console'])
    execFileSync('npm', ['run', '--silent', script], {
      cwd: new URL('../../../', import.meta.url).pathname,
      stdio: 'inherit',
      // vitest sets NODE_ENV=test, which would make Vite bundle React's development build
      env: { ...process.env, NODE_ENV: 'production' },
    });
}
