import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceConfigView, type SourceConfigView } from '../../../src-shared/api/sis-sources';
import { buildServer } from '../../../server-sync/app';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { startJobs, type JobRunner } from '../../../server-sync/jobs';
import { makeSisSourceJobs } from '../../../server-sync/sis';
import { serverTargets } from '../../support/db';
import { OneRosterServer, sampleDistrict } from '../../support/oneroster-rest-server';
import { startSshd, type TestSshd } from '../../support/sshd';
import {
  auditRows,
  bearer,
  login,
  makeDistrict,
  testConfig,
  TestClock,
  type TestDistrict,
  type Tokens,
} from '../server/support';

describe.each(serverTargets())('SIS connection routes ($name)', (target) => {
  let h: ServerDbHandle;
  let app: FastifyInstance;
  let d: TestDistrict;
  let admin: Tokens;
  let nurse: Tokens;
  let rest: OneRosterServer;
  let sshd: TestSshd;
  let runner: JobRunner;
  let scratch: string;
  const kek = randomBytes(32);
  const clock = new TestClock('2026-11-20T12:00:00.000Z');

  beforeAll(async () => {
    h = await target.open();
    await migrateServerToLatest(h.db);
    d = await makeDistrict(h.db);
    app = buildServer({ db: h, config: testConfig(), clock, sisSources: { kek: () => kek } });
    await app.ready();
    [admin, nurse] = await Promise.all([login(app, d.districtAdmin.email), login(app, d.nurseA.email)]);
    rest = new OneRosterServer();
    sampleDistrict(rest, { schools: 2, students: 5 }, '2026-09-01T10:00:00.000Z');
    await rest.start();
    sshd = await startSshd();
    scratch = mkdtempSync(join(tmpdir(), 'wc-sis-routes-'));
    // the queue's schema (a server's runner makes it at start); this one only sends
    runner = await startJobs({
      db: h,
      definitions: makeSisSourceJobs({ kek: () => kek, workDir: () => scratch }),
      work: false,
      schedules: false,
      onError: () => undefined,
    });
  }, 60_000);
  afterAll(async () => {
    await runner?.stop();
    await app?.close();
    await rest?.stop();
    await sshd?.stop();
    await h?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const call = (t: Tokens, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({ method, url, headers: bearer(t), ...(payload !== undefined ? { payload: payload as object } : {}) });
  const restConfig = () => ({
    vendor: 'INFINITE_CAMPUS',
    source: { kind: 'ONEROSTER_REST', baseUrl: rest.baseUrl, tokenUrl: rest.tokenUrl, pageSize: 50 },
    credentials: { clientId: rest.clientId, clientSecret: rest.clientSecret },
    scheduleCron: '0 2 * * *',
  });

  it('is for the district administrator only', async () => {
    expect((await call(nurse, 'GET', '/sis/configs')).statusCode).toBe(403);
    expect((await call(nurse, 'POST', '/sis/configs', restConfig())).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/sis/configs' })).statusCode).toBe(401);
  });

  it('adds a REST connection: credentials sealed, never shown, the schedule in the district time zone', async () => {
    const r = await call(admin, 'POST', '/sis/configs', restConfig());
    expect(r.statusCode, r.body).toBe(201);
    const v = sourceConfigView.parse(r.json());
    expect(v).toMatchObject({
      districtId: d.districtId,
      vendor: 'INFINITE_CAMPUS',
      hasCredentials: true,
      frequency: 'DAILY',
      timeZone: 'America/New_York',
      testMode: true,
      deletionThresholdPercent: 10,
      conflictStrategy: 'SIS_WINS',
      // 02:00 in New York on Nov 21 is 07:00 UTC
      nextRunAt: '2026-11-21T07:00:00.000Z',
    });
    expect(v.nextRunLocal).toMatch(/Nov 21, 2026,? 2:00 AM/);
    expect(r.body).not.toContain(rest.clientSecret);
    const row = await sql<{
      credentials: unknown;
      connection_type: string;
      credential_vault_key: string;
      school_id: string;
    }>`
      SELECT s.credentials, c.connection_type, c.credential_vault_key, c.school_id
      FROM sis_sync_sources s JOIN sis_sync_configs c ON c.id = s.config_id WHERE c.id = ${v.id}`.execute(
      h.db,
    );
    expect(JSON.stringify(row.rows[0]?.credentials)).not.toContain(rest.clientSecret);
    expect(JSON.stringify(row.rows[0]?.credentials)).not.toContain(rest.clientId);
    expect(row.rows[0]).toMatchObject({
      connection_type: 'REST_API',
      credential_vault_key: `sis_sync_sources/${v.id}`,
      school_id: d.schoolA, // Alpha Elementary, the district's first school by name
    });
    const audit = (await auditRows(h.db, 'CREATE')).filter((a) => a.record_id === v.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).toMatchObject({
      event: 'sis_config_created',
      source: 'ONEROSTER_REST',
      credentials: true,
    });
    const list = await call(admin, 'GET', '/sis/configs');
    expect(list.json<{ configs: SourceConfigView[] }>().configs.map((c) => c.id)).toContain(v.id);
  });

  it('refuses bad settings naming the field', async () => {
    const bad = async (body: unknown, field: RegExp) => {
      const r = await call(admin, 'POST', '/sis/configs', body);
      expect(r.statusCode, r.body).toBe(400);
      expect(r.body).toMatch(field);
    };
    await bad(
      {
        source: {
          kind: 'SFTP',
          host: 'sftp.example.org',
          username: 'wc',
          remotePath: '/out',
          hostKeyFingerprint: 'MD5:aa',
        },
      },
      /source\.hostKeyFingerprint/,
    );
    await bad(
      { ...restConfig(), source: { ...restConfig().source, baseUrl: 'http://sis.example.org/v1p2' } },
      /source\.baseUrl/,
    );
    await bad(
      { source: { kind: 'CSV_UPLOAD' }, credentials: { clientId: 'a', clientSecret: 'b' } },
      /credentials: a CSV_UPLOAD source takes no credentials/,
    );
    await bad({ ...restConfig(), scheduleCron: '61 2 * * *' }, /scheduleCron/);
    await bad({ ...restConfig(), deletionThresholdPercent: 0 }, /deletionThresholdPercent/);
    await bad({ source: { kind: 'WATCHED_FOLDER', path: 'relative/dir' } }, /source\.path/);
    await bad({ source: { kind: 'WATCHED_FOLDER', path: '/srv/sis\u0000drop' } }, /source\.path/);
  });

  it('changes a connection; new credentials replace the old, null removes them', async () => {
    const created = (await call(admin, 'POST', '/sis/configs', restConfig())).json<SourceConfigView>();
    const r = await call(admin, 'PATCH', `/sis/configs/${created.id}`, {
      deletionThresholdPercent: 25,
      conflictStrategy: 'MANUAL_REVIEW',
      scheduleCron: null,
      credentials: null,
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      deletionThresholdPercent: 25,
      conflictStrategy: 'MANUAL_REVIEW',
      frequency: 'MANUAL',
      nextRunAt: null,
      hasCredentials: false,
    });
    const audit = (await auditRows(h.db, 'UPDATE')).filter((a) => a.record_id === created.id);
    expect(audit[0]?.details).toEqual({
      event: 'sis_config_changed',
      fields: ['conflictStrategy', 'credentials', 'deletionThresholdPercent', 'scheduleCron'],
    });
    const t = await call(admin, 'POST', `/sis/configs/${created.id}/test`);
    const tested = t.json<{ ok: boolean; message: string }>();
    expect(tested.ok).toBe(false);
    expect(tested.message).toContain('no client id and secret are set');
    expect((await call(admin, 'DELETE', `/sis/configs/${created.id}`)).statusCode).toBe(204);
    expect((await call(admin, 'GET', `/sis/configs/${created.id}`)).statusCode).toBe(404);
  });

  it('tests a REST connection: a token and one page of /orgs; a refused client says why', async () => {
    const created = (await call(admin, 'POST', '/sis/configs', restConfig())).json<SourceConfigView>();
    const ok = await call(admin, 'POST', `/sis/configs/${created.id}/test`);
    expect(ok.json()).toMatchObject({ ok: true, records: 3, total: 3 });
    await call(admin, 'PATCH', `/sis/configs/${created.id}`, {
      credentials: { clientId: rest.clientId, clientSecret: 'not-it' },
    });
    const refused = await call(admin, 'POST', `/sis/configs/${created.id}/test`);
    const no = refused.json<{ ok: boolean; message: string }>();
    expect(no.ok).toBe(false);
    expect(no.message).toMatch(/HTTP 401 \(invalid_client\)/);
    const audit = (await auditRows(h.db, 'ADMIN')).filter((a) => a.record_id === created.id);
    expect(audit.map((a) => a.details)).toEqual([
      { event: 'sis_connection_tested', ok: true },
      { event: 'sis_connection_tested', ok: false },
    ]);
  });

  it('tests an SFTP connection (the pinned host key, a listing) and a watched folder', async () => {
    const sftp = await call(admin, 'POST', '/sis/configs', {
      source: {
        kind: 'SFTP',
        host: '127.0.0.1',
        port: sshd.port,
        username: sshd.username,
        remotePath: sshd.root,
        hostKeyFingerprint: sshd.hostFingerprint,
      },
      credentials: { privateKey: sshd.clientKey },
    });
    expect(sftp.statusCode, sftp.body).toBe(201);
    const t = await call(admin, 'POST', `/sis/configs/${sftp.json<SourceConfigView>().id}/test`);
    expect(t.json()).toMatchObject({ ok: true, entries: [] });
    const folder = await call(admin, 'POST', '/sis/configs', {
      source: { kind: 'WATCHED_FOLDER', path: join(scratch, 'missing') },
    });
    const f = await call(admin, 'POST', `/sis/configs/${folder.json<SourceConfigView>().id}/test`);
    const fr = f.json<{ ok: boolean; message: string }>();
    expect(fr.ok).toBe(false);
    expect(fr.message).toContain('does not exist');
  });

  it('"sync now" enqueues a sis.sync job for REST and SFTP, not for a watched folder', async () => {
    const created = (await call(admin, 'POST', '/sis/configs', restConfig())).json<SourceConfigView>();
    const r = await call(admin, 'POST', `/sis/configs/${created.id}/sync`, { full: true });
    expect(r.statusCode, r.body).toBe(202);
    const jobId = r.json<{ jobId: string }>().jobId;
    const job = await sql<{ name: string; data: Record<string, unknown> }>`
      SELECT name, data FROM pgboss.job WHERE id = ${jobId}`.execute(h.db);
    expect(job.rows[0]).toEqual({
      name: 'sis.sync',
      data: { configId: created.id, trigger: 'MANUAL', userId: d.districtAdmin.id, full: true },
    });
    const folder = (
      await call(admin, 'POST', '/sis/configs', { source: { kind: 'WATCHED_FOLDER', path: scratch } })
    ).json<SourceConfigView>();
    expect((await call(admin, 'POST', `/sis/configs/${folder.id}/sync`, {})).statusCode).toBe(409);
  });
});
