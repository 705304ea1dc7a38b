import { createWorkstationCore } from '../workstation/core';
import { passphraseProtector } from '../workstation/keys/passphrase';

/**
 * First run of `npm start`: enrolls the workstation's data directory to the demo district through the same core
 * the app runs (app.enroll: checks the password, enrolls the device, creates the database key wrapped by the
 * nurse's password), waits for the first sync, and closes it, so the app (browser mode or Electron) opens an
 * enrolled workstation with the school's records. Passphrase key protection, which both modes open.
 */
export async function enrollWorkstation(o: {
  readonly dataDir: string;
  readonly serverUrl: string;
  readonly enrollmentCode: string;
  readonly email: string;
  readonly password: string;
  readonly say: (line: string) => void;
}): Promise<{ readonly syncError: string | null }> {
  const core = await createWorkstationCore({
    dataDir: o.dataDir,
    mode: 'browser',
    passphrase: passphraseProtector(),
    keyProtection: 'passphrase',
    defaultServerUrl: o.serverUrl,
    syncIntervalMs: 0,
    lockTimer: false,
    deviceName: 'White Cross demo workstation',
    log: (line) => process.stderr.write(`[workstation] ${line}\n`),
  });
  try {
    await core.call('app.enroll', {
      serverUrl: o.serverUrl,
      enrollmentCode: o.enrollmentCode,
      email: o.email,
      password: o.password,
      deviceName: 'White Cross demo workstation',
    });
    o.say('enrolled; first sync (the school’s students and records)...');
    const sync = core.internals.sync();
    if (!sync) return { syncError: 'the workstation database did not open after enrollment' };
    let shown = '';
    const timer = setInterval(() => {
      const p = sync.status().progress;
      const line = p && p.total > 0 ? `${p.phase} ${p.done} of ${p.total}` : '';
      if (line && line !== shown) o.say(`  sync: ${line}`);
      shown = line;
    }, 1000);
    try {
      const s = await sync.run(); // joins the first sync app.enroll started
      return { syncError: s.lastError ?? null };
    } finally {
      clearInterval(timer);
    }
  } finally {
    await core.close();
  }
}
