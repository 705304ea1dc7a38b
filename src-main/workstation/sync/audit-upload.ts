import type Database from 'better-sqlite3-multiple-ciphers';
import { sql, type Selectable } from 'kysely';
import { LOCAL_AUDIT_ACTIONS, type LocalAuditAction } from '../../../src-shared/audit-hash';
import type { LocalAuditLogTable } from '../../../src-shared/db/workstation-schema.generated';
import {
  AUDIT_UPLOAD_MAX_ENTRIES,
  type AuditUploadEntry,
  type AuditUploadRequest,
  type AuditUploadResponse,
} from '../../../src-shared/sync/audit-upload';
import { SyncSequenceGapError } from '../../sync/errors';
import { all, first, query } from '../../store/read';
import { getSetting, setSetting } from '../local-db';

/**
 * Sends the workstation's local audit trail (local_audit_log) to the district server after each successful sync
 * (docs/sync.md, "Workstation audit trail"): the rows after the upload cursor, in batches, the cursor advanced to
 * the server's lastSeq after each accepted batch. A failure leaves the cursor where it is (the next sync retries);
 * the server skips what it already received, so a retry never copies an entry twice.
 */

/** local_settings key: the last local_audit_log seq the district server holds. */
export const AUDIT_UPLOADED_SETTING = 'audit.uploadedSeq';

export interface AuditUploadOptions {
  readonly sqlite: Database.Database;
  readonly send: (req: AuditUploadRequest) => Promise<AuditUploadResponse>;
  readonly log?: (line: string) => void;
  /** Entries per request (default and most: the protocol's 500). */
  readonly batchSize?: number;
}

export interface AuditUploadOutcome {
  /** Entries the server copied in this run. */
  readonly accepted: number;
  /** Entries still to send. */
  readonly waiting: number;
  /** Why the upload stopped early, if it did. */
  readonly error?: string;
}

const uploadedSeq = (sqlite: Database.Database): number => {
  const v = Number(getSetting(sqlite, AUDIT_UPLOADED_SETTING) ?? 0);
  return Number.isSafeInteger(v) && v > 0 ? v : 0;
};

const maxSeq = (sqlite: Database.Database): number =>
  first(
    sqlite,
    query.selectFrom('local_audit_log').select((eb) => eb.fn.coalesce(eb.fn.max('seq'), sql.lit(0)).as('n')),
  )?.n ?? 0;

/** local_audit_log rows the district server does not hold yet. */
export function auditWaiting(sqlite: Database.Database): number {
  return (
    first(
      sqlite,
      query
        .selectFrom('local_audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('seq', '>', uploadedSeq(sqlite)),
    )?.n ?? 0
  );
}

const ACTIONS: ReadonlySet<string> = new Set(LOCAL_AUDIT_ACTIONS);
const isAction = (a: string): a is LocalAuditAction => ACTIONS.has(a);

function entryOf(r: Selectable<LocalAuditLogTable>): AuditUploadEntry {
  // The column has no CHECK; appendLocalAudit writes only known actions. A row that says otherwise stops the
  // upload here, naming it (the server would refuse the batch for it too).
  if (!isAction(r.action))
    throw new Error(`local audit row ${r.seq} has an action this version does not know: ${r.action}`);
  return {
    seq: r.seq,
    at: r.at,
    userId: r.user_id,
    action: r.action,
    table: r.table_name,
    recordId: r.record_id,
    breakGlass: r.break_glass === 1,
    details: JSON.parse(r.details) as AuditUploadEntry['details'],
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** Uploads what is waiting; never throws (the outcome says what happened). */
export async function uploadAuditTrail(o: AuditUploadOptions): Promise<AuditUploadOutcome> {
  const limit = Math.min(o.batchSize ?? AUDIT_UPLOAD_MAX_ENTRIES, AUDIT_UPLOAD_MAX_ENTRIES);
  let accepted = 0;
  let realigned = false;
  const outcome = (error?: string): AuditUploadOutcome => ({
    accepted,
    waiting: auditWaiting(o.sqlite),
    ...(error ? { error } : {}),
  });
  try {
    for (;;) {
      const cursor = uploadedSeq(o.sqlite);
      const rows = all(
        o.sqlite,
        query.selectFrom('local_audit_log').selectAll().where('seq', '>', cursor).orderBy('seq').limit(limit),
      );
      if (rows.length === 0) return outcome();
      const local = maxSeq(o.sqlite);
      let res: AuditUploadResponse;
      try {
        res = await o.send({ entries: rows.map(entryOf) });
      } catch (e) {
        // The server holds less (or more) of this trail than the cursor says: start again where it expects, once.
        if (e instanceof SyncSequenceGapError && !realigned && e.expectedSeq - 1 < local) {
          realigned = true;
          o.log?.(
            `audit upload: the server expects seq ${e.expectedSeq} next; upload cursor moved from ${cursor} to ${e.expectedSeq - 1}`,
          );
          setSetting(o.sqlite, AUDIT_UPLOADED_SETTING, String(e.expectedSeq - 1));
          continue;
        }
        throw e;
      }
      accepted += res.accepted;
      const next = Math.min(res.lastSeq, local);
      if (next <= cursor) {
        return outcome(`the server answered lastSeq ${res.lastSeq} for entries after seq ${cursor}`);
      }
      setSetting(o.sqlite, AUDIT_UPLOADED_SETTING, String(next));
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    o.log?.(`audit upload failed (retried at the next sync): ${message}`);
    return outcome(message);
  }
}
