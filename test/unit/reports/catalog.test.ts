import { describe, expect, it } from 'vitest';
import { UserRole } from '../../../src-shared/enums';
import {
  REPORT_DEFINITIONS,
  REPORT_FILE_PLACEHOLDERS,
  ReportCategory,
  reportDefinition,
  reportFileName,
  reportFilePath,
  reportFilePlaceholders,
  reportTemplatePath,
} from '../../../src-shared/reports';

describe('the report catalog', () => {
  it('has one definition per code, codes in UPPER_SNAKE_CASE, names unique', () => {
    const codes = REPORT_DEFINITIONS.map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^[A-Z][A-Z0-9_]+$/);
    const names = REPORT_DEFINITIONS.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    expect(codes).toEqual(
      expect.arrayContaining(['DAILY_CLINIC_LOG', 'EXCUSE_NOTE', 'MEDICATION_ADMINISTRATION_RECORD']),
    );
  });

  it('is consistent: known categories and roles, file names with known placeholders, parameters for the query', () => {
    for (const d of REPORT_DEFINITIONS) {
      expect(ReportCategory, d.code).toContain(d.category);
      expect(d.roles.length, d.code).toBeGreaterThan(0);
      for (const r of d.roles) expect(UserRole, `${d.code} role ${r}`).toContain(r);
      expect(() => reportFilePlaceholders(d.filename), d.code).not.toThrow();
      if (d.template === 'PDF') expect(d.filename, d.code).toMatch(/\.pdf$/);
      // Every $n of the query is one of the report's parameters.
      const max = Math.max(0, ...[...d.query.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
      expect(max, `${d.code} query parameters`).toBeLessThanOrEqual(d.required.length + d.optional.length);
      const params = [...d.required, ...d.optional].map((p) => p.name);
      expect(new Set(params).size, `${d.code} parameter names`).toBe(params.length);
      expect(d.seconds, d.code).toBeGreaterThan(0);
      expect(d.retentionDays, d.code).toBeGreaterThan(0);
      // PHI is always PII (a record of a person's health identifies the person).
      if (d.phi) expect(d.pii, d.code).toBe(true);
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(REPORT_DEFINITIONS)).toBe(true);
    const first = REPORT_DEFINITIONS[0];
    expect(first && Object.isFrozen(first)).toBe(true);
    expect(first && Object.isFrozen(first.required)).toBe(true);
  });

  it('finds a definition by code and names an unknown one; places templates by engine', () => {
    const log = reportDefinition('DAILY_CLINIC_LOG');
    expect(log.name).toBe('Daily Clinic Log');
    expect(reportTemplatePath(log)).toBe('templates/reports/daily-clinic-log.ts');
    expect(reportTemplatePath(reportDefinition('OUTBREAK_SUMMARY'))).toBe(
      'templates/reports/outbreak-summary.hbs',
    );
    expect(() => reportDefinition('NOPE')).toThrow(/unknown report 'NOPE'/);
  });
});

describe('report file names', () => {
  it('fills every placeholder of a pattern', () => {
    expect(REPORT_FILE_PLACEHOLDERS).toContain('school_code');
    expect(
      reportFileName('clinic-log_{school_code}_{date}.pdf', { school_code: '012345', date: '2026-11-20' }),
    ).toBe('clinic-log_012345_2026-11-20.pdf');
    expect(
      reportFileName(reportDefinition('MEDICATION_ADMINISTRATION_RECORD').filename, {
        school_code: '054321',
        month: '2026-10',
      }),
    ).toBe('mar_054321_2026-10.pdf');
    expect(reportFilePath('012345', '2026-11-20', 'clinic-log_012345_2026-11-20.pdf')).toBe(
      'reports/012345/2026/11/clinic-log_012345_2026-11-20.pdf',
    );
  });

  it('names a missing value, an unknown placeholder and a value that would leave the folder', () => {
    expect(() => reportFileName('x_{date}.pdf', {})).toThrow(/no value for \{date\}/);
    expect(() => reportFileName('x_{nope}.pdf', {})).toThrow(/unknown placeholder \{nope\}/);
    expect(() => reportFileName('x_{scope}.pdf', { scope: '../etc' })).toThrow(/\{scope\} '\.\.\/etc'/);
    expect(() => reportFilePath('a/b', '2026-11-20', 'x.pdf')).toThrow(/scope 'a\/b'/);
  });
});
