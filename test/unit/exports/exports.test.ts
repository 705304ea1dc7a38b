import { describe, expect, it } from 'vitest';
import {
  adHocExportFilePath,
  archivedExportPath,
  ExportFrequency,
  exportFileName,
  exportFilePath,
  isExportDue,
} from '../../../src-shared/exports';

describe('export schedules', () => {
  it('runs daily exports every day, weekly ones on Mondays, monthly ones on the 1st', () => {
    expect([...ExportFrequency]).toEqual(['DAILY', 'WEEKLY', 'MONTHLY']);
    // 2026-11-01 is a Sunday, 2026-11-02 a Monday.
    expect(isExportDue('DAILY', '2026-11-01')).toBe(true);
    expect(isExportDue('WEEKLY', '2026-11-01')).toBe(false);
    expect(isExportDue('WEEKLY', '2026-11-02')).toBe(true);
    expect(isExportDue('WEEKLY', '2026-11-09')).toBe(true);
    expect(isExportDue('WEEKLY', '2026-11-10')).toBe(false);
    expect(isExportDue('MONTHLY', '2026-11-01')).toBe(true);
    expect(isExportDue('MONTHLY', '2026-11-02')).toBe(false);
    expect(isExportDue('MONTHLY', '2027-01-01')).toBe(true);
    // A week of weekly runs: exactly one.
    const week = [
      '2026-11-16',
      '2026-11-17',
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
      '2026-11-21',
      '2026-11-22',
    ];
    expect(week.filter((d) => isExportDue('WEEKLY', d))).toEqual(['2026-11-16']);
  });

  it('names a date that is not one', () => {
    expect(() => isExportDue('DAILY', '2026-02-30')).toThrow(/'2026-02-30'/);
    expect(() => isExportDue('DAILY', '20261101')).toThrow(/'20261101'/);
  });
});

describe('export files', () => {
  it('places scheduled, ad-hoc and archived export files', () => {
    expect(exportFileName('immunization-compliance', '2026-11-20', 'csv.pgp')).toBe(
      'immunization-compliance_20261120.csv.pgp',
    );
    expect(exportFilePath('medicaid-claims', '2026-11-02', 'x12')).toBe(
      'exports/medicaid-claims/2026/11/medicaid-claims_20261102.x12',
    );
    expect(adHocExportFilePath('PHI_DISCLOSURES', '2026-03-05', 'csv')).toBe(
      'exports/ad-hoc/2026/phi-disclosures_20260305.csv',
    );
    expect(archivedExportPath('exports/medicaid-claims/2026/11/medicaid-claims_20261102.x12')).toBe(
      'archive/exports/medicaid-claims/2026/11/medicaid-claims_20261102.x12',
    );
  });

  it('refuses names that would leave the folder or are not names', () => {
    expect(() => exportFilePath('../etc', '2026-11-02', 'csv')).toThrow(/export key '\.\.\/etc'/);
    expect(() => exportFileName('ok', '2026-11-02', 'c/sv')).toThrow(/export extension 'c\/sv'/);
    expect(() => adHocExportFilePath('AUDIT LOG', '2026-11-02', 'csv')).toThrow(/export type 'audit log'/);
    expect(() => exportFileName('ok', '11/02/2026', 'csv')).toThrow(/'11\/02\/2026'/);
  });
});
