import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceConfigCreate, type SourceConfigCreate } from '../../../src-shared/api/sis-sources';
import type { RosterBundle } from '../../../src-shared/sis/oneroster/bundle';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { startJobs, type JobDefinition, type JobRunner } from '../../../server-sync/jobs';
import {
  makeSisSourceJobs,
  runSync,
  tickSisSchedules,
  type ApplyRoster,
  type SisSyncData,
} from '../../../server-sync/sis';
import { insertSourceConfig, updateSourceConfig } from '../../../server-sync/sis/sources/store-write';
import { serverJobCatalog } from '../../../server-sync/jobs-catalog';
import { serverTargets } from '../../support/db';
import { FAST, until } from '../jobs/support';
import { OneRosterServer, sampleDistrict } from '../../support/oneroster-rest-server';
import { startSshd, type TestSshd } from '../../support/sshd';
import { makeDistrict, type TestDistrict } from '../server/support';

const MODIFIED = '2026-09-01T10:00:00.000Z';

describe.each(serverTargets())('SIS sync runs and schedules ($name)', (target) => {
  let h: ServerDbHandle;
  let d: TestDistrict;
  let rest: OneRosterServer;
  let sshd: TestSshd;
  let runner: JobRunner;
  let work: string;
  let syncDef: JobDefinition<SisSyncData>;
  const kek = randomBytes(32);
  const now = new Date('2026-11-20T12:00:00.000Z');
  const retry = { backoffMs: 1, sleep: () => Promise.resolve() };

  beforeAll(async () => {
    h = await target.open();
    await migrateServerToLatest(h.db);
    d = await makeDistrict(h.db);
    rest = new OneRosterServer();
    sampleDistrict(rest, { schools: 2, students: 6 }, MODIFIED);
    await rest.start();
    sshd = await startSshd();
    work = mkdtempSync(join(tmpdir(), 'wc-sis-run-'));
    const defs = makeSisSourceJobs({ kek: () => kek, workDir: () => work });
    syncDef = defs[0] as JobDefinition<SisSyncData>;
    runner = await startJobs({
      db: h,
      definitions: defs,
      work: false,
      schedules: false,
      onError: () => undefined,
    });
  }, 60_000);
  afterAll(async () => {
    await runner?.stop();
    await rest?.stop();
    await sshd?.stop();
    await h?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const create = async (body: SourceConfigCreate): Promise<string> => {
    const id = uuidv7();
    await h.db
      .transaction()
      .execute((trx) =>
        insertSourceConfig(trx, d.districtId, id, sourceConfigCreate.parse(body), { kek: () => kek, now }),
      );
    return id;
  };
  const restBody = (): SourceConfigCreate => ({
    source: { kind: 'ONEROSTER_REST', baseUrl: rest.baseUrl, tokenUrl: rest.tokenUrl, pageSize: 4 },
    credentials: { clientId: rest.clientId, clientSecret: rest.clientSecret },
  });
  const deps = (
    extra: { applyRoster?: ApplyRoster; readRosterFile?: (p: string) => Promise<RosterBundle> } = {},
  ) => ({
    db: h.db,
    kek: () => kek,
    workDir: () => work,
    retry,
    ...extra,
  });
  const run = (id: string) =>
    sql<{
      job_status: string;
      error_summary: string | null;
      data_snapshot: { records: Record<string, number>; mode: string } | null;
      records_processed: number;
      records_created: number;
      trigger_type: string;
    }>`SELECT job_status, error_summary, data_snapshot, records_processed, records_created, trigger_type
       FROM sis_sync_jobs WHERE id = ${id}`
      .execute(h.db)
      .then((r) => r.rows[0]);

  it('fetches a REST roster, records what it read, and fails clearly while no apply step is installed', async () => {
    const id = await create(restBody());
    const out = await runSync(deps(), { configId: id, trigger: 'MANUAL', now: () => now });
    expect(out).toMatchObject({ status: 'FAILED', retryable: false });
    if (out.status !== 'FAILED') throw new Error('failed');
    const row = await run(out.runId);
    expect(row?.job_status).toBe('FAILED');
    expect(row?.trigger_type).toBe('MANUAL');
    expect(row?.error_summary).toBe(
      `apply step not installed: 40 record(s) fetched from ${rest.baseUrl}, nothing applied`,
    );
    expect(row?.data_snapshot?.records).toEqual({
      orgs: 3,
      academicSessions: 1,
      users: 9,
      roles: 9,
      classes: 6,
      enrollments: 6,
      demographics: 6,
    });
    expect(row?.records_processed).toBe(40);
  });

  it('hands the bundle to the apply step: a dry run in test mode, then for real, then a delta from the cursor', async () => {
    const id = await create(restBody());
    const calls: { dryRun: boolean; mode: string; users: number }[] = [];
    // records what it is handed and answers with counts of it: the hand-off is what is under test
    const applyRoster: ApplyRoster = (_db, bundle, o) => {
      calls.push({ dryRun: o.dryRun, mode: bundle.mode, users: bundle.files.users?.length ?? 0 });
      const read = bundle.files.users?.length ?? 0;
      return Promise.resolve({
        read,
        created: read,
        updated: 0,
        transferred: 0,
        withdrawn: 0,
        unchanged: 0,
        errors: [],
      });
    };
    const first = await runSync(deps({ applyRoster }), { configId: id, trigger: 'MANUAL', now: () => now });
    expect(first.status).toBe('COMPLETED');
    const cursor = () =>
      sql<{ delta_since: Date | null }>`SELECT delta_since FROM sis_sync_sources WHERE config_id = ${id}`
        .execute(h.db)
        .then((r) => r.rows[0]?.delta_since ?? null);
    expect(await cursor()).toBeNull(); // a dry run moves nothing
    await h.db
      .transaction()
      .execute((trx) => updateSourceConfig(trx, id, { testMode: false }, { kek: () => kek, now }));
    const second = await runSync(deps({ applyRoster }), {
      configId: id,
      trigger: 'SCHEDULED',
      now: () => now,
    });
    expect(second.status).toBe('COMPLETED');
    if (second.status !== 'COMPLETED') throw new Error('completed');
    expect((await run(second.runId))?.records_created).toBe(9);
    expect((await cursor())?.toISOString()).toBe(MODIFIED);
    const changed = rest.data.users[0];
    if (!changed) throw new Error('fixture');
    changed.dateLastModified = '2026-11-19T09:00:00.000Z';
    await runSync(deps({ applyRoster }), { configId: id, trigger: 'SCHEDULED', now: () => now });
    expect(calls).toEqual([
      { dryRun: true, mode: 'bulk', users: 9 },
      { dryRun: false, mode: 'bulk', users: 9 },
      { dryRun: false, mode: 'delta', users: 1 },
    ]);
    expect((await cursor())?.toISOString()).toBe('2026-11-19T09:00:00.000Z');
  });

  it('a source that keeps failing fails the run with the reason, for the queue to retry', async () => {
    const id = await create(restBody());
    rest.failPage('orgs', 0, 4);
    const out = await runSync(deps(), { configId: id, trigger: 'SCHEDULED', now: () => now });
    expect(out).toMatchObject({ status: 'FAILED', retryable: true });
    if (out.status !== 'FAILED') throw new Error('failed');
    expect((await run(out.runId))?.error_summary).toBe(
      '/orgs page 1 (offset 0): HTTP 500 after 4 attempts, giving up (nothing was applied)',
    );
  });

  it('an SFTP sync fetches the zip, then stops at the CSV reader until it is installed, leaving nothing behind', async () => {
    writeFileSync(
      join(sshd.root, 'roster.zip'),
      Buffer.from(zipSync({ 'manifest.csv': strToU8('propertyName,value\n') })),
    );
    const id = await create({
      source: {
        kind: 'SFTP',
        host: '127.0.0.1',
        port: sshd.port,
        username: sshd.username,
        remotePath: join(sshd.root, 'roster.zip'),
        hostKeyFingerprint: sshd.hostFingerprint,
      },
      credentials: { privateKey: sshd.clientKey },
    });
    const out = await runSync(deps(), { configId: id, trigger: 'MANUAL', now: () => now });
    if (out.status !== 'FAILED') throw new Error(`expected a failure, got ${out.status}`);
    expect(out.reason).toBe(
      `CSV reader not installed: sftp://${sshd.username}@127.0.0.1:${sshd.port}${join(sshd.root, 'roster.zip')} was fetched but not read`,
    );
    expect(readdirSync(work)).toEqual([]);
  });

  it('a watched folder: a ready zip is enqueued once, taken once, and lands in failed/ with the reason', async () => {
    const folder = join(work, 'drop');
    mkdirSync(folder);
    const id = await create({ source: { kind: 'WATCHED_FOLDER', path: folder, settleSeconds: 5 } });
    const zip = join(folder, 'nightly.zip');
    writeFileSync(zip, Buffer.from(zipSync({ 'manifest.csv': strToU8('propertyName,value\n') })));
    const old = new Date(now.getTime() - 60_000);
    utimesSync(zip, old, old);
    const keys = () =>
      sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM job_keys WHERE name = 'sis.sync' AND key LIKE ${`${id}:folder:%`}`
        .execute(h.db)
        .then((r) => r.rows[0]?.n);
    expect(await tickSisSchedules(h.db, syncDef, now, d.districtId)).toBe(1);
    expect(await tickSisSchedules(h.db, syncDef, now, d.districtId)).toBe(0);
    expect(await keys()).toBe(1);
    const out = await runSync(deps(), {
      configId: id,
      trigger: 'SCHEDULED',
      file: 'nightly.zip',
      now: () => now,
    });
    expect(out).toMatchObject({ status: 'FAILED', retryable: false });
    expect(existsSync(zip)).toBe(false);
    const failed = readdirSync(join(folder, 'failed')).sort();
    expect(failed).toEqual(['20261120T120000Z-nightly.zip', '20261120T120000Z-nightly.zip.error.txt']);
    expect(readFileSync(join(folder, 'failed', failed[1] ?? ''), 'utf8')).toMatch(
      /^CSV reader not installed: /,
    );
    const again = await runSync(deps(), {
      configId: id,
      trigger: 'SCHEDULED',
      file: 'nightly.zip',
      now: () => now,
    });
    expect(again).toMatchObject({ status: 'skipped' });
  });

  it('a cron runs at its slots in the district time zone, once per slot; a new schedule waits for its next slot', async () => {
    const id = await create({ ...restBody(), scheduleCron: '0 2 * * *' });
    const disabled = await create({ ...restBody(), scheduleCron: '0 2 * * *', enabled: false });
    const sent = async (at: string) => {
      await tickSisSchedules(h.db, syncDef, new Date(at), d.districtId);
      return sql<{
        key: string;
      }>`SELECT key FROM job_keys WHERE name = 'sis.sync' AND (key LIKE ${`${id}:%`} OR key LIKE ${`${disabled}:%`}) ORDER BY key`
        .execute(h.db)
        .then((r) => r.rows.map((x) => x.key));
    };
    expect(await sent('2026-11-20T12:00:00.000Z')).toEqual([]); // first seen: starts at its latest slot
    expect(await sent('2026-11-21T06:59:59.000Z')).toEqual([]); // 01:59:59 in New York
    expect(await sent('2026-11-21T07:00:00.000Z')).toEqual([`${id}:2026-11-21T07:00:00.000Z`]);
    expect(await sent('2026-11-21T07:00:30.000Z')).toEqual([`${id}:2026-11-21T07:00:00.000Z`]);
    // two nights missed while no server ran: one run, for the latest slot
    expect(await sent('2026-11-24T15:00:00.000Z')).toEqual([
      `${id}:2026-11-21T07:00:00.000Z`,
      `${id}:2026-11-24T07:00:00.000Z`,
    ]);
    // a cron broken by hand fails the tick naming its configuration, after the others had their turn
    const broken = await create({ ...restBody(), scheduleCron: '0 3 * * *' });
    await sql`UPDATE sis_sync_configs SET sync_schedule_cron = '0 99 * * *' WHERE id = ${broken}`.execute(
      h.db,
    );
    await expect(
      tickSisSchedules(h.db, syncDef, new Date('2026-11-25T07:00:00.000Z'), d.districtId),
    ).rejects.toThrow(`sis.schedule: ${broken}: `);
    expect(await sent('2026-11-25T07:00:30.000Z').catch(() => null)).toBeNull();
    const keys = await sql<{
      key: string;
    }>`SELECT key FROM job_keys WHERE key = ${`${id}:2026-11-25T07:00:00.000Z`}`.execute(h.db);
    expect(keys.rows).toHaveLength(1);
    await sql`DELETE FROM sis_sync_configs WHERE id = ${broken}`.execute(h.db);
  });

  it('the server runs both jobs: a sis.sync sent to the queue fetches and records its run', async () => {
    const catalog = serverJobCatalog({ dataDir: work });
    expect(catalog.find((j) => j.name === 'sis.schedule')?.schedule).toEqual({ cron: '* * * * *', data: {} });
    expect(catalog.find((j) => j.name === 'sis.sync')?.retryLimit).toBe(2);
    const id = await create(restBody());
    const worker = await startJobs({
      db: h,
      definitions: makeSisSourceJobs({ kek: () => kek, workDir: () => work, retry }),
      schedules: false,
      timings: FAST,
      onError: () => undefined,
    });
    try {
      const jobId = await worker.send('sis.sync', { configId: id, trigger: 'MANUAL' });
      const runs = () =>
        sql<{ job_status: string; error_summary: string | null }>`
          SELECT job_status, error_summary FROM sis_sync_jobs WHERE config_id = ${id}`
          .execute(h.db)
          .then((r) => r.rows);
      const done = await until(runs, (r) => r.length > 0 && r[0]?.job_status !== 'RUNNING');
      expect(done).toEqual([
        {
          job_status: 'FAILED',
          error_summary: `apply step not installed: 40 record(s) fetched from ${rest.baseUrl}, nothing applied`,
        },
      ]);
      // not retried: a missing step is not the source's failure
      const state = await until(
        () =>
          sql<{ state: string }>`SELECT state FROM pgboss.job WHERE id = ${jobId}`
            .execute(h.db)
            .then((r) => r.rows[0]?.state),
        (s) => s === 'completed',
      );
      expect(state).toBe('completed');
    } finally {
      await worker.stop();
    }
  }, 60_000);
});
