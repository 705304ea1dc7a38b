import { describe, expect, it } from 'vitest';
import { centsToDecimal, decimalToCents } from '../../../src-shared/billing';

describe('money: integer cents <-> decimal strings', () => {
  it('writes cents with two decimal places', () => {
    expect(centsToDecimal(2500)).toBe('25.00');
    expect(centsToDecimal(5)).toBe('0.05');
    expect(centsToDecimal(0)).toBe('0.00');
    expect(centsToDecimal(-305)).toBe('-3.05');
    expect(centsToDecimal(123456789)).toBe('1234567.89');
  });

  it('reads decimal strings exactly (no binary floating point)', () => {
    expect(decimalToCents('25.00')).toBe(2500);
    expect(decimalToCents('25')).toBe(2500);
    expect(decimalToCents('25.5')).toBe(2550);
    expect(decimalToCents('0.07')).toBe(7);
    expect(decimalToCents('-3.05')).toBe(-305);
    // 0.1 + 0.2 in cents is exact.
    expect(decimalToCents('0.10') + decimalToCents('0.20')).toBe(decimalToCents('0.30'));
  });

  it('round-trips', () => {
    for (const c of [0, 1, 99, 100, 101, 1827, -1, -100, 999999])
      expect(decimalToCents(centsToDecimal(c))).toBe(c);
  });

  it('refuses fractions of a cent and what is not an amount, naming the value', () => {
    expect(() => centsToDecimal(12.5)).toThrow(/whole number, got 12.5/);
    expect(() => decimalToCents('1.005')).toThrow(/'1.005'/);
    expect(() => decimalToCents('$5')).toThrow(/'\$5'/);
    expect(() => decimalToCents('')).toThrow(/not a money amount/);
  });
});
