/**
 * Controlled substances (Schedule II to V): a school's stock of unit doses of one medication as a ledger. RECEIVED
 * and VOIDED (a voided dose's units back) add; GIVEN, WASTED and RETURNED take away; a COUNT is the physical count:
 * it reconciles when it equals the balance the ledger expected, and the balance is the count from then on.
 */

export const CONTROLLED_KINDS = ['RECEIVED', 'GIVEN', 'WASTED', 'RETURNED', 'VOIDED', 'COUNT'] as const;
export type ControlledKind = (typeof CONTROLLED_KINDS)[number];

/** The kinds a nurse records by hand (GIVEN and VOIDED come from the MAR). */
export const MANUAL_CONTROLLED_KINDS = ['RECEIVED', 'WASTED', 'RETURNED', 'COUNT'] as const;
export type ManualControlledKind = (typeof MANUAL_CONTROLLED_KINDS)[number];

/** The district's default policy: a second person witnesses a waste and a count (configurable later). */
export const WITNESS_REQUIRED: ReadonlySet<ControlledKind> = new Set<ControlledKind>(['WASTED', 'COUNT']);

/** The largest quantity one entry may carry (the table's CHECK). */
export const MAX_CONTROLLED_QUANTITY = 100_000;

export interface LedgerEntry {
  readonly kind: ControlledKind;
  readonly quantity: number;
}

const round = (n: number) => Math.round(n * 100) / 100;

/** The balance after the entries, in order. */
export function ledgerBalance(entries: readonly LedgerEntry[]): number {
  let b = 0;
  for (const e of entries) b = applyEntry(b, e);
  return b;
}

/** The balance after one entry. */
export function applyEntry(balance: number, e: LedgerEntry): number {
  switch (e.kind) {
    case 'RECEIVED':
    case 'VOIDED':
      return round(balance + e.quantity);
    case 'GIVEN':
    case 'WASTED':
    case 'RETURNED':
      return round(balance - e.quantity);
    case 'COUNT':
      return round(e.quantity);
  }
}

/** A taking-away entry that would leave less than nothing: the message, else null. */
export function overdrawProblem(balance: number, e: LedgerEntry): string | null {
  if (e.kind !== 'WASTED' && e.kind !== 'RETURNED') return null;
  if (e.quantity > balance) return `quantity: at most the ${balance} unit doses in stock`;
  return null;
}
