/**
 * The workstation's local audit trail (local_audit_log, src-main/workstation/local-db.ts) is a hash chain: each
 * row's hash is SHA-256 hex of the previous row's hash (AUDIT_GENESIS before seq 1) followed by the row's canonical
 * text. The workstation computes it when it appends a row and when it verifies its trail; the district server
 * recomputes it for every entry a workstation uploads (POST /sync/audit), so both use this one definition.
 *
 * src-shared stays pure (no node:crypto): callers pass the SHA-256 function (node:crypto's, on both sides).
 */

/** What the workstation records, one word per kind of event. */
export const LOCAL_AUDIT_ACTIONS = [
  'ENROLL',
  'SIGN_IN',
  'SIGN_IN_FAILED',
  'SIGN_OUT',
  'LOCK',
  'UNLOCK',
  'UNLOCK_FAILED',
  'PIN_SET',
  'PIN_CLEARED',
  'BREAK_GLASS',
  'VIEW',
  'CREATE',
  'UPDATE',
  'PRINT',
  'ALLERGY_OVERRIDE',
  'CONFLICT_RESOLVED',
] as const;
export type LocalAuditAction = (typeof LOCAL_AUDIT_ACTIONS)[number];

/** prev_hash of seq 1. */
export const AUDIT_GENESIS = '0'.repeat(64);

/** The fields of a local audit row the hash covers. */
export interface LocalAuditHashed {
  readonly seq: number;
  readonly at: string;
  readonly userId: string | null;
  readonly action: string;
  readonly table: string | null;
  readonly recordId: string | null;
  readonly breakGlass: boolean;
  /** The details exactly as stored: JSON.stringify of the details object. */
  readonly details: string;
}

/** SHA-256 of a UTF-8 string, as lowercase hex. */
export type Sha256Hex = (text: string) => string;

/** The canonical text a local audit row's hash covers (after the previous hash). */
export function localAuditCanonical(r: LocalAuditHashed): string {
  return JSON.stringify([
    r.seq,
    r.at,
    r.userId ?? null,
    r.action,
    r.table ?? null,
    r.recordId ?? null,
    r.breakGlass ? 1 : 0,
    r.details,
  ]);
}

/** The row's hash: SHA-256 hex of prevHash followed by its canonical text. */
export function localAuditHash(sha256Hex: Sha256Hex, prevHash: string, r: LocalAuditHashed): string {
  return sha256Hex(prevHash + localAuditCanonical(r));
}
