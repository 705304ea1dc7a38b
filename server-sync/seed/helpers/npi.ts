import type { Faker } from '@faker-js/faker';

/** Luhn check digit of an NPI: the Luhn sum over the card-issuer prefix 80840 followed by the 9 base digits. */
export function npiCheckDigit(base9: string): number {
  if (!/^[0-9]{9}$/.test(base9)) throw new Error(`an NPI base is 9 digits, got '${base9}'`);
  const digits = `80840${base9}`;
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

/** A valid NPI: individual providers start with 1, organizations with 2. */
export function makeNpi(f: Faker, kind: 'individual' | 'organization'): string {
  const base = `${kind === 'individual' ? '1' : '2'}${f.string.numeric({ length: 8, allowLeadingZeros: true })}`;
  return `${base}${npiCheckDigit(base)}`;
}
