import { z } from 'zod';
import { LOCAL_AUDIT_ACTIONS } from '../audit-hash';
import { jsonValue } from '../db/column-types';

/**
 * POST /sync/audit (docs/sync.md, "Workstation audit trail"): a workstation sends its local audit trail
 * (local_audit_log) to the district server, in seq order, each entry exactly as stored (details parsed from its
 * stored JSON text). The server recomputes every hash (src-shared/audit-hash.ts), checks the chain continues what it
 * already received, and copies the new entries into audit_logs.
 */

export const AUDIT_UPLOAD_MAX_ENTRIES = 500;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 hash (64 lowercase hex digits)');

export const auditUploadEntry = z.strictObject({
  seq: z.number().int().positive(),
  at: z.iso.datetime({ offset: true }),
  userId: z.string().min(1).max(64).nullable(),
  action: z.enum(LOCAL_AUDIT_ACTIONS),
  table: z.string().min(1).max(100).nullable(),
  recordId: z.string().min(1).max(200).nullable(),
  breakGlass: z.boolean(),
  /** The stored details, parsed: the server hashes JSON.stringify of it, which gives back the stored text. */
  details: z.record(z.string(), jsonValue),
  prevHash: sha256Hex,
  hash: sha256Hex,
});
export type AuditUploadEntry = z.infer<typeof auditUploadEntry>;

export const auditUploadRequest = z.strictObject({
  entries: z.array(auditUploadEntry).min(1).max(AUDIT_UPLOAD_MAX_ENTRIES),
});
export type AuditUploadRequest = z.infer<typeof auditUploadRequest>;

export const auditUploadResponse = z.strictObject({
  /** Entries copied into audit_logs by this call (a retried entry is not counted, nor copied again). */
  accepted: z.number().int().nonnegative(),
  /** The last seq of this device's trail the server holds: the workstation's upload cursor. */
  lastSeq: z.number().int().nonnegative(),
});
export type AuditUploadResponse = z.infer<typeof auditUploadResponse>;
