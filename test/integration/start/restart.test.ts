import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tryPort } from '../../../src-main/launcher/environment';
import { children, ipc, killAll, launch, ready, startDirs, stop, type Run } from './support';

/**
 * `npm start` when things stop and start again (real processes):
 * - the demo district server is killed: the launcher says so, the workstation keeps answering and the signed-in
 *   nurse records care offline; the server is started again and the care recorded offline reaches it; Ctrl+C still
 *   stops everything cleanly;
 * - a restart of `npm start` keeps the app's address: the port of the last run and the same bridge token, so the
 *   tab left open keeps working.
 */

const dirs = startDirs('wc-restart-');
afterAll(async () => {
  await killAll();
  rmSync(dirs.tmp, { recursive: true, force: true });
});

async function until(run: Run, pattern: RegExp, what: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!pattern.test(run.out)) {
    if (run.p.exitCode !== null) throw new Error(`the launcher exited while waiting for ${what}\n${run.out}`);
    if (Date.now() > deadline) throw new Error(`no ${what} in 120 s\n${run.out}\n${run.err}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function freePort(): Promise<number> {
  const p = await tryPort(0);
  if (p === null) throw new Error('no free port');
  return p;
}

const statePath = join(dirs.dataDir, 'launcher.json');
const readLauncherState = () =>
  JSON.parse(readFileSync(statePath, 'utf8')) as { workstationPort?: number } & Record<string, unknown>;

describe.skipIf(process.platform !== 'linux')('npm start: the demo server goes away, the app stays', () => {
  let firstToken = '';

  it('keeps the workstation running offline when the demo server is killed, and brings the server back', async () => {
    const run = launch(dirs, ['--port', '0', '--server-port', '0', '--demo-students', '30']);
    const r = await ready(run);
    firstToken = r.token;
    await ipc(r.base, r.token, 'app.signIn', { email: r.email, password: r.password });
    const [student] = (await ipc(r.base, r.token, 'students.search', {
      query: 'a',
      limit: 1,
    })) as unknown as { id: string }[];
    if (!student) throw new Error('no student');

    const pid = run.p.pid ?? 0;
    const server = children(pid).find((c) => c.args.includes('server-sync/demo/serve.ts'));
    if (!server) throw new Error('no demo server process');
    process.kill(server.pid, 'SIGKILL');
    await until(
      run,
      /the demo district server stopped \(ended by SIGKILL\)\. The app keeps running offline/,
      'notice',
    );
    expect(run.out).toMatch(/starting the demo district server again in 1 s \(try 1 of 5\)/);

    // the workstation still answers, the nurse is still signed in and records care; it waits in the outbox
    const status = await ipc(r.base, r.token, 'app.status');
    expect(status).toMatchObject({ signedIn: true, locked: false });
    const visit = await ipc(r.base, r.token, 'clinicVisits.create', {
      studentId: student.id,
      arrivedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
      reasonText: 'Headache',
      triage: 'ROUTINE',
      complaint: 'Headache since lunch (recorded while the district server was down)',
    });
    expect(visit.visitId).toEqual(expect.any(String));
    const offline = await ipc(r.base, r.token, 'sync.status');
    expect(offline.waiting).toBeGreaterThan(0);

    // the server comes back on the same address; the visit recorded offline reaches it
    await until(run, /the demo district server is back at http:\/\/127\.0\.0\.1:\d+/, 'server back');
    expect(run.out).toContain(`the demo district server is back at ${r.district}`);
    let synced = await ipc(r.base, r.token, 'sync.now');
    for (let i = 0; i < 20 && (synced.waiting !== 0 || synced.online !== true); i++) {
      await new Promise((res) => setTimeout(res, 500));
      synced = await ipc(r.base, r.token, 'sync.now');
    }
    expect(synced).toMatchObject({ online: true, waiting: 0 });

    // Ctrl+C stops the app and the server that runs now, cleanly
    await stop(run);
    expect(run.out).not.toMatch(/could not start/);
  }, 300_000);

  it('a restart keeps the address: the last run’s port and the same token; the old tab’s calls work', async () => {
    // the first run was given --port 0, which is not remembered; say the last run used this port
    const port = await freePort();
    writeFileSync(statePath, JSON.stringify({ ...readLauncherState(), workstationPort: port }));

    const second = launch(dirs, []);
    const r2 = await ready(second);
    expect(r2.base).toBe(`http://127.0.0.1:${port}`);
    expect(r2.token).toBe(firstToken);
    await stop(second);
    expect(readLauncherState().workstationPort).toBe(port);

    const third = launch(dirs, []);
    const r3 = await ready(third);
    expect(r3.base).toBe(r2.base);
    // the tab opened at the second run still holds its token: its calls work after the restart
    expect(await ipc(r2.base, r2.token, 'app.status')).toMatchObject({ enrolled: true });
    await stop(third);
  }, 300_000);
});
