import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_DISTRICT_DIR } from '../../../src-shared/demo/data-dir';
import { clinicWorks, killAll, launch, ready, startDirs, stop } from './support';

/**
 * `npm start` for real (src-main/launcher/main.ts), in browser mode with the browser not opened: the first run
 * starts a demo district server (PGlite in the data dir, a small seeded district, a demo nurse), enrolls the
 * workstation and starts it; the printed address and demo sign-in open a working clinic through the loopback
 * bridge. Ctrl+C (SIGINT) stops both processes cleanly. A second run starts the same district again, enrolled.
 * The UI served is a stand-in page (this test is about the launcher; the real UI build is the e2e suite's).
 */

const dirs = startDirs('wc-start-');
const { tmp, dataDir } = dirs;

afterAll(async () => {
  await killAll();
  rmSync(tmp, { recursive: true, force: true });
});

describe.skipIf(process.platform !== 'linux')('npm start (browser mode)', () => {
  it('first run: a demo district, an enrolled workstation, a working clinic; Ctrl+C stops both', async () => {
    const run = launch(dirs, ['--port', '0', '--server-port', '0', '--demo-students', '30']);
    const r = await ready(run);
    expect(run.out).toMatch(/first run: setting up in /);
    expect(run.out).toMatch(/browser mode: asked for with --browser/);
    expect(run.out).toMatch(/the workstation is enrolled and has its school’s records/);
    // the launcher remembers the demo district and the demo nurse for later runs (owner-only file)
    const state = JSON.parse(readFileSync(join(dataDir, 'launcher.json'), 'utf8')) as {
      district: { kind: string; port: number; nurseEmail: string; nursePassword: string };
    };
    expect(state.district).toMatchObject({ kind: 'demo', nurseEmail: r.email, nursePassword: r.password });
    expect(r.district).toBe(`http://127.0.0.1:${state.district.port}`);

    await clinicWorks(r);
    await stop(run);
    // the demo district anchors its audit chain like a real server: a signed checkpoint of the head, written at
    // start and again when it stops, in its data folder (white-cross audit verify --checkpoint checks it)
    const checkpoint = JSON.parse(
      readFileSync(join(dataDir, DEMO_DISTRICT_DIR, 'audit-checkpoint.json'), 'utf8'),
    ) as {
      format: string;
      chainSeq: number;
      signature: string;
    };
    expect(checkpoint.format).toBe('white-cross-audit-checkpoint/1');
    expect(checkpoint.chainSeq).toBeGreaterThan(0);
    expect(checkpoint.signature.length).toBeGreaterThan(40);
  }, 300_000);

  it('a later run starts the same demo district again, already enrolled', async () => {
    const run = launch(dirs, ['--port', '0']);
    const r = await ready(run);
    expect(run.out).not.toMatch(/first run/);
    expect(run.out).not.toMatch(/enrolling/);
    await clinicWorks(r);
    await stop(run);
  }, 300_000);
});
