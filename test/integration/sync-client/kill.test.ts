import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { student } from './support/fixtures';
import { startHarness, type Harness } from './support/harness';

/**
 * A workstation process killed with SIGKILL at arbitrary points of its sync loop (while it writes, pushes, applies a
 * page), then reopened from its database file: its state is consistent and the next sync loses and repeats nothing.
 */
describe('sync client: killed at any point', () => {
  let h: Harness;
  const child = join(import.meta.dirname, 'support', 'sync-child.ts');

  beforeAll(async () => {
    h = await startHarness();
    h.server.now = Date.now; // the child process runs on the real clock
    h.clock.now = Date.now();
    for (let i = 0; i < 400; i++) {
      const { serverSeq: _s, ...c } = student(`k${String(i).padStart(3, '0')}`, 's1');
      h.server.serverChange(c);
    }
    await h.store.close(); // the child process owns the file now
  });
  afterAll(async () => {
    h.server.onRequest = null;
    await h?.close();
  });

  function runUntilKilled(killAtRequest: number, delayMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      let proc: ChildProcess | null = null;
      const base = h.server.requests.length;
      h.server.onRequest = (n) => {
        if (n - base === killAtRequest) setTimeout(() => proc?.kill('SIGKILL'), delayMs);
      };
      proc = spawn(
        process.execPath,
        ['--import', 'tsx', child, h.file.file, h.file.key.toString('hex'), 'dev-a', h.server.url, 'tok-a'],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let err = '';
      proc.stderr?.on('data', (d: Buffer) => (err += d.toString()));
      proc.on('exit', (code, signal) => {
        h.server.onRequest = null;
        if (signal === 'SIGKILL') resolve();
        else reject(new Error(`the workstation process ended by itself (${code}): ${err}`));
      });
    });
  }

  it.each([
    [2, 0],
    [6, 2],
    [13, 0],
  ])(
    'killed at request %i (+%i ms): reopened, it is consistent and the next sync completes it',
    async (at, delay) => {
      await runUntilKilled(at, delay);
      const s = await h.reopen();
      const seqs = (s.sqlite.prepare(`SELECT seq FROM outbox ORDER BY seq`).all() as { seq: number }[]).map(
        (r) => r.seq,
      );
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1)); // gapless
      const cursor = s.sync.pullCursor();
      const studentsUpTo = h.server.log
        .filter((e) => e.table === 'students' && e.serverSeq <= cursor && e.schoolId !== 's2')
        .map((e) => e.rowId);
      const local = (s.sqlite.prepare(`SELECT id FROM students ORDER BY id`).all() as { id: string }[]).map(
        (r) => r.id,
      );
      expect(local).toEqual([...studentsUpTo].sort()); // exactly the pages up to the cursor
      const acked =
        (
          s.sqlite.prepare(`SELECT max(seq) AS m FROM outbox WHERE acked_at IS NOT NULL`).get() as {
            m: number | null;
          }
        ).m ?? 0;
      expect(acked).toBeLessThanOrEqual(h.server.lastSeq.get('dev-a') ?? 0); // nothing acknowledged that the server lacks
      await h.client().syncOnce();
      await s.close();
    },
  );

  it('in the end every local write is on the server exactly once and the workstation equals the server', async () => {
    const s = await h.reopen();
    await h.client().syncOnce();
    const seqs = h.server.appliedSeqs.map((x) => x.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    const written = (s.sqlite.prepare(`SELECT count(*) AS n FROM outbox`).get() as { n: number }).n;
    expect(seqs).toEqual(Array.from({ length: written }, (_, i) => i + 1));
    const localAllergies = (
      s.sqlite.prepare(`SELECT id FROM allergies ORDER BY id`).all() as { id: string }[]
    ).map((r) => r.id);
    const serverAllergies = [...h.server.rows.keys()]
      .filter((k) => k.startsWith('allergies:'))
      .map((k) => k.slice('allergies:'.length))
      .sort();
    expect(localAllergies).toEqual(serverAllergies);
    expect(localAllergies.length).toBeGreaterThan(0);
    expect(s.sync.countUnacked()).toBe(0);
  });
});
