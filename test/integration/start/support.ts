import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { BRIDGE_PATH_PREFIX, BRIDGE_TOKEN_HEADER } from '../../../src-shared/ipc/contract';

/**
 * `npm start` for real (src-main/launcher/main.ts), in browser mode with the browser not opened, on a data folder of
 * its own; helpers to wait for its address, call the bridge, list its child processes and stop it with Ctrl+C.
 * The UI served is a stand-in page (these tests are about the launcher; the real UI build is the e2e suite's).
 */

export const REPO = resolve(import.meta.dirname, '..', '..', '..');

/** A temp folder with a stand-in UI; `dataDir` is where the launcher keeps its data. */
export function startDirs(prefix: string) {
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  const ui = join(tmp, 'ui');
  mkdirSync(ui);
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>White Cross (test page)</title>');
  return { tmp, ui, dataDir: join(tmp, 'data') };
}

export interface Run {
  readonly p: ChildProcess;
  out: string;
  err: string;
  readonly exited: Promise<number | null>;
}
export const runs: Run[] = [];

/** Starts `npm start -- --data-dir D --browser --no-open --static UI ...extra` (add `--port 0` for any free port). */
export function launch(
  dirs: { readonly dataDir: string; readonly ui: string },
  extra: readonly string[],
): Run {
  const p = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src-main/launcher/main.ts',
      '--data-dir',
      dirs.dataDir,
      '--browser',
      '--no-open',
      '--static',
      dirs.ui,
      ...extra,
    ],
    { cwd: REPO, env: { ...process.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const run: Run = {
    p,
    out: '',
    err: '',
    exited: new Promise((r) => p.once('exit', (code) => r(code))),
  };
  p.stdout?.on('data', (c: Buffer) => (run.out += c.toString('utf8')));
  p.stderr?.on('data', (c: Buffer) => (run.err += c.toString('utf8')));
  runs.push(run);
  return run;
}

/** The launcher is ready: the address to open and the demo sign-in are printed. */
export async function ready(run: Run) {
  for (;;) {
    const url = /Open: +(http:\/\/127\.0\.0\.1:\d+)\/#token=(\S+)/.exec(run.out);
    const email = /Demo sign-in: +(\S+)/.exec(run.out);
    const password = /Password: +(\S+)/.exec(run.out);
    const district = /District: +demo district server at (http:\/\/127\.0\.0\.1:\d+)/.exec(run.out);
    if (url?.[1] && url[2] && email?.[1] && password?.[1] && district?.[1])
      return {
        base: url[1],
        token: decodeURIComponent(url[2]),
        email: email[1],
        password: password[1],
        district: district[1],
      };
    if (run.p.exitCode !== null || run.p.signalCode !== null)
      throw new Error(`the launcher exited (${run.p.exitCode})\n${run.out}\n${run.err}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function ipc(base: string, token: string, method: string, args: unknown = {}) {
  const res = await fetch(`${base}${BRIDGE_PATH_PREFIX}${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [BRIDGE_TOKEN_HEADER]: token },
    body: JSON.stringify(args),
  });
  const body = (await res.json()) as { ok: boolean; result?: unknown; error?: unknown };
  if (!body.ok) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result as Record<string, unknown>;
}

/** The launcher's child processes (the demo district server and the workstation). */
export function children(pid: number): { pid: number; args: string }[] {
  const r = spawnSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' });
  return r.stdout
    .split('\n')
    .map((l) => /^\s*(\d+)\s+(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), args: m[2] ?? '' }));
}

export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Signs in as the printed demo nurse and finds students. */
export async function clinicWorks(r: Awaited<ReturnType<typeof ready>>) {
  const status = await ipc(r.base, r.token, 'app.status');
  expect(status).toMatchObject({
    enrolled: true,
    signedIn: false,
    mode: 'browser',
    keyProtection: 'passphrase',
  });
  expect(status.serverUrl).toBe(r.district);

  const signedIn = await ipc(r.base, r.token, 'app.signIn', { email: r.email, password: r.password });
  expect(signedIn).toMatchObject({ signedIn: true, locked: false, online: true });
  expect(signedIn.user).toMatchObject({ name: 'Demo Nurse', role: 'NURSE' });

  const hits = (await ipc(r.base, r.token, 'students.search', { query: 'a', limit: 5 })) as unknown as {
    name: string;
    studentNumber: string;
  }[];
  expect(hits.length).toBeGreaterThan(0);
  const first = hits[0];
  if (!first) throw new Error('no student');
  // the same student is found by her student number: the school's roster was synced
  const byNumber = (await ipc(r.base, r.token, 'students.search', {
    query: first.studentNumber,
  })) as unknown as { studentNumber: string }[];
  expect(byNumber.map((h) => h.studentNumber)).toContain(first.studentNumber);
}

/** Ctrl+C: the launcher stops the workstation, then the demo server, and exits 0; no process is left. */
export async function stop(run: Run) {
  const pid = run.p.pid;
  if (pid === undefined) throw new Error('no pid');
  const kids = children(pid).filter((c) =>
    /server-sync\/demo\/serve\.ts|src-main\/workstation\/cli\.ts/.test(c.args),
  );
  expect(kids.map((k) => (k.args.includes('serve.ts') ? 'server' : 'workstation')).sort()).toEqual([
    'server',
    'workstation',
  ]);
  run.p.kill('SIGINT');
  expect(await run.exited).toBe(0);
  expect(run.out).toMatch(/workstation stopped \(exit code 0\)/);
  expect(run.out).toMatch(/demo district stopped \(exit code 0\)/);
  for (const k of kids) expect(alive(k.pid), `${k.args} still runs`).toBe(false);
}

/** Kills what a test left running (its launchers and their children). */
export async function killAll(): Promise<void> {
  for (const run of runs) {
    if (run.p.exitCode === null && run.p.signalCode === null && run.p.pid !== undefined) {
      for (const c of children(run.p.pid)) process.kill(c.pid, 'SIGKILL');
      run.p.kill('SIGKILL');
      await run.exited;
    }
  }
}
