import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { methodsArgument, methodsFromArgv } from '../../../src-shared/ipc/channel';
import { IPC_METHOD_NAMES } from '../../../src-shared/ipc/methods';
import {
  APP_ORIGIN,
  isAppUrl,
  navigationAllowed,
  permissionAllowed,
  requestAllowed,
  routeIpc,
  senderAllowed,
} from '../../../src-main/electron/policy';
import { createWorkstationCore, type WorkstationCore } from '../../../src-main/workstation/core';
import { passphraseProtector } from '../../../src-main/workstation/keys/passphrase';

/**
 * The Electron shell's decisions, without Electron (it cannot run here): navigation stays inside the app, remote
 * content is cancelled, permissions are denied, IPC from an unexpected frame is refused before the core sees it,
 * and the preload exposes exactly the contract's methods (Electron's contextBridge/ipcRenderer are stood in for).
 */

const ROOT = join(import.meta.dirname, '../../..');
const exposed: Record<string, unknown> = {};
const channels: string[] = [];
let core: WorkstationCore;
const dir = mkdtempSync(join(tmpdir(), 'wc-electron-'));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, value: unknown) => {
      exposed[key] = value;
    },
  },
  ipcRenderer: {
    invoke: (channel: string, args: unknown) => {
      channels.push(channel);
      return routeIpc(
        core,
        channel.replace(/^white-cross:/, ''),
        { frameUrl: `${APP_ORIGIN}/index.html`, isAppMainFrame: true },
        args,
      );
    },
  },
}));

beforeAll(async () => {
  core = await createWorkstationCore({
    dataDir: dir,
    mode: 'electron',
    passphrase: passphraseProtector(),
    lockTimer: false,
    syncIntervalMs: 0,
  });
});
afterAll(async () => {
  await core?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('navigation and requests', () => {
  it('stays inside app://white-cross', () => {
    expect(navigationAllowed(`${APP_ORIGIN}/index.html#/students`)).toBe(true);
    for (const url of [
      'https://evil.example/',
      'http://127.0.0.1:4100/',
      'file:///etc/passwd',
      'app://other-host/index.html',
      'app://user:pw@white-cross/index.html',
      'javascript:alert(1)',
      'not a url',
    ])
      expect(navigationAllowed(url)).toBe(false);
  });
  it('cancels remote content, allows the app and devtools', () => {
    expect(requestAllowed(`${APP_ORIGIN}/assets/app.js`)).toBe(true);
    expect(requestAllowed('devtools://devtools/bundled/inspector.html')).toBe(true);
    expect(requestAllowed('https://cdn.example/lib.js')).toBe(false);
    expect(requestAllowed('http://127.0.0.1:4100/sync/pull')).toBe(false);
  });
  it('denies every permission', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal'])
      expect(permissionAllowed(p)).toBe(false);
  });
});

describe('IPC', () => {
  it('refuses a frame other than the app’s main frame, before the core runs', async () => {
    expect(senderAllowed({ frameUrl: `${APP_ORIGIN}/index.html`, isAppMainFrame: true })).toBe(true);
    expect(isAppUrl(`${APP_ORIGIN}/`)).toBe(true);
    const iframe = await routeIpc(
      core,
      'app.status',
      { frameUrl: `${APP_ORIGIN}/index.html`, isAppMainFrame: false },
      {},
    );
    expect(iframe).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'IPC from an unexpected frame is refused' },
    });
    const remote = await routeIpc(
      core,
      'app.status',
      { frameUrl: 'https://evil.example/', isAppMainFrame: true },
      {},
    );
    expect(remote.ok).toBe(false);
    const gone = await routeIpc(core, 'app.status', { frameUrl: null, isAppMainFrame: true }, {});
    expect(gone.ok).toBe(false);
    const ok = await routeIpc(
      core,
      'app.status',
      { frameUrl: `${APP_ORIGIN}/index.html`, isAppMainFrame: true },
      {},
    );
    expect(ok).toMatchObject({ ok: true, result: { mode: 'electron', enrolled: false } });
  });
  it('validates the payload with the contract', async () => {
    const r = await routeIpc(
      core,
      'students.search',
      { frameUrl: `${APP_ORIGIN}/`, isAppMainFrame: true },
      { query: 7 },
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'query' } });
    const unknown = await routeIpc(
      core,
      'fs.readFile',
      { frameUrl: `${APP_ORIGIN}/`, isAppMainFrame: true },
      {},
    );
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });
});

describe('the preload', () => {
  it('exposes exactly the contract’s methods as window.whiteCross, and errors carry code and field', async () => {
    // what the main process hands the preload (src-main/electron/main.ts: webPreferences.additionalArguments)
    process.argv.push(methodsArgument(IPC_METHOD_NAMES));
    await import('../../../src-main/electron/preload');
    process.argv.pop();
    const api = exposed.whiteCross as Record<string, (a?: unknown) => Promise<unknown>>;
    expect(Object.keys(api).sort()).toEqual([...IPC_METHOD_NAMES].sort());
    expect(Object.isFrozen(api)).toBe(true);
    await expect(api['app.status']!()).resolves.toMatchObject({ mode: 'electron' });
    await expect(api['students.search']!({ query: '' })).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'query',
    });
    expect(channels).toEqual(['white-cross:app.status', 'white-cross:students.search']);
  });

  it('carries no schemas: its bundle holds the preload and the channel helper only, and main passes the names', async () => {
    const { build } = await import('esbuild');
    const out = await build({
      absWorkingDir: ROOT,
      entryPoints: ['src-main/electron/preload.ts'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['electron'],
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    expect(Object.keys(out.metafile.inputs).sort()).toEqual([
      'src-main/electron/preload.ts',
      'src-shared/ipc/channel.ts',
    ]);
    const main = readFileSync(join(ROOT, 'src-main/electron/main.ts'), 'utf8');
    expect(main).toMatch(/additionalArguments: \[methodsArgument\(IPC_METHOD_NAMES\)\]/);
  });

  it('takes only method-shaped names from its arguments, and none when the argument is missing', () => {
    expect(methodsFromArgv(['electron', '--x'])).toEqual([]);
    expect(methodsFromArgv([methodsArgument(['app.status', 'mar.today'])])).toEqual([
      'app.status',
      'mar.today',
    ]);
    expect(methodsFromArgv(['--white-cross-ipc-methods=app.status,__proto__,a.b;c'])).toEqual(['app.status']);
    expect(() => methodsArgument(['app.status', 'bad name'])).toThrow(/not an IPC method name: bad name/);
  });
});
