/**
 * National Provider Identifier (45 CFR 162.406): 10 digits, the last a Luhn check digit computed over the 9
 * base digits prefixed with the card-issuer identifier 80840 (CMS, "Requirements for National Provider
 * Identifier (NPI) and NPI Enumeration": 123456789 -> 1234567893).
 */

const NPI_PREFIX = '80840';

/** The Luhn check digit of a 9-digit NPI base. */
export function npiCheckDigit(base9: string): number {
  if (!/^[0-9]{9}$/.test(base9)) throw new Error(`an NPI base is 9 digits, got '${base9}'`);
  const digits = `${NPI_PREFIX}${base9}`;
  let sum = 0;
  // Double every second digit from the right of the 14 digits (the check digit will be appended to the right).
  for (let i = 0; i < digits.length; i++) {
    let v = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
  }
  return (10 - (sum % 10)) % 10;
}

/** The 10-digit NPI of a 9-digit base (the base followed by its check digit). */
export const npiOf = (base9: string): string => `${base9}${npiCheckDigit(base9)}`;

/** Whether a string is a 10-digit NPI whose last digit is its Luhn check digit. */
export function isValidNpi(npi: string): boolean {
  return /^[0-9]{10}$/.test(npi) && npiCheckDigit(npi.slice(0, 9)) === Number(npi[9]);
}
