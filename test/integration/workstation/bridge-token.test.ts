import { spawn } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tryPort } from '../../../src-main/launcher/environment';
import { BRIDGE_TOKEN_FILE, bridgeToken } from '../../../src-main/workstation/bridge/token';
import { BRIDGE_PATH_PREFIX, BRIDGE_TOKEN_HEADER } from '../../../src-shared/ipc/contract';

/**
 * A restart of the workstation on the same data folder keeps the same address working: the bridge token is kept
 * in `<data dir>/bridge-token` (owner-only), the port is the one asked for. Real `npm run workstation` processes.
 */

const REPO = resolve(import.meta.dirname, '..', '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'wc-bridge-token-'));
const ui = join(tmp, 'ui');
mkdirSync(ui);
writeFileSync(join(ui, 'index.html'), '<!doctype html><title>White Cross (test page)</title>');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Starts `npm run workstation`, reads the printed address, stops it with SIGINT; returns base URL and token. */
async function launch(dataDir: string, port: number, extra: readonly string[] = []) {
  const p = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src-main/workstation/cli.ts',
      '--data-dir',
      dataDir,
      '--port',
      String(port),
      '--static',
      ui,
      ...extra,
    ],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  p.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  p.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<number | null>((r) => p.once('exit', (code) => r(code)));
  for (;;) {
    const m = /White Cross workstation: (http:\/\/127\.0\.0\.1:\d+)\/#token=(\S+)/.exec(out);
    if (m?.[1] && m[2]) {
      return {
        base: m[1],
        token: decodeURIComponent(m[2]),
        err: () => err,
        stop: async () => {
          p.kill('SIGINT');
          expect(await exited).toBe(0);
        },
      };
    }
    if (p.exitCode !== null) throw new Error(`the workstation exited (${p.exitCode})\n${out}\n${err}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const status = (base: string, token: string) =>
  fetch(`${base}${BRIDGE_PATH_PREFIX}app.status`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [BRIDGE_TOKEN_HEADER]: token },
    body: '{}',
  });

async function freePort(): Promise<number> {
  const p = await tryPort(0);
  if (p === null) throw new Error('no free port');
  return p;
}

describe('the bridge token is kept in the data folder', () => {
  it('a restart on the same data folder keeps the address working: same port, same token; the old tab’s calls work', async () => {
    const dir = join(tmp, 'station-a');
    const port = await freePort();
    const first = await launch(dir, port);
    expect(first.base).toBe(`http://127.0.0.1:${port}`);
    expect(first.err()).toMatch(/bridge token kept in .*bridge-token/);
    expect((await status(first.base, first.token)).status).toBe(200);
    await first.stop();

    const file = join(dir, BRIDGE_TOKEN_FILE);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.token);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const second = await launch(dir, port);
    expect(second.base).toBe(first.base);
    expect(second.token).toBe(first.token);
    // the tab opened at the first launch still holds the first token
    const again = await status(first.base, first.token);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { ok: boolean }).ok).toBe(true);
    // and a wrong token is still refused
    expect((await status(second.base, `${first.token.slice(0, -1)}x`)).status).toBe(401);

    // --new-token rotates: the old tab is refused, the new address works
    await second.stop();
    const rotated = await launch(dir, port, ['--new-token']);
    expect(rotated.token).not.toBe(first.token);
    expect(rotated.err()).toMatch(/new bridge token in /);
    expect((await status(rotated.base, first.token)).status).toBe(401);
    expect((await status(rotated.base, rotated.token)).status).toBe(200);
    await rotated.stop();
    expect(statSync(file).mode & 0o777).toBe(0o600);
  }, 120_000);

  it('another data folder has another token', async () => {
    const a = await launch(join(tmp, 'station-b'), 0);
    await a.stop();
    const b = await launch(join(tmp, 'station-c'), 0);
    await b.stop();
    expect(b.token).not.toBe(a.token);
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  }, 120_000);
});

describe.skipIf(process.platform === 'win32')('a token file that is not safe to use is replaced', () => {
  it('one readable by other users, a symlink, a damaged one; a good one is kept', () => {
    const dir = join(tmp, 'unit');
    const first = bridgeToken(dir);
    expect(first.state).toBe('created');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(bridgeToken(dir)).toMatchObject({ state: 'kept', token: first.token });

    chmodSync(first.file, 0o644);
    const readable = bridgeToken(dir);
    expect(readable).toMatchObject({ state: 'rotated' });
    expect(readable.why).toMatch(/could be read by other users \(mode 644\)/);
    expect(readable.token).not.toBe(first.token);
    expect(statSync(first.file).mode & 0o777).toBe(0o600);

    // a symlink planted in its place (pointing at a file the attacker reads) is replaced, not followed
    const planted = join(tmp, 'planted');
    writeFileSync(planted, `${'A'.repeat(43)}\n`, { mode: 0o600 });
    rmSync(first.file);
    symlinkSync(planted, first.file);
    const link = bridgeToken(dir);
    expect(link.why).toMatch(/is not a regular file/);
    expect(link.token).not.toBe('A'.repeat(43));
    expect(readFileSync(planted, 'utf8').trim()).toBe('A'.repeat(43));

    writeFileSync(first.file, 'not a token\n', { mode: 0o600 });
    expect(bridgeToken(dir).why).toMatch(/does not hold a token/);

    rmSync(first.file);
    expect(bridgeToken(dir).state).toBe('created'); // deleting the file rotates it too
  });
});
