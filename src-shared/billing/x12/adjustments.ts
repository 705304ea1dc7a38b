/**
 * Claim adjustments (X12 835 CAS, 837 and 277CA): a claim adjustment group code and a claim adjustment reason
 * code (CARC), written together as 'CO-45' in the claim's records and on remittance reports.
 */

/** X12 claim adjustment group codes: contractual obligation, correction/reversal, other, payer-initiated, patient responsibility. */
export const ADJUSTMENT_GROUPS = Object.freeze(['CO', 'CR', 'OA', 'PI', 'PR'] as const);
export type AdjustmentGroup = (typeof ADJUSTMENT_GROUPS)[number];

/** CARC: 1 to 3 letters or digits (45, 119, B7, 253...). */
const CARC = /^[A-Z0-9]{1,3}$/;

function groupOf(group: string): AdjustmentGroup {
  const found = ADJUSTMENT_GROUPS.find((g) => g === group);
  if (found === undefined)
    throw new Error(`'${group}' is not a claim adjustment group code (${ADJUSTMENT_GROUPS.join(', ')})`);
  return found;
}

/** 'CO-45' from group 'CO' and reason '45'. */
export function adjustmentCode(group: string, reason: string): string {
  const g = groupOf(group);
  if (!CARC.test(reason)) throw new Error(`'${reason}' is not a claim adjustment reason code`);
  return `${g}-${reason}`;
}

/** The group and reason of 'CO-45'. */
export function parseAdjustmentCode(code: string): { group: AdjustmentGroup; reason: string } {
  const m = /^([A-Z]{2})-([A-Z0-9]{1,3})$/.exec(code);
  if (!m?.[1] || !m[2]) throw new Error(`'${code}' is not an adjustment code such as CO-45`);
  return { group: groupOf(m[1]), reason: m[2] };
}
