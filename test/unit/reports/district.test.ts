import { describe, expect, it } from 'vitest';
import { UserRole } from '../../../src-shared/enums';
import {
  DISTRICT_REPORTS,
  districtParameterSchema,
  districtReportMeta,
  epidemicCurve,
  MAX_RANGE_DAYS,
  medicationSummaryDocument,
  outbreakLineListDocument,
  parameterIssue,
  PARAMETER_NAMES,
  visitAnalyticsDocument,
  type DistrictReportMeta,
  type LayoutContext,
  type LineListCase,
} from '../../../src-shared/reports/district';
import type { Block } from '../../../src-shared/reports/document';

const meta = (name: string): DistrictReportMeta => {
  const m = districtReportMeta(name);
  if (!m) throw new Error(`no ${name}`);
  return m;
};
const issue = (name: string, params: Record<string, unknown>) => {
  const r = districtParameterSchema(meta(name)).safeParse(params);
  return r.success ? null : parameterIssue(r.error);
};
const ctx: LayoutContext = {
  organization: 'Fox Run City Schools',
  printedAt: 'Dec 7, 2026, 9:00 AM (America/New_York)',
  printedBy: 'Dana Admin',
  createdAt: new Date('2026-12-07T14:00:00Z'),
  timeZone: 'America/New_York',
};
const tables = (blocks: readonly Block[]) => blocks.filter((b) => b.kind === 'table');

describe('district report definitions', () => {
  it('are data: unique kebab names and codes, known roles, parameters named alike, retention, flags', () => {
    expect(new Set(DISTRICT_REPORTS.map((r) => r.name)).size).toBe(DISTRICT_REPORTS.length);
    expect(new Set(DISTRICT_REPORTS.map((r) => r.code)).size).toBe(DISTRICT_REPORTS.length);
    expect(DISTRICT_REPORTS.map((r) => r.name)).toEqual([
      'visit-analytics',
      'medication-summary',
      'outbreak-line-list',
      'immunization-compliance',
      'audit',
    ]);
    for (const r of DISTRICT_REPORTS) {
      expect(r.name).toMatch(/^[a-z][a-z0-9-]+$/);
      for (const role of r.roles) expect(UserRole).toContain(role);
      for (const p of r.parameters) expect(PARAMETER_NAMES).toContain(p.name);
      expect(r.retentionDays).toBeGreaterThan(0);
    }
    expect(meta('audit').roles).toEqual(['AUDITOR']);
    expect(meta('audit').archival).toBe(true);
    expect(DISTRICT_REPORTS.filter((r) => r.archival).map((r) => r.name)).toEqual(['audit']);
  });

  it('accept good parameters, trimmed; an empty optional school is no school', () => {
    const r = districtParameterSchema(meta('visit-analytics')).parse({
      from: ' 2026-09-01 ',
      to: '2026-11-20',
      schoolId: '',
    });
    expect(r).toEqual({ from: '2026-09-01', to: '2026-11-20' });
  });

  it('refuse a bad parameter naming it', () => {
    expect(issue('visit-analytics', { to: '2026-11-20' })).toEqual({
      parameter: 'from',
      message: 'is required',
    });
    expect(issue('visit-analytics', { from: '2026-02-30', to: '2026-11-20' })?.parameter).toBe('from');
    expect(issue('visit-analytics', { from: '11/20/2026', to: '2026-11-20' })?.message).toMatch(/YYYY-MM-DD/);
    expect(issue('visit-analytics', { from: '2026-11-21', to: '2026-11-20' })).toEqual({
      parameter: 'to',
      message: 'must be on or after from',
    });
    expect(issue('visit-analytics', { from: '2020-01-01', to: '2026-11-20' })?.message).toContain(
      String(MAX_RANGE_DAYS),
    );
    expect(issue('visit-analytics', { from: '2026-09-01', to: '2026-11-20', schoolId: 'a\u0000b' })).toEqual({
      parameter: 'schoolId',
      message: 'must not contain NUL',
    });
    expect(issue('visit-analytics', { from: '2026-09-01', to: '2026-11-20', grade: '3' })).toEqual({
      parameter: 'grade',
      message: 'is not a parameter of this report',
    });
    expect(
      issue('medication-summary', { from: '2026-09-01', to: '2026-11-20', schoolId: "x'; drop" })?.parameter,
    ).toBe('schoolId');
  });

  it('the audit report needs a student or a user, not both', () => {
    const range = { from: '2026-09-01', to: '2026-11-20' };
    expect(issue('audit', range)).toEqual({ parameter: 'studentId', message: 'give studentId or userId' });
    expect(issue('audit', { ...range, studentId: 's1', userId: 'u1' })?.parameter).toBe('userId');
    expect(issue('audit', { ...range, userId: 'u1' })).toBeNull();
  });
});

describe('district report layouts', () => {
  it('a report with no rows says so (each table carries its empty text; no chart of nothing)', () => {
    const doc = visitAnalyticsDocument(meta('visit-analytics'), ctx, {
      from: '2026-07-01',
      to: '2026-07-31',
      schools: [
        { schoolId: 's', schoolName: 'Riverside', visits: 0, sentHome: 0, emergencies: 0, minutesMissed: 0 },
      ],
      grades: [],
      reasons: [],
    });
    expect(doc.blocks.some((b) => b.kind === 'chart')).toBe(false);
    const t = tables(doc.blocks);
    expect(t.map((b) => (b.kind === 'table' ? b.rows.length : -1))).toEqual([1, 0, 0]);
    expect(t.every((b) => b.kind === 'table' && b.emptyText.length > 0)).toBe(true);
    const med = medicationSummaryDocument(meta('medication-summary'), ctx, {
      from: '2026-07-01',
      to: '2026-07-31',
      rows: [],
    });
    expect(med.blocks.some((b) => b.kind === 'chart')).toBe(false);
    const ob = outbreakLineListDocument(meta('outbreak-line-list'), ctx, {
      from: '2026-07-01',
      to: '2026-07-31',
      outbreaks: [],
    });
    expect(ob.blocks.some((b) => b.kind === 'paragraph' && b.text.includes('No outbreak alerts'))).toBe(true);
  });

  it('charts hold the numbers of the tables beside them', () => {
    const doc = medicationSummaryDocument(meta('medication-summary'), ctx, {
      from: '2026-09-01',
      to: '2026-09-30',
      rows: [
        {
          schoolId: 'a',
          schoolName: 'A',
          medication: 'Albuterol',
          given: 5,
          missed: 1,
          refused: 0,
          held: 0,
          notInSchool: 2,
        },
        {
          schoolId: 'a',
          schoolName: 'A',
          medication: 'Ibuprofen',
          given: 3,
          missed: 0,
          refused: 2,
          held: 1,
          notInSchool: 0,
        },
        {
          schoolId: 'b',
          schoolName: 'B',
          medication: 'Albuterol',
          given: 7,
          missed: 2,
          refused: 1,
          held: 0,
          notInSchool: 0,
        },
      ],
    });
    const bySchool = tables(doc.blocks)[0];
    const chart = doc.blocks.find((b) => b.kind === 'chart');
    if (bySchool?.kind !== 'table' || chart?.kind !== 'chart') throw new Error('layout');
    expect(bySchool.rows.map((r) => [r.school, r.given, r.missed, r.refused, r.total])).toEqual([
      ['A', 8, 1, 2, 14],
      ['B', 7, 2, 1, 10],
    ]);
    expect(chart.categories).toEqual(['A', 'B']);
    expect(chart.series.map((s) => [s.name, ...s.values])).toEqual([
      ['Given', 8, 7],
      ['Missed', 1, 2],
      ['Refused', 2, 1],
    ]);
  });

  it('the epidemic curve counts cases per onset day, zero days included', () => {
    const c = (onsetDate: string): LineListCase => ({
      studentName: 'x',
      studentNumber: '1',
      grade: '3',
      onsetDate,
      location: null,
      symptoms: [],
      sentHome: false,
    });
    expect(epidemicCurve([c('2026-09-27'), c('2026-09-24'), c('2026-09-24')])).toEqual([
      { date: '2026-09-22', cases: 0 },
      { date: '2026-09-23', cases: 0 },
      { date: '2026-09-24', cases: 2 },
      { date: '2026-09-25', cases: 0 },
      { date: '2026-09-26', cases: 0 },
      { date: '2026-09-27', cases: 1 },
      { date: '2026-09-28', cases: 0 },
      { date: '2026-09-29', cases: 0 },
    ]);
    expect(epidemicCurve([])).toEqual([]);
  });
});
