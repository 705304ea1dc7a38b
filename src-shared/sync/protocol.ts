import { z } from 'zod';
import { jsonValue, type JsonValue } from '../db/column-types';
import { unstorableTextReason } from '../text/storable';
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
/** A string PostgreSQL can store: an id or a table name holding a NUL character or a lone surrogate is refused (400, naming it). */
const storable = (s: z.ZodString) =>
  s.superRefine((v, ctx) => {
    const reason = unstorableTextReason(v);
    if (reason !== null) ctx.addIssue({ code: 'custom', message: reason });
  });
export const rowId = storable(z.string().min(1).max(64));
export const columnValues = z.record(z.string().min(1).max(100), jsonValue);

/** One outbox row of a workstation. */
export const outboxChange = z.strictObject({
  seq: z.number().int().positive(),
  table: storable(z.string().min(1).max(100)),
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
  /**
   * Count `remaining` (an index count of every change after the page: O(backlog), so a client asks on the first
   * page of a sync and counts down from there). Default true, as for the clients that predate the flag.
   */
  count: z.stringbool().default(true),
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
  /**
   * Changes after nextAfter for this caller at the time of the pull, for progress (rows done / total); 0 when
   * hasMore is false. null when the query said count=false and there is more.
   */
  remaining: z.number().int().nonnegative().nullable(),
  /** Open conflicts of the caller's schools, for review. */
  conflicts: z.array(conflictNotice),
});
export type PullResponse = z.infer<typeof pullResponse>;

/**
 * Column values as they come out of JSON.parse: an object whose values are JSON by construction. What kind each
 * value must be depends on its column, so the workstation checks each one where it converts it for SQLite
 * (src-main/store/wire.ts `fromWire`, which names the table, column and row of a wrong one).
 */
const parsedColumnValues = z.custom<Record<string, JsonValue>>(
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  'expected an object of column values',
);

/**
 * The check a client makes of a pull answer read with JSON.parse: `pullResponse` in every field except the
 * column values, which are only required to be an object (see parsedColumnValues). Validating thousands of column
 * values against the recursive `jsonValue` schema cost 15-30 ms per 1,000 changes and proved nothing JSON.parse
 * had not. Only for parsed JSON: an answer built in memory may hold anything.
 */
export const pullResponseFromJson = pullResponse.extend({
  changes: z.array(pulledChange.extend({ columns: parsedColumnValues })),
});

/**
 * The server's check of a push body read with JSON.parse: `pushRequest` in every field except the column values,
 * which are only required to be an object whose column names have 1 to 100 characters. The server checks each value
 * against its column's type all the same (server-sync/sync/validate.ts: a rejection naming the column); validating
 * every value against the recursive `jsonValue` schema first cost ~25 ms of CPU per 1,000 changes pushed and
 * proved nothing JSON.parse had not. Only for parsed JSON.
 */
const pushedColumnValues = z.custom<Record<string, JsonValue>>(
  (v) =>
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    Object.keys(v).every((k) => k.length >= 1 && k.length <= 100),
  'expected an object of column values, each column name 1 to 100 characters',
);
export const pushRequestFromJson = pushRequest.extend({
  changes: z
    .array(outboxChange.extend({ columns: pushedColumnValues }))
    .min(1)
    .max(PUSH_MAX_CHANGES),
});

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
