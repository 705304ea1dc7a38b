import { z } from 'zod';
import { empty, id, instant, method, requiredText, slice } from './slice';

/** The sync slice: status, sync now, conflicts and rejections to review (src-main/workstation/sync/ipc.ts). */

export const SyncStatus = z.object({
  online: z.boolean(),
  /** outbox rows not yet acknowledged by the server */
  waiting: z.number().int().min(0),
  lastSyncAt: instant.optional(),
  running: z.boolean(),
  progress: z
    .object({
      phase: z.enum(['push', 'pull']),
      done: z.number().int().min(0),
      total: z.number().int().min(0),
    })
    .optional(),
  /** open conflicts to review */
  conflicts: z.number().int().min(0),
  /** rejections not yet acknowledged */
  rejections: z.number().int().min(0),
  /** local audit entries not yet sent to the district server (it gets them after a successful sync) */
  auditWaiting: z.number().int().min(0).optional(),
  lastError: z.string().optional(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const SyncConflict = z.object({
  id,
  table: z.string(),
  rowId: id,
  column: z.string().optional(),
  type: z.enum(['FIELD_LWW', 'EDIT_AFTER_DELETE', 'CONSTRAINT']),
  /** human label, e.g. "Allergy reaction of Ana Diaz" */
  label: z.string(),
  /** the value written here (JSON value; when neither side is this workstation: the value that lost) */
  yours: z.unknown(),
  /** the other side's value (JSON value) */
  theirs: z.unknown(),
  /** true when `yours` is the value the district kept (the other side lost); APPLY_OTHER then applies `theirs` */
  yoursWon: z.boolean(),
  yourHlc: z.string().optional(),
  theirHlc: z.string().optional(),
  at: instant,
});
export type SyncConflict = z.infer<typeof SyncConflict>;

export const SyncRejection = z.object({
  id,
  table: z.string(),
  rowId: id,
  code: z.string(),
  reason: z.string(),
  at: instant,
});

/**
 * KEEP_SERVER keeps the value the district holds now (the one that won, `yours` when `yoursWon`); APPLY_OTHER
 * applies the value that lost (`yours`, or `theirs` when `yoursWon`). Both need the server: online only.
 */
export const ResolveConflictArgs = z.object({
  id,
  choice: z.enum(['KEEP_SERVER', 'APPLY_OTHER']),
  reason: requiredText(1000).min(5, 'give a reason (at least 5 characters)'),
});

export const syncSlice = slice('sync', {
  'sync.status': method({ args: empty, result: SyncStatus, access: 'public', polling: true }),
  'sync.now': method({ args: empty, result: SyncStatus, access: 'session' }),
  'sync.conflicts': method({ args: empty, result: z.array(SyncConflict), access: 'session', polling: true }),
  'sync.resolveConflict': method({ args: ResolveConflictArgs, result: empty, access: 'session' }),
  'sync.rejections': method({
    args: empty,
    result: z.array(SyncRejection),
    access: 'session',
    polling: true,
  }),
});
