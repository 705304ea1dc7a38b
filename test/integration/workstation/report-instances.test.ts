import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncReportDefinitions } from '../../../server-sync/reports';
import type { WorkstationCore } from '../../../src-main/workstation/core';
import type { ReportPrinter } from '../../../src-main/workstation/reports';
import { WORKSTATION_REPORT_DEFINITIONS } from '../../../src-shared/reports/workstation';
import { localDate } from '../../../src-shared/time';
import {
  enrollAndSync,
  makeCore,
  PASSWORD,
  refusal,
  startDistrict,
  tempDir,
  TZ,
  type District,
} from './support';

/**
 * Workstation prints as report instances (issue 11), on a real core synced with a real district server: before the
 * district's report definitions reach the workstation a print still works and is audited, with no instance; once
 * they are pulled, every render and print writes a report_instances row (the file's SHA-256, its pages, expiry by the
 * definition's retention_days) and its report_generation_log row in one local transaction, a failed render a FAILED
 * instance with an ERROR log row while the call still refuses clearly, emergency access writes none; after a sync all
 * of them are on the district.
 */

let d: District;
let core: WorkstationCore;
let tmp: { dir: string; dispose(): void };
const printer: ReportPrinter = { print: () => Promise.resolve(true) };
const sqlite = () => core.internals.context()!.sqlite;
const DAY_MS = 86_400_000;

interface LocalInstance {
  id: string;
  report_definition_id: string;
  school_id: string | null;
  generated_at: string;
  generated_by: string;
  report_parameters: string;
  file_path: string;
  file_size_bytes: number | null;
  file_hash: string | null;
  page_count: number | null;
  generation_status: string;
  generation_error: string | null;
  generation_duration_seconds: number | null;
  expires_at: string | null;
}
const instances = () =>
  sqlite().prepare(`SELECT * FROM report_instances ORDER BY generated_at, id`).all() as LocalInstance[];
const logOf = (id: string) =>
  sqlite()
    .prepare(
      `SELECT log_level, log_message, execution_context FROM report_generation_log WHERE report_instance_id = ?`,
    )
    .all(id) as { log_level: string; log_message: string; execution_context: string }[];
const definitionId = (code: string) =>
  (sqlite().prepare(`SELECT id FROM report_definitions WHERE report_code = ?`).get(code) as { id: string })
    .id;
const lastAudit = () =>
  sqlite()
    .prepare(`SELECT action, user_id, details FROM local_audit_log ORDER BY seq DESC LIMIT 1`)
    .get() as { action: string; user_id: string | null; details: string };
const unpushed = (table: string) =>
  (
    sqlite()
      .prepare(`SELECT count(*) AS n FROM outbox WHERE table_name = ? AND acked_at IS NULL`)
      .get(table) as { n: number }
  ).n;

beforeAll(async () => {
  d = await startDistrict();
  tmp = tempDir('wc-report-instances-');
  core = await makeCore(tmp.dir, { reportPrinter: printer });
  await enrollAndSync(core, d);
}, 60_000);

afterAll(async () => {
  await core?.close();
  await d?.close();
  tmp?.dispose();
});

describe('a workstation print as a report instance', () => {
  const written: { id: string; sha256: string; pages: number }[] = [];
  let failedId = '';

  it('prints before the definitions are pulled: audited, no instance', async () => {
    expect(sqlite().prepare(`SELECT count(*) AS n FROM report_definitions`).get()).toEqual({ n: 0 });
    const r = await core.call('reports.render', { report: 'healthSummary', studentId: d.students.ana! });
    expect(r.pageCount).toBeGreaterThan(0);
    expect(lastAudit()).toMatchObject({ action: 'PRINT', user_id: d.nurse.id });
    expect(JSON.parse(lastAudit().details)).not.toHaveProperty('instanceId');
    expect(instances()).toEqual([]);
  });

  it('the district writes the six workstation definitions, with their retention, and they are pulled', async () => {
    await syncReportDefinitions(d.h.db, new Date());
    expect((await core.call('sync.now', {})).lastError).toBeUndefined();
    const rows = sqlite()
      .prepare(
        `SELECT report_code, retention_days, output_filename_pattern, access_roles FROM report_definitions
         WHERE report_code LIKE 'WORKSTATION_%' ORDER BY report_code`,
      )
      .all();
    expect(rows).toEqual(
      [...WORKSTATION_REPORT_DEFINITIONS]
        .sort((a, b) => a.code.localeCompare(b.code))
        .map((m) => ({
          report_code: m.code,
          retention_days: m.retentionDays,
          output_filename_pattern: m.fileName,
          access_roles: JSON.stringify(m.roles),
        })),
    );
  });

  it('a render writes a COMPLETED instance with the file’s hash, pages and expiry, and its log row', async () => {
    const date = localDate(Date.now(), TZ);
    const before = Date.now();
    const r = await core.call('reports.render', { report: 'visitLog', date });
    const [i, ...more] = instances();
    expect(more).toEqual([]);
    expect(i).toMatchObject({
      report_definition_id: definitionId('WORKSTATION_VISIT_LOG'),
      school_id: d.schoolId,
      generated_by: d.nurse.id,
      file_path: r.fileName,
      file_size_bytes: Buffer.from(r.pdfBase64, 'base64').length,
      file_hash: r.sha256,
      page_count: r.pageCount,
      generation_status: 'COMPLETED',
      generation_error: null,
    });
    expect(JSON.parse(i!.report_parameters)).toEqual({ date });
    expect(Date.parse(i!.generated_at)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(i!.expires_at!) - Date.parse(i!.generated_at)).toBe(30 * DAY_MS);
    expect(i!.generation_duration_seconds).toBeGreaterThanOrEqual(0);
    const log = logOf(i!.id);
    expect(log).toHaveLength(1);
    expect(log[0]!.log_level).toBe('INFO');
    expect(log[0]!.log_message).toMatch(/^Rendered \d+ page/);
    expect(JSON.parse(log[0]!.execution_context)).toMatchObject({
      report: 'visitLog',
      code: 'WORKSTATION_VISIT_LOG',
      channel: 'render',
      sha256: r.sha256,
      pages: r.pageCount,
    });
    expect(JSON.parse(lastAudit().details)).toMatchObject({ report: 'visitLog', instanceId: i!.id });
    expect(unpushed('report_instances')).toBe(1);
    expect(unpushed('report_generation_log')).toBe(1);
    written.push({ id: i!.id, sha256: r.sha256, pages: r.pageCount });
  });

  it('a print of an archival report expires after its six years', async () => {
    const month = localDate(Date.now(), TZ).slice(0, 7);
    const p = await core.call('reports.print', { report: 'marSheet', studentId: d.students.ben!, month });
    expect(p.printed).toBe(true);
    const i = instances().find((x) => x.report_definition_id === definitionId('WORKSTATION_MAR_SHEET'))!;
    expect(i).toMatchObject({
      generation_status: 'COMPLETED',
      file_path: p.fileName,
      page_count: p.pageCount,
    });
    expect(JSON.parse(i.report_parameters)).toEqual({ studentId: d.students.ben!, month });
    expect(Date.parse(i.expires_at!) - Date.parse(i.generated_at)).toBe(2190 * DAY_MS);
    const log = logOf(i.id);
    expect(log[0]!.log_message).toMatch(/PDF\/A at the workstation \(print\)$/);
    written.push({ id: i.id, sha256: i.file_hash!, pages: i.page_count! });
  });

  it('a failed render writes a FAILED instance and an ERROR log row; the call still refuses clearly', async () => {
    const e = await refusal(core.call('reports.render', { report: 'immunizationRecord', studentId: 'nope' }));
    expect([e.code, e.field, e.message]).toEqual([
      'NOT_FOUND',
      'studentId',
      'no student nope at this school',
    ]);
    const i = instances().find((x) => x.generation_status === 'FAILED')!;
    expect(i).toMatchObject({
      report_definition_id: definitionId('WORKSTATION_IMMUNIZATION_RECORD'),
      generated_by: d.nurse.id,
      file_path: 'immunization-record_{student_number}_{date}.pdf',
      file_hash: null,
      page_count: null,
      generation_error: 'no student nope at this school',
    });
    expect(JSON.parse(i.report_parameters)).toEqual({ studentId: 'nope' });
    expect(logOf(i.id)).toEqual([
      expect.objectContaining({
        log_level: 'ERROR',
        log_message: 'Generation failed: no student nope at this school',
      }),
    ]);
    failedId = i.id;
  });

  it('emergency access prints the card with no instance (no user to name), audited as before', async () => {
    const n = instances().length;
    await core.call('app.lock', {});
    await core.call('app.breakGlass', { reason: 'Anaphylaxis in room 12, need the card' });
    await core.call('reports.render', { report: 'emergencyCard', studentId: d.students.ana! });
    expect(lastAudit()).toMatchObject({ action: 'PRINT', user_id: null });
    expect(instances()).toHaveLength(n);
    await core.call('app.unlock', { password: PASSWORD });
  });

  it('after a sync the instances and their log rows are on the district', async () => {
    expect((await core.call('sync.now', {})).lastError).toBeUndefined();
    expect(unpushed('report_instances')).toBe(0);
    expect(unpushed('report_generation_log')).toBe(0);
    const rows = await d.h.db
      .selectFrom('report_instances as i')
      .innerJoin('report_definitions as r', 'r.id', 'i.report_definition_id')
      .select([
        'i.id',
        'r.report_code',
        'i.school_id',
        'i.generated_by',
        'i.generation_status',
        'i.file_hash',
        'i.page_count',
        'i.generation_error',
        'i.generated_at',
        'i.expires_at',
      ])
      .orderBy('i.generated_at')
      .execute();
    expect(rows.map((r) => r.id).sort()).toEqual([...written.map((w) => w.id), failedId].sort());
    for (const w of written)
      expect(rows.find((r) => r.id === w.id)).toMatchObject({
        generation_status: 'COMPLETED',
        file_hash: w.sha256,
        page_count: w.pages,
        school_id: d.schoolId,
        generated_by: d.nurse.id,
      });
    expect(rows.find((r) => r.id === failedId)).toMatchObject({
      report_code: 'WORKSTATION_IMMUNIZATION_RECORD',
      generation_status: 'FAILED',
      generation_error: 'no student nope at this school',
    });
    const visitLog = rows.find((r) => r.report_code === 'WORKSTATION_VISIT_LOG')!;
    expect(visitLog.expires_at!.getTime() - visitLog.generated_at.getTime()).toBe(30 * DAY_MS);
    const log = await d.h.db
      .selectFrom('report_generation_log')
      .select(['report_instance_id', 'log_level'])
      .orderBy('report_instance_id')
      .execute();
    expect(log).toEqual(
      [
        ...written.map((w) => ({ report_instance_id: w.id, log_level: 'INFO' })),
        {
          report_instance_id: failedId,
          log_level: 'ERROR',
        },
      ].sort((a, b) => a.report_instance_id.localeCompare(b.report_instance_id)),
    );
  });
});
