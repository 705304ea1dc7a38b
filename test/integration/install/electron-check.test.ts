import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * `npm install` on a network that blocks the Electron download (issue: locked-down school networks): the
 * postinstall check says so plainly and succeeds, so the install completes and `npm start` falls back to browser
 * mode. The blocked network is a mirror on a closed loopback port.
 */
const run = (env: Record<string, string | undefined>) =>
  spawnSync(process.execPath, ['scripts/electron-check.mjs'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('postinstall: the Electron binary cannot be downloaded', () => {
  it('succeeds and says the app will run in browser mode', () => {
    const r = run({ ELECTRON_SKIP_BINARY_DOWNLOAD: undefined, ELECTRON_MIRROR: 'http://127.0.0.1:9/' });
    expect(r.status).toBe(0);
    if (/binary is present/.test(r.stdout)) return; // a developer machine with the binary: nothing to fall back from
    expect(r.stdout).toMatch(/could not be downloaded/);
    expect(r.stdout).toMatch(/browser mode/);
  });

  it('with ELECTRON_SKIP_BINARY_DOWNLOAD, does not try and says why', () => {
    const r = run({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    expect(r.status).toBe(0);
    if (/binary is present/.test(r.stdout)) return;
    expect(r.stdout).toMatch(/ELECTRON_SKIP_BINARY_DOWNLOAD is set/);
    expect(r.stdout).not.toMatch(/downloading/);
  });
});
