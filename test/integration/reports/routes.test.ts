import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportInstanceView } from '../../../src-shared/api/reports';
import { generateSigningCertificate } from '../../../src-shared/reports/pdf';
import { buildServer } from '../../../server-sync/app';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { expireReportFiles, reportOptions, storeSigningKey } from '../../../server-sync/reports';
import { serverTargets } from '../../support/db';
import { pdfPages, pdfSig, qpdfCheck, writePdf } from '../../support/pdf-tools';
import {
  auditRows,
  bearer,
  login,
  makeDistrict,
  testConfig,
  TestClock,
  type TestDistrict,
} from '../server/support';

const DAY = 86_400_000;

/** Files under a folder, recursively (names only). */
const filesUnder = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((d) => d.isFile())
        .map((d) => d.name)
    : [];

describe.each(serverTargets())('district report routes on $name', (target) => {
  let h: ServerDbHandle;
  let d: TestDistrict;
  let app: FastifyInstance;
  const clock = new TestClock('2026-11-20T15:00:00.000Z');
  const dataDir = mkdtempSync(join(tmpdir(), 'wc-reports-routes-'));
  const config = { dataDir, keyEncryptionKey: undefined, production: false };
  const tokens: Record<string, { accessToken: string }> = {};

  beforeAll(async () => {
    h = await target.open();
    await migrateServerToLatest(h.db);
    d = await makeDistrict(h.db);
    // school A: two visits on Nov 18 in New York (one at 10:30 PM, the next UTC day) and one on Nov 17 at 11:30 PM
    const visit = (school: string, student: string, at: string, sentHome: boolean, by: string) => ({
      id: uuidv7(),
      student_id: student,
      school_id: school,
      arrival_time: at,
      presenting_complaint: 'headache',
      attended_by_user_id: by,
      sent_home: sentHome,
    });
    await h.db
      .insertInto('clinic_visits')
      .values([
        visit(d.schoolA, d.studentA, '2026-11-18T15:00:00Z', false, d.nurseA.id),
        visit(d.schoolA, d.studentA, '2026-11-19T03:30:00Z', true, d.nurseA.id),
        visit(d.schoolA, d.studentA, '2026-11-18T04:30:00Z', false, d.nurseA.id),
        visit(d.schoolB, d.studentB, '2026-11-18T15:00:00Z', false, d.nurseB.id),
      ])
      .execute();
    app = buildServer({ db: h, config: testConfig(), clock, reports: reportOptions(config) });
    for (const [k, u] of Object.entries({
      nurseA: d.nurseA,
      nurseB: d.nurseB,
      admin: d.districtAdmin,
      auditor: d.auditor,
    }))
      tokens[k] = await login(app, u.email);
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    await h?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const run = (who: string, name: string, parameters: Record<string, string>) =>
    app.inject({
      method: 'POST',
      url: `/reports/${name}/runs`,
      headers: bearer(tokens[who] ?? { accessToken: '' }),
      payload: { parameters },
    });

  it('lists the reports each role may run', async () => {
    const names = async (who: string) =>
      (await app.inject({ url: '/reports/definitions', headers: bearer(tokens[who] ?? { accessToken: '' }) }))
        .json<{ reports: { name: string }[] }>()
        .reports.map((r) => r.name);
    expect(await names('nurseA')).toEqual([
      'visit-analytics',
      'medication-summary',
      'outbreak-line-list',
      'immunization-compliance',
    ]);
    expect(await names('auditor')).toEqual(['audit']);
    expect((await app.inject({ url: '/reports/definitions' })).statusCode).toBe(401);
  });

  it("runs a report on the caller's schools in the school's time zone, then downloads it (counted, audited)", async () => {
    const r = await run('nurseA', 'visit-analytics', { from: '2026-11-18', to: '2026-11-18' });
    expect(r.statusCode, r.body).toBe(201);
    const inst = r.json<ReportInstanceView>();
    expect(inst).toMatchObject({ report: 'visit-analytics', status: 'COMPLETED', downloads: 0, error: null });
    const pdf = await app.inject({
      url: `/reports/instances/${inst.id}/pdf`,
      headers: bearer(tokens.nurseA ?? { accessToken: '' }),
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(createHash('sha256').update(pdf.rawPayload).digest('hex')).toBe(inst.sha256);
    const file = writePdf(pdf.rawPayload, 'routes-visit-analytics');
    expect(qpdfCheck(file).ok).toBe(true);
    const text = pdfPages(file).join('\n');
    expect(text).toMatch(/Alpha Elementary\s+2\s+1\s+50\.0%/);
    expect(text).not.toContain('Beta Middle');
    const again = await app.inject({
      url: `/reports/instances/${inst.id}`,
      headers: bearer(tokens.nurseA ?? { accessToken: '' }),
    });
    expect(again.json<ReportInstanceView>().downloads).toBe(1);
    const exports = (await auditRows(h.db, 'EXPORT')).filter((a) => a.record_id === inst.id);
    expect(exports).toHaveLength(1);
    expect(exports[0]).toMatchObject({
      user_id: d.nurseA.id,
      school_id: null,
      table_name: 'report_instances',
    });
    const prints = (await auditRows(h.db, 'PRINT')).filter((a) => a.record_id === inst.id);
    expect(prints[0]?.details).toMatchObject({ event: 'report_run', report: 'visit-analytics' });
  });

  it('refuses a bad parameter naming it, and writes nothing', async () => {
    const before = await h.db.selectFrom('report_instances').select('id').execute();
    const r = await run('nurseA', 'medication-summary', { from: '2026-11-31', to: '2026-12-01' });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ error: 'BAD_PARAMETER', issues: [{ path: 'from' }] });
    expect(r.json<{ message: string }>().message).toBe('from: must be a calendar date as YYYY-MM-DD');
    const extra = await run('nurseA', 'medication-summary', {
      from: '2026-11-01',
      to: '2026-11-30',
      grade: '3',
    });
    expect(extra.json()).toMatchObject({ error: 'BAD_PARAMETER', issues: [{ path: 'grade' }] });
    const nul = await run('nurseA', 'medication-summary', {
      from: '2026-11-01',
      to: '2026-11-30',
      schoolId: 'a\u0000',
    });
    expect(nul.statusCode).toBe(400);
    expect((await h.db.selectFrom('report_instances').select('id').execute()).length).toBe(before.length);
  });

  it("checks the role and the caller's schools", async () => {
    const audit = await run('nurseA', 'audit', {
      studentId: d.studentA,
      from: '2026-11-01',
      to: '2026-11-30',
    });
    expect(audit.statusCode).toBe(403);
    const other = await run('nurseA', 'visit-analytics', {
      schoolId: d.schoolB,
      from: '2026-11-01',
      to: '2026-11-30',
    });
    expect(other.statusCode).toBe(404);
    expect(other.json()).toMatchObject({ error: 'NOT_FOUND', issues: [{ path: 'schoolId' }] });
    const unknown = await run('nurseA', 'no-such-report', { from: '2026-11-01', to: '2026-11-30' });
    expect(unknown.statusCode).toBe(404);
    const auditB = await run('auditor', 'audit', {
      studentId: d.studentB,
      from: '2026-11-01',
      to: '2026-11-30',
    });
    expect(auditB.statusCode, auditB.body).toBe(201);
    expect(auditB.json<ReportInstanceView>().status).toBe('COMPLETED');
  });

  it("a school's report is invisible to another school's nurse; the district admin sees it", async () => {
    const r = await run('nurseA', 'medication-summary', {
      schoolId: d.schoolA,
      from: '2026-11-01',
      to: '2026-11-30',
    });
    const inst = r.json<ReportInstanceView>();
    expect(inst.schoolId).toBe(d.schoolA);
    const list = async (who: string) =>
      (await app.inject({ url: '/reports/instances', headers: bearer(tokens[who] ?? { accessToken: '' }) }))
        .json<{ instances: ReportInstanceView[] }>()
        .instances.map((i) => i.id);
    expect(await list('nurseA')).toContain(inst.id);
    expect(await list('nurseB')).not.toContain(inst.id);
    expect(await list('admin')).toContain(inst.id);
    expect(await list('auditor')).not.toContain(inst.id);
    const dl = await app.inject({
      url: `/reports/instances/${inst.id}/pdf`,
      headers: bearer(tokens.nurseB ?? { accessToken: '' }),
    });
    expect(dl.statusCode).toBe(404);
  });

  it('signs district reports once a key exists; a changed file is refused', async () => {
    storeSigningKey(
      config,
      generateSigningCertificate({
        commonName: 'Test District',
        organization: 'Test District',
        days: 30,
        notBefore: new Date(Date.now() - DAY),
      }),
      new Date(),
    );
    const r = await run('admin', 'outbreak-line-list', { from: '2026-11-01', to: '2026-11-30' });
    const inst = r.json<ReportInstanceView>();
    expect(inst.status).toBe('COMPLETED');
    const pdf = await app.inject({
      url: `/reports/instances/${inst.id}/pdf`,
      headers: bearer(tokens.admin ?? { accessToken: '' }),
    });
    const file = writePdf(pdf.rawPayload, 'routes-signed');
    expect(pdfSig(file).valid).toBe(true);
    expect(pdfPages(file).join('\n')).toContain('No outbreak alerts were raised in this period.');
    const row = await h.db
      .selectFrom('report_instances')
      .select('file_path')
      .where('id', '=', inst.id)
      .executeTakeFirstOrThrow();
    const abs = join(dataDir, row.file_path);
    const bytes = readFileSync(abs);
    bytes[bytes.length - 20] = (bytes[bytes.length - 20] ?? 0) ^ 1;
    writeFileSync(abs, bytes);
    const changed = await app.inject({
      url: `/reports/instances/${inst.id}/pdf`,
      headers: bearer(tokens.admin ?? { accessToken: '' }),
    });
    expect(changed.statusCode).toBe(410);
    expect(changed.json<{ message: string }>().message).toContain('SHA-256');
  });

  it('a failed generation is FAILED with its error in the log and leaves no file', async () => {
    const blocked = join(dataDir, 'blocked');
    writeFileSync(blocked, 'not a folder');
    const failing = buildServer({
      db: h,
      config: testConfig(),
      clock,
      reports: reportOptions({ ...config, dataDir: blocked }),
    });
    try {
      const t = await login(failing, d.nurseA.email);
      const r = await failing.inject({
        method: 'POST',
        url: '/reports/visit-analytics/runs',
        headers: bearer(t),
        payload: { parameters: { from: '2026-11-01', to: '2026-11-30' } },
      });
      expect(r.statusCode).toBe(201);
      const inst = r.json<ReportInstanceView>();
      expect(inst.status).toBe('FAILED');
      expect(inst.error).toMatch(/ENOTDIR|EEXIST|not a directory/i);
      const logs = await h.db
        .selectFrom('report_generation_log')
        .select(['log_level', 'log_message'])
        .where('report_instance_id', '=', inst.id)
        .orderBy('log_timestamp')
        .execute();
      expect(logs.at(-1)).toMatchObject({ log_level: 'ERROR' });
      expect(logs.at(-1)?.log_message).toMatch(/^Generation failed: /);
      const dl = await failing.inject({ url: `/reports/instances/${inst.id}/pdf`, headers: bearer(t) });
      expect(dl.statusCode).toBe(410);
      expect(filesUnder(join(dataDir, 'reports')).filter((f) => f.endsWith('.part'))).toEqual([]);
    } finally {
      await failing.close();
    }
  });

  it('the expiry job deletes files past their retention and archives the instances', async () => {
    const r = await run('nurseA', 'visit-analytics', { from: '2026-11-01', to: '2026-11-30' });
    const inst = r.json<ReportInstanceView>();
    const row = await h.db
      .selectFrom('report_instances')
      .select(['file_path', 'expires_at'])
      .where('id', '=', inst.id)
      .executeTakeFirstOrThrow();
    expect(new Date(row.expires_at ?? 0).getTime() - clock.now().getTime()).toBe(365 * DAY);
    const abs = join(dataDir, row.file_path);
    expect(existsSync(abs)).toBe(true);
    const later = new TestClock(new Date(clock.now().getTime() + 366 * DAY).toISOString());
    const res = await expireReportFiles({ db: h.db, clock: later, dataDir });
    expect(res.archived).toBeGreaterThan(0);
    expect(existsSync(abs)).toBe(false);
    const after = await app.inject({
      url: `/reports/instances/${inst.id}`,
      headers: bearer(tokens.nurseA ?? { accessToken: '' }),
    });
    expect(after.json<ReportInstanceView>().archived).toBe(true);
    const dl = await app.inject({
      url: `/reports/instances/${inst.id}/pdf`,
      headers: bearer(tokens.nurseA ?? { accessToken: '' }),
    });
    expect(dl.statusCode).toBe(410);
    expect((await expireReportFiles({ db: h.db, clock: later, dataDir })).archived).toBe(0);
  });
});
