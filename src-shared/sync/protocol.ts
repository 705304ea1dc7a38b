import { z } from 'zod';
import { jsonValue } from '../db/column-types';
import { isHlc } from './hlc';

/**
 * The sync protocol between workstation and district server (docs/architecture.md, "Sync protocol").
 * Values on the wire are JSON: booleans as true/false, instants as ISO-8601 UTC strings, dates as
 * 'YYYY-MM-DD', money and other numerics as decimal strings or numbers, JSON columns as JSON values.
 */

export const SYNC_PROTOCOL_VERSION = 1;
/** Every sync call carries the caller's workstation schema version (count of its migrations). */
export const SCHEMA_VERSION_HEADER = 'x-white-cross-schema';
export const PUSH_MAX_CHANGES = 1000;
export const PULL_MAX_LIMIT = 5000;
export const PULL_DEFAULT_LIMIT = 1000;

export const hlcString = z
  .string()
  .refine(isHlc, 'expected an HLC timestamp "<15-digit ms>:<5-digit counter>:<node>"');
export const rowId = z.string().min(1).max(64);
export const columnValues = z.record(z.string().min(1).max(100), jsonValue);

/** One outbox row of a workstation. */
export const outboxChange = z.strictObject({
  seq: z.number().int().positive(),
  table: z.string().min(1).max(100),
  rowId,
  op: z.enum(['UPSERT', 'DELETE']),
  /** Changed columns with their new values (UPSERT); empty for DELETE (a tombstone). */
  columns: columnValues,
  hlc: hlcString,
});
export type OutboxChange = z.infer<typeof outboxChange>;

export const pushRequest = z.strictObject({
  schemaVersion: z.number().int().positive(),
  changes: z.array(outboxChange).min(1).max(PUSH_MAX_CHANGES),
});
export type PushRequest = z.infer<typeof pushRequest>;

export const REJECTION_CODES = [
  'UNKNOWN_TABLE',
  'READ_ONLY_TABLE',
  'UNKNOWN_COLUMN',
  'INVALID_VALUE',
  'OUT_OF_SCOPE',
  'CONSTRAINT',
] as const;
export const pushRejection = z.strictObject({
  seq: z.number().int().positive(),
  table: z.string(),
  rowId: z.string(),
  code: z.enum(REJECTION_CODES),
  /** Says what is wrong and where (column, value). Shown to the nurse. */
  reason: z.string(),
});
export type PushRejection = z.infer<typeof pushRejection>;

export const conflictNotice = z.strictObject({
  id: z.string(),
  table: z.string(),
  rowId: z.string(),
  /** null: the whole row (an edit that arrived after a delete). */
  column: z.string().nullable(),
  type: z.enum(['FIELD_LWW', 'EDIT_AFTER_DELETE', 'CONSTRAINT']),
  winningValue: jsonValue,
  losingValue: jsonValue,
  winningHlc: z.string().nullable(),
  losingHlc: z.string().nullable(),
  status: z.enum(['OPEN', 'RESOLVED']),
});
export type ConflictNotice = z.infer<typeof conflictNotice>;

export const pushResponse = z.strictObject({
  /** Every change with seq <= ackedThrough is durable on the server (applied, rejected, or lost to a newer write as a conflict). */
  ackedThrough: z.number().int().nonnegative(),
  applied: z.number().int().nonnegative(),
  /** Changes at or below the device's last acknowledged seq, ignored (a repeated push). */
  duplicates: z.number().int().nonnegative(),
  rejections: z.array(pushRejection),
  conflicts: z.array(conflictNotice),
  serverTime: z.iso.datetime(),
});
export type PushResponse = z.infer<typeof pushResponse>;

export const pullQuery = z.strictObject({
  after: z.coerce.number().int().nonnegative(),
  limit: z.coerce.number().int().min(1).max(PULL_MAX_LIMIT).default(PULL_DEFAULT_LIMIT),
});
export type PullQuery = z.infer<typeof pullQuery>;

export const pulledChange = z.strictObject({
  serverSeq: z.number().int().positive(),
  table: z.string(),
  rowId: z.string(),
  /** REMOVE: the row leaves this school's data set (a transfer); it is not deleted at the district. */
  op: z.enum(['UPSERT', 'DELETE', 'REMOVE']),
  columns: columnValues,
  hlc: z.string().nullable(),
});
export type PulledChange = z.infer<typeof pulledChange>;

export const pullResponse = z.strictObject({
  changes: z.array(pulledChange),
  /** The cursor for the next pull; store it in the same transaction that applies these changes. */
  nextAfter: z.number().int().nonnegative(),
  hasMore: z.boolean(),
  /** Changes after nextAfter for this caller at the time of the pull, for progress (rows done / total). */
  remaining: z.number().int().nonnegative(),
  /** Open conflicts of the caller's schools, for review. */
  conflicts: z.array(conflictNotice),
});
export type PullResponse = z.infer<typeof pullResponse>;

export const SYNC_ERROR_CODES = [
  'CLOCK_DRIFT',
  'SEQUENCE_GAP',
  'SCHEMA_UNSUPPORTED',
  'DEVICE_REVOKED',
  'DEVICE_REQUIRED',
  'BAD_REQUEST',
] as const;
export const syncErrorBody = z.strictObject({
  error: z.enum(SYNC_ERROR_CODES),
  message: z.string(),
  /** For SEQUENCE_GAP: the seq the server expects next. For CLOCK_DRIFT: the server's time. */
  expectedSeq: z.number().int().positive().optional(),
  serverTime: z.iso.datetime().optional(),
});
export type SyncErrorBody = z.infer<typeof syncErrorBody>;
