/**
 * Money is exact: integer cents in TypeScript, decimal strings with two places in PostgreSQL (numeric(10,2))
 * and on the wire. Never a binary floating-point amount.
 */

/** '25.00' from 2500 cents; '-3.05' from -305. */
export function centsToDecimal(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new Error(`an amount in cents is a whole number, got ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const a = Math.abs(cents);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** 2500 cents from '25.00' (or '25', '25.0'); an amount with more than two decimal places is refused. */
export function decimalToCents(amount: string): number {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount);
  if (!m) throw new Error(`not a money amount with at most two decimal places: '${amount}'`);
  const v = Number(m[2]) * 100 + Number((m[3] ?? '0').padEnd(2, '0'));
  if (!Number.isSafeInteger(v)) throw new Error(`money amount out of range: '${amount}'`);
  return m[1] === '-' ? -v : v;
}
