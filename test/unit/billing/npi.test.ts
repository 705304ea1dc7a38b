import { describe, expect, it } from 'vitest';
import { isValidNpi, npiCheckDigit, npiOf } from '../../../src-shared/billing';

/** The ISO/IEC 7812 Luhn test of a full number (check digit last), written independently of the code under test. */
function luhnValid(digits: string): boolean {
  let sum = 0;
  [...digits].reverse().forEach((ch, i) => {
    let v = Number(ch);
    if (i % 2 === 1) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
    sum += v;
  });
  return sum % 10 === 0;
}

describe('NPI check digit (Luhn over 80840 + base)', () => {
  it("gives CMS's published example: 123456789 -> 1234567893", () => {
    expect(npiCheckDigit('123456789')).toBe(3);
    expect(npiOf('123456789')).toBe('1234567893');
    expect(isValidNpi('1234567893')).toBe(true);
  });

  it('makes NPIs that pass the Luhn test with the card-issuer prefix 80840, and only the right digit does', () => {
    for (const base of ['100000000', '199999999', '200000001', '123450000', '987654321', '111111111']) {
      const npi = npiOf(base);
      expect(luhnValid(`80840${npi}`), npi).toBe(true);
      for (let d = 0; d <= 9; d++) {
        const other = `${base}${d}`;
        expect(isValidNpi(other), other).toBe(other === npi);
      }
    }
  });

  it('refuses what is not 9 (base) or 10 (NPI) digits', () => {
    expect(() => npiCheckDigit('12345678')).toThrow(/9 digits, got '12345678'/);
    expect(() => npiCheckDigit('12345678x')).toThrow(/9 digits/);
    expect(isValidNpi('123456789')).toBe(false);
    expect(isValidNpi('12345678930')).toBe(false);
    expect(isValidNpi('123456789a')).toBe(false);
  });
});
