import { describe, expect, it } from 'vitest';
import { claimNumber, patientControlNumber, timedServiceUnits } from '../../../src-shared/billing';

describe('claim numbering', () => {
  it('numbers claims per service year with a 6-digit sequence', () => {
    expect(claimNumber(2026, 1)).toBe('WC-2026-000001');
    expect(claimNumber(2026, 123)).toBe('WC-2026-000123');
    expect(claimNumber(2027, 999_999)).toBe('WC-2027-999999');
  });

  it('refuses a sequence that does not fit and a year that is not 4 digits', () => {
    expect(() => claimNumber(2026, 0)).toThrow(/sequence must be 1 to 999999, got 0/);
    expect(() => claimNumber(2026, 1_000_000)).toThrow(/got 1000000/);
    expect(() => claimNumber(26, 1)).toThrow(/service year must be 4 digits, got 26/);
  });

  it('makes the 837P patient control number (CLM01): the claim number without dashes, at most 38 characters', () => {
    expect(patientControlNumber('WC-2026-000123')).toBe('WC2026000123');
    expect(() => patientControlNumber('WC 2026')).toThrow(/CLM01/);
    expect(() => patientControlNumber(`WC-${'9'.repeat(40)}`)).toThrow(/CLM01/);
  });
});

describe('units of a timed service', () => {
  it('counts every started 15-minute unit, at least one, at most the maximum', () => {
    expect(timedServiceUnits(0, 15, 4)).toBe(1);
    expect(timedServiceUnits(5, 15, 4)).toBe(1);
    expect(timedServiceUnits(15, 15, 4)).toBe(1);
    expect(timedServiceUnits(16, 15, 4)).toBe(2);
    expect(timedServiceUnits(45, 15, 4)).toBe(3);
    expect(timedServiceUnits(61, 15, 4)).toBe(4);
    expect(timedServiceUnits(300, 15, 4)).toBe(4);
  });

  it('refuses negative minutes and nonsensical units', () => {
    expect(() => timedServiceUnits(-1, 15, 4)).toThrow(/>= 0, got -1/);
    expect(() => timedServiceUnits(10, 0, 4)).toThrow(/unit length/);
    expect(() => timedServiceUnits(10, 15, 0)).toThrow(/maximum units/);
  });
});
