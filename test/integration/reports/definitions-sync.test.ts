import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { ALL_REPORT_DEFINITION_SOURCES, syncReportDefinitions } from '../../../server-sync/reports';
import { DISTRICT_REPORTS } from '../../../src-shared/reports/district';
import { WORKSTATION_REPORT_DEFINITIONS } from '../../../src-shared/reports/workstation';
import { serverTargets } from '../../support/db';

/**
 * syncReportDefinitions (server start, the demo): every district and workstation report in report_definitions, each
 * with its retention_days; a second run changes nothing, a changed row is put back.
 */
describe.each(serverTargets())('report definitions into report_definitions on $name', (target) => {
  let h: ServerDbHandle;
  const rows = () =>
    h.db
      .selectFrom('report_definitions')
      .select([
        'report_code',
        'report_name',
        'retention_days',
        'output_filename_pattern',
        'template_path',
        'data_source_query',
        'includes_phi',
        'updated_at',
      ])
      .orderBy('report_code')
      .execute();

  beforeAll(async () => {
    h = await target.open();
    await migrateServerToLatest(h.db);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('writes the district reports and the six workstation reports, with their retention', async () => {
    expect(await syncReportDefinitions(h.db, new Date('2026-12-01T00:00:00Z'))).toBe(
      DISTRICT_REPORTS.length + WORKSTATION_REPORT_DEFINITIONS.length,
    );
    const r = await rows();
    expect(r.map((x) => x.report_code)).toEqual(ALL_REPORT_DEFINITION_SOURCES.map((s) => s.code).sort());
    for (const m of [...DISTRICT_REPORTS, ...WORKSTATION_REPORT_DEFINITIONS])
      expect(r.find((x) => x.report_code === m.code)).toMatchObject({
        report_name: m.title,
        retention_days: m.retentionDays,
        output_filename_pattern: m.fileName,
        includes_phi: m.phi,
      });
    expect(r.find((x) => x.report_code === 'WORKSTATION_MAR_SHEET')).toMatchObject({
      template_path: 'src-shared/reports/workstation/mar-sheet.ts',
      data_source_query: 'src-main/workstation/reports/read-mar.ts',
    });
  });

  it('a second run changes nothing; a changed retention is put back', async () => {
    const before = await rows();
    await syncReportDefinitions(h.db, new Date('2026-12-02T00:00:00Z'));
    expect(await rows()).toEqual(before);
    await h.db
      .updateTable('report_definitions')
      .set({ retention_days: 1 })
      .where('report_code', '=', 'WORKSTATION_VISIT_LOG')
      .execute();
    await syncReportDefinitions(h.db, new Date('2026-12-03T00:00:00Z'));
    const after = await rows();
    expect(after.find((x) => x.report_code === 'WORKSTATION_VISIT_LOG')).toMatchObject({
      retention_days: 30,
      updated_at: new Date('2026-12-03T00:00:00Z'),
    });
    expect(after.filter((x) => x.updated_at.getTime() === Date.parse('2026-12-03T00:00:00Z'))).toHaveLength(
      1,
    );
  });
});
