/** ISA13, the interchange control number: exactly 9 digits (1 to 999999999), zero-padded. */
export function isaControlNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 999_999_999)
    throw new Error(`ISA13 interchange control number must be 1 to 999999999, got ${n}`);
  return String(n).padStart(9, '0');
}
