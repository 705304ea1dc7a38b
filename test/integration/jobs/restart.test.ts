import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import PgBoss from 'pg-boss';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { getJob } from '../../../server-sync/jobs';
import { serverTargets } from '../../support/db';
import { crashyJob } from './crashy';
import { prepare, recordRun, Runners, runsOf, until } from './support';

/**
 * A job survives its server dying mid-run: the run expires (expireInSeconds), pg-boss's maintenance on another (or
 * the next) instance puts it back, a runner there runs it again, and the side effect, keyed, is done once.
 */

const onceRows = async (h: ServerDbHandle, key: string) =>
  (await sql<{ job_id: string }>`SELECT job_id FROM test_job_once WHERE key = ${key}`.execute(h.db)).rows;

describe.each(serverTargets())('restart mid-run on $name', (target) => {
  let h: ServerDbHandle;
  const runners = new Runners();
  beforeAll(async () => {
    h = await target.open();
    await prepare(h);
  });
  afterEach(() => runners.stopAll());
  afterAll(async () => {
    await h?.close();
  });

  it('a job taken by an instance that died is run once more by another, its side effect done once', async () => {
    // instance A: sends the job, takes it (pg-boss's fetch, as its worker does), does the side effect, and dies
    // before completing it: nothing of A runs any more
    const a = await runners.start({ db: h, definitions: [crashyJob('A')], work: false, schedules: false });
    const id = (await a.send('test.crashy', { key: 'effect-1' })) ?? '';
    await a.stop();
    const dead = new PgBoss({ db: { executeSql: (t: string, v?: unknown[]) => h.executeSql(t, v) } });
    const [taken] = await dead.fetch('test.crashy');
    expect(taken?.id).toBe(id);
    await recordRun(h, id, 'A', 1);
    await sql`INSERT INTO test_job_once (key, job_id) VALUES ('effect-1', ${id})`.execute(h.db);
    expect((await getJob(h.db, id))?.state).toBe('running');

    // instance B: its maintenance finds the run expired (2 s) and puts the job back; its worker runs it
    await runners.start({ db: h, definitions: [crashyJob('B')], schedules: false });
    const job = await until(
      () => getJob(h.db, id),
      (j) => j?.state === 'finished' || j?.state === 'failed',
    );
    expect(job).toMatchObject({ state: 'finished', attempts: 2 });
    expect(await runsOf(h, id)).toEqual([
      { runner: 'A', attempt: 1, tag: null },
      { runner: 'B', attempt: 2, tag: null },
    ]);
    expect(await onceRows(h, 'effect-1')).toEqual([{ job_id: id }]);
  });

  it.runIf(target.name === 'postgres')(
    'a server process killed (SIGKILL) mid-run: another instance runs the job again, once',
    async () => {
      const url = (h as { url?: string }).url ?? '';
      const sender = await runners.start({
        db: h,
        definitions: [crashyJob('parent')],
        work: false,
        schedules: false,
      });
      const child = spawn(process.execPath, ['--import', 'tsx', resolve(__dirname, 'crash-child.ts')], {
        env: { ...process.env, DATABASE_URL: url },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (b: Buffer) => (out += b.toString()));
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      try {
        await until(
          () => Promise.resolve(out),
          (o) => o.includes('ready'),
        );
        const id = (await sender.send('test.crashy', { key: 'effect-2' })) ?? '';
        await until(
          () => Promise.resolve(out),
          (o) => o.includes(`running ${id}`),
        );
        child.kill('SIGKILL');
        await exited;
        expect((await getJob(h.db, id))?.state).toBe('running');
        await runners.start({ db: h, definitions: [crashyJob('B')], schedules: false });
        const job = await until(
          () => getJob(h.db, id),
          (j) => j?.state === 'finished' || j?.state === 'failed',
        );
        expect(job).toMatchObject({ state: 'finished', attempts: 2 });
        expect((await runsOf(h, id)).map((r) => `${r.runner}:${r.attempt}`)).toEqual(['child:1', 'B:2']);
        expect(await onceRows(h, 'effect-2')).toEqual([{ job_id: id }]);
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    },
  );
});
