import { describe, expect, it } from 'vitest';
import { REPORT_ACCESS } from '../../../src-main/workstation/reports';
import { UserRole } from '../../../src-shared/enums';
import { ReportRequest, WORKSTATION_REPORTS } from '../../../src-shared/ipc/reports';
import { DISTRICT_REPORTS } from '../../../src-shared/reports/district';
import { reportFilePlaceholders } from '../../../src-shared/reports';
import {
  WORKSTATION_REPORT_DEFINITIONS,
  workstationReportMeta,
} from '../../../src-shared/reports/workstation';

describe('workstation report definitions', () => {
  it('one per workstation report, named as the IPC contract names it, with codes of their own', () => {
    expect(WORKSTATION_REPORT_DEFINITIONS.map((r) => r.name)).toEqual([...WORKSTATION_REPORTS]);
    const codes = WORKSTATION_REPORT_DEFINITIONS.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) {
      expect(c).toMatch(/^WORKSTATION_[A-Z_]+$/);
      expect(c.length).toBeLessThanOrEqual(50); // report_definitions.report_code varchar(50)
    }
    expect(codes.filter((c) => DISTRICT_REPORTS.some((r) => r.code === c))).toEqual([]);
  });

  it('known roles, a retention, file names of known placeholders, parameters the request takes', () => {
    for (const r of WORKSTATION_REPORT_DEFINITIONS) {
      for (const role of r.roles) expect(UserRole).toContain(role);
      expect(r.retentionDays).toBeGreaterThan(0);
      expect(() => reportFilePlaceholders(r.fileName)).not.toThrow();
      expect(r.fileName).toMatch(/\.pdf$/);
      // the request of this report with every parameter given parses; one without a required parameter does not
      const sample: Record<string, string> = {
        date: '2026-12-07',
        studentId: 's1',
        month: '2026-12',
        visitId: 'v1',
      };
      const args = Object.fromEntries(r.parameters.map((p) => [p.name, sample[p.name]!]));
      expect(ReportRequest.safeParse({ report: r.name, ...args }).success).toBe(true);
      for (const p of r.parameters.filter((x) => x.required)) {
        const { [p.name]: _left, ...less } = args;
        expect(
          ReportRequest.safeParse({ report: r.name, ...less }).success,
          `${r.name} without ${p.name}`,
        ).toBe(false);
      }
    }
    expect(workstationReportMeta('marSheet')).toMatchObject({ archival: true, retentionDays: 2190 });
    expect(workstationReportMeta('immunizationRecord')).toMatchObject({
      archival: true,
      retentionDays: 2190,
    });
    expect(workstationReportMeta('visitLog').retentionDays).toBe(30);
  });

  it('are the access rule: roles and emergency access come from the definitions', () => {
    for (const r of WORKSTATION_REPORT_DEFINITIONS)
      expect(REPORT_ACCESS[r.name]).toEqual({ roles: r.roles, emergency: r.emergency });
    expect(WORKSTATION_REPORT_DEFINITIONS.filter((r) => r.emergency).map((r) => r.name)).toEqual([
      'healthSummary',
      'emergencyCard',
    ]);
  });
});
