import { sql } from 'kysely';
import type { JsonValue } from '../../src-shared/db/column-types';
import type { AuditAction, UserRole } from '../../src-shared/enums';
import { MAX_CLOCK_DRIFT_MS, parseHlc } from '../../src-shared/sync/hlc';
import type { PushRejection, PushRequest, PushResponse } from '../../src-shared/sync/protocol';
import { syncedTableFacts } from '../../src-shared/sync/tables';
import { type AuditEntryInput, appendAudit } from '../audit';
import type { ServerDb } from '../db/connect';
import { withTenant, type TenantTx } from '../db/tenant';
import { HttpError } from '../plugins/errors';
import { checkPushRole } from './access';
import { correctionsFor, logCorrections } from './corrections';
import { bindDevice, checkSchemaVersion, type SyncDevice } from './device';
import { mergeBatch, rowKey, type FieldVersion, type MergeInput, type Write } from './lww';
import { observeHlc } from './clock';
import {
  applyWrites,
  isTransientSqlState,
  loadElsewhere,
  loadRefused,
  loadRows,
  loadVersions,
  rejectionFor,
  rowsOfSchool,
  saveConflicts,
  saveRejections,
  saveVersions,
} from './store';
import { checkChange, scopedReferences, type CheckedChange } from './validate';

/**
 * POST /sync/push (docs/sync.md, "Push"): one transaction under the device's school. Duplicates (seq at or below
 * the device's last acknowledged seq) are counted and ignored; the first new seq must follow it with no gap; each
 * new change is applied, lost to a newer write (a conflict), or rejected with its reason; then the cursor moves to
 * the batch's last seq. A retried request is therefore a no-op, and a failed one leaves nothing behind.
 */

export interface PushCaller {
  readonly userId: string;
  /** Only the roles that write the batch's tables may push (src-shared/sync/tables.ts writers). */
  readonly role: UserRole;
  readonly deviceId: string | null;
  /** The token's schools; the device's school must be one of them. */
  readonly schoolIds: readonly string[];
  readonly ip?: string | null;
  readonly userAgent?: string | null;
}

/** Refuses a batch whose clocks run more than 5 minutes ahead of the server's: nothing is written. */
export function checkClockDrift(req: PushRequest, nowMs: number): void {
  let ahead = 0;
  for (const c of req.changes) ahead = Math.max(ahead, parseHlc(c.hlc).wallMs - nowMs);
  if (ahead > MAX_CLOCK_DRIFT_MS) {
    const minutes = Math.ceil(ahead / 60_000);
    const serverTime = new Date(nowMs).toISOString();
    throw new HttpError(
      400,
      'CLOCK_DRIFT',
      `your clock is ${minutes} minutes ahead of the district server's (${serverTime}): correct this computer's date and time, then sync again; nothing was saved`,
      { serverTime },
    );
  }
}

function checkOrder(req: PushRequest): void {
  for (let i = 1; i < req.changes.length; i++) {
    const prev = req.changes[i - 1]?.seq ?? 0;
    const seq = req.changes[i]?.seq ?? 0;
    if (seq <= prev) {
      throw new HttpError(
        400,
        'BAD_REQUEST',
        `changes[${i}].seq ${seq} does not follow ${prev}: a batch lists each seq once, in increasing order`,
      );
    }
  }
}

async function lockCursor(trx: TenantTx, deviceId: string): Promise<number> {
  await sql`INSERT INTO sync_device_cursors (device_id) VALUES (${deviceId}) ON CONFLICT (device_id) DO NOTHING`.execute(
    trx,
  );
  const r = await trx
    .selectFrom('sync_device_cursors')
    .select('last_push_seq')
    .where('device_id', '=', deviceId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return Number(r.last_push_seq);
}

/**
 * Reads what the batch touches: its rows (locked FOR NO KEY UPDATE, tables in name order), their field versions,
 * and the rows of the device's school among those its changes reference (scopedReferences).
 */
async function load(
  trx: TenantTx,
  device: SyncDevice,
  changes: readonly CheckedChange[],
): Promise<Omit<MergeInput, 'changes'>> {
  const rows = new Map<string, Record<string, unknown>>();
  const elsewhere = new Set<string>();
  const refused = new Map<string, Pick<PushRejection, 'seq' | 'code' | 'reason'>>();
  const versions = new Map<string, FieldVersion>();
  const byTable = new Map<string, Set<string>>();
  const referenced = new Map<string, Set<string>>();
  const refer = (target: string, id: unknown) => {
    if (typeof id !== 'string') return;
    const ids = referenced.get(target) ?? new Set<string>();
    ids.add(id);
    referenced.set(target, ids);
  };
  for (const c of changes) {
    const ids = byTable.get(c.table) ?? new Set<string>();
    ids.add(c.rowId);
    byTable.set(c.table, ids);
    for (const [col, target] of scopedReferences(c.table)) refer(target, c.columns[col]);
  }
  // Rows first, table by table in name order (their locks), then one query each for what the rows found or not found need.
  const found = new Map<string, string[]>();
  const missing = new Map<string, string[]>();
  for (const table of [...byTable.keys()].sort()) {
    const ids = [...(byTable.get(table) ?? [])].sort();
    await loadRows(trx, table, ids, rows);
    found.set(
      table,
      ids.filter((id) => rows.has(rowKey(table, id))),
    );
    missing.set(
      table,
      ids.filter((id) => !rows.has(rowKey(table, id))),
    );
    // a row without school_id belongs to the school of the row it references (report_generation_log)
    const via = syncedTableFacts(table)?.schoolVia;
    const target = via === undefined ? undefined : syncedTableFacts(table)?.references[via];
    if (via !== undefined && target !== undefined)
      for (const id of ids) refer(target, rows.get(rowKey(table, id))?.[via]);
  }
  await loadElsewhere(trx, missing, elsewhere);
  await loadRefused(trx, device.deviceId, missing, refused);
  await loadVersions(trx, found, versions);
  const referencedIds = new Map([...referenced].map(([t, ids]) => [t, [...ids].sort()]));
  return {
    deviceId: device.deviceId,
    schoolId: device.schoolId,
    rows,
    elsewhere,
    versions,
    refused,
    inScope: await rowsOfSchool(trx, referencedIds, device.schoolId),
  };
}

function auditEntries(
  caller: PushCaller,
  device: SyncDevice,
  writes: readonly Write[],
  conflictIds: readonly string[],
  at: Date,
): AuditEntryInput[] {
  const groups = new Map<string, { table: string; action: AuditAction; ids: string[]; seqs: number[] }>();
  for (const w of writes) {
    const k = `${w.t}|${w.action}`;
    const g = groups.get(k) ?? { table: w.t, action: w.action, ids: [], seqs: [] };
    g.ids.push(w.id);
    g.seqs.push(w.seq);
    groups.set(k, g);
  }
  const base = {
    userId: caller.userId,
    deviceId: device.deviceId,
    schoolId: device.schoolId,
    ip: caller.ip ?? null,
    userAgent: caller.userAgent ?? null,
    at,
  };
  const entries: AuditEntryInput[] = [...groups.values()].map((g) => ({
    ...base,
    action: g.action,
    tableName: g.table,
    recordId: g.ids.length === 1 ? (g.ids[0] ?? null) : null,
    details: {
      via: 'sync_push',
      rows: g.ids.length,
      row_ids: [...new Set(g.ids)],
      device_seq_from: Math.min(...g.seqs),
      device_seq_to: Math.max(...g.seqs),
    },
  }));
  if (conflictIds.length > 0) {
    entries.push({
      ...base,
      action: 'CREATE',
      tableName: 'sync_conflicts',
      recordId: null,
      details: { via: 'sync_push', rows: conflictIds.length, row_ids: [...conflictIds] },
    });
  }
  return entries;
}

/**
 * What a committed push wrote, for features that follow up on it (the compliance dashboard's refresh): the device's
 * school and the tables written. Called after the commit; it must not throw (the push is done).
 */
export type PushApplied = (applied: {
  readonly schoolId: string;
  readonly tables: ReadonlySet<string>;
  readonly at: Date;
}) => Promise<void>;

export async function applyPush(
  db: ServerDb,
  caller: PushCaller,
  req: PushRequest,
  nowMs = Date.now(),
  onApplied?: PushApplied,
): Promise<PushResponse> {
  let written: { schoolId: string; tables: Set<string> } | null = null;
  const response = await pushInTransaction(db, caller, req, nowMs, (w) => (written = w));
  const done = written as { schoolId: string; tables: Set<string> } | null;
  if (onApplied && done && done.tables.size > 0)
    await onApplied({ schoolId: done.schoolId, tables: done.tables, at: new Date(nowMs) });
  return response;
}

async function pushInTransaction(
  db: ServerDb,
  caller: PushCaller,
  req: PushRequest,
  nowMs: number,
  wrote: (w: { schoolId: string; tables: Set<string> }) => void,
): Promise<PushResponse> {
  checkPushRole(caller.role, new Set(req.changes.map((c) => c.table)));
  checkSchemaVersion(req.schemaVersion);
  checkOrder(req);
  checkClockDrift(req, nowMs);
  for (const c of req.changes) observeHlc(c.hlc);
  const scope = { schoolIds: caller.schoolIds, userId: caller.userId, deviceId: caller.deviceId };
  return withTenant(db, scope, async (trx) => {
    const device = await bindDevice(trx, caller.deviceId, caller.schoolIds);
    const last = await lockCursor(trx, device.deviceId);
    const fresh = req.changes.filter((c) => c.seq > last);
    const duplicates = req.changes.length - fresh.length;
    const serverTime = new Date(nowMs).toISOString();
    if (fresh.length === 0) {
      return { ackedThrough: last, applied: 0, duplicates, rejections: [], conflicts: [], serverTime };
    }
    fresh.forEach((c, i) => {
      if (c.seq !== last + 1 + i) {
        const expected = last + 1 + i;
        throw new HttpError(
          409,
          'SEQUENCE_GAP',
          `change ${expected} of this device is missing (the batch goes on with ${c.seq}): push again from seq ${last + 1}; nothing was saved`,
          { expectedSeq: last + 1 },
        );
      }
    });
    const checked: CheckedChange[] = [];
    const staticRejections: PushRejection[] = [];
    for (const c of fresh) {
      const r = checkChange(c);
      if (r.ok) checked.push(r.change);
      else staticRejections.push(r.rejection);
    }
    const input = await load(trx, device, checked);
    const payloads = new Map<number, JsonValue>(
      fresh.map((c) => [c.seq, { op: c.op, columns: c.columns, hlc: c.hlc }]),
    );
    const ackedThrough = fresh[fresh.length - 1]?.seq ?? last;
    const dbRejections: PushRejection[] = [];
    // The bookkeeping goes first, under a savepoint, then the data writes; the capture lock is taken only to log the
    // written changes, and held to commit. A database refusal of a write (rare: validation comes first) rolls back to
    // the savepoint and merges again without it.
    for (let attempt = 0; attempt <= checked.length; attempt++) {
      const excluded = new Set(dbRejections.map((r) => r.seq));
      // A row's refusal earlier in this batch (checks or the database) refuses its later writes too, when the server lacks the row.
      const refused = new Map(input.refused);
      for (const r of [...staticRejections, ...dbRejections].sort((a, b) => a.seq - b.seq)) {
        const k = rowKey(r.table, r.rowId);
        if (!refused.has(k)) refused.set(k, { seq: r.seq, code: r.code, reason: r.reason });
      }
      const result = mergeBatch({
        ...input,
        refused,
        changes: checked.filter((c) => !excluded.has(c.seq)),
      });
      const rejections = [...staticRejections, ...result.rejections, ...dbRejections].sort(
        (a, b) => a.seq - b.seq,
      );
      await sql`SAVEPOINT sync_push`.execute(trx);
      await saveVersions(trx, device.deviceId, result.versions);
      const conflicts = await saveConflicts(
        trx,
        { schoolId: device.schoolId, userId: caller.userId },
        result.conflicts,
      );
      await saveRejections(trx, device, rejections, payloads);
      await trx
        .updateTable('sync_device_cursors')
        .set({
          last_push_seq: ackedThrough,
          schema_version: req.schemaVersion,
          last_push_at: new Date(nowMs),
          updated_at: new Date(nowMs),
        })
        .where('device_id', '=', device.deviceId)
        .execute();
      const failure = await applyWrites(trx, result.writes);
      if (failure === null) {
        wrote({ schoolId: device.schoolId, tables: new Set(result.writes.map((w) => w.t)) });
        await logCorrections(trx, device.schoolId, correctionsFor(result.conflicts, result.writes));
        await appendAudit(
          trx,
          ...auditEntries(
            caller,
            device,
            result.writes,
            conflicts.map((c) => c.id),
            new Date(nowMs),
          ),
        );
        return {
          ackedThrough,
          applied: fresh.length - rejections.length,
          duplicates,
          rejections,
          conflicts,
          serverTime,
        };
      }
      const w: Write | undefined = result.writes[failure.failed];
      if (!w || isTransientSqlState(failure.sqlstate)) {
        throw new Error(`push apply failed (SQLSTATE ${failure.sqlstate}): ${failure.message}`);
      }
      dbRejections.push(rejectionFor(w, failure));
      await sql`ROLLBACK TO SAVEPOINT sync_push`.execute(trx);
    }
    throw new Error('push apply did not converge');
  });
}
