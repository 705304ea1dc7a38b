/**
 * Claim numbering: a district claim number is 'WC-' + the service year + '-' + a 6-digit sequence within that
 * year (WC-2026-000123). The patient control number sent in the 837P (CLM01, at most 38 characters) is the
 * claim number without its dashes.
 */

const SEQUENCE_MAX = 999_999;

/** WC-2026-000123 for the 123rd claim of service year 2026. */
export function claimNumber(serviceYear: number, sequence: number): string {
  if (!Number.isInteger(serviceYear) || serviceYear < 1000 || serviceYear > 9999)
    throw new Error(`claim number: service year must be 4 digits, got ${serviceYear}`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > SEQUENCE_MAX)
    throw new Error(`claim number: sequence must be 1 to ${SEQUENCE_MAX}, got ${sequence}`);
  return `WC-${serviceYear}-${String(sequence).padStart(6, '0')}`;
}

/** The 837P patient control number (CLM01) of a claim number: WC2026000123. */
export function patientControlNumber(claim: string): string {
  const pcn = claim.replaceAll('-', '');
  if (!/^[A-Za-z0-9]{1,38}$/.test(pcn))
    throw new Error(
      `claim number '${claim}' does not make a patient control number (CLM01: 1-38 letters or digits)`,
    );
  return pcn;
}
