import { execFileSync } from 'node:child_process';

/** The e2e run serves the UI the way a user gets it: built by `npm run build:renderer` first. */
export default function setup(): void {
  if (process.env.WHITE_CROSS_E2E_SKIP_BUILD === '1') return;
  execFileSync('npm', ['run', '--silent', 'build:renderer'], {
    cwd: new URL('../../../', import.meta.url).pathname,
    stdio: 'inherit',
    // vitest sets NODE_ENV=test, which would make Vite bundle React's development build
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
