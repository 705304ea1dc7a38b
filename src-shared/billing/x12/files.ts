import { x12Date } from './dates';

/**
 * Where the district keeps its EDI files: one 837P batch a day (WC837P-CCYYMMDD-NN.x12), the 999 and 277CA
 * acknowledgments of that batch, and each payer's 835 remittance (ERA_<payer>_CCYYMMDD.835), by year.
 */

export type EdiFileKind = '837p' | '999' | '277ca';

const EXTENSION: Readonly<Record<EdiFileKind, string>> = Object.freeze({
  '837p': 'x12',
  '999': '999',
  '277ca': '277',
});

/** The id of a day's 837P batch: WC837P-20261102-01. */
export function claimBatchId(date: string, n = 1): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new Error(`batch number must be 1 to 99, got ${n}`);
  return `WC837P-${x12Date(date)}-${String(n).padStart(2, '0')}`;
}

/** edi/837p/2026/WC837P-20261102-01.x12, edi/999/..., edi/277ca/... .277 */
export function ediFilePath(kind: EdiFileKind, batchDate: string, batchId: string): string {
  return `edi/${kind}/${x12Date(batchDate).slice(0, 4)}/${batchId}.${EXTENSION[kind]}`;
}

/** edi/835/2026/ERA_87726_20261106.835 */
export function eraFilePath(payerId: string, paymentDate: string): string {
  if (!/^[A-Za-z0-9]+$/.test(payerId)) throw new Error(`payer id '${payerId}' is not letters and digits`);
  const d = x12Date(paymentDate);
  return `edi/835/${d.slice(0, 4)}/ERA_${payerId}_${d}.835`;
}
