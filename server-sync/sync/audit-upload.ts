import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { AUDIT_GENESIS, localAuditHash, type LocalAuditAction } from '../../src-shared/audit-hash';
import type { AuditAction } from '../../src-shared/enums';
import type {
  AuditUploadEntry,
  AuditUploadRequest,
  AuditUploadResponse,
} from '../../src-shared/sync/audit-upload';
import { type AuditJson, appendAudit, type AuditEntryInput } from '../audit';
import { DISTRICT_WIDE_ROLES } from '../auth/scope';
import type { ServerDb } from '../db/connect';
import { withTenant, type TenantTx } from '../db/tenant';
import { HttpError } from '../plugins/errors';
import { unstorableTextReason } from '../../src-shared/text/storable';
import { bindDevice, type SyncDevice } from './device';
import { storableJson, storableText } from './storable';

/**
 * POST /sync/audit (docs/sync.md, "Workstation audit trail"): copies a workstation's local audit trail into
 * audit_logs, nothing lost (the chain must continue from the last entry received: seq and hash) and nothing twice
 * (an entry already received is recognized by its hash and skipped).
 */

/**
 * The audit_logs action of each local action. The exact local action is kept in details.localAction; this is the
 * nearest word of audit_logs' vocabulary, for an auditor's filters:
 * - VIEW is a read of a chart; CREATE, UPDATE, PRINT and BREAK_GLASS are the same words.
 * - SIGN_IN / SIGN_OUT open and close a nurse's session: LOGIN / LOGOUT. UNLOCK resumes a locked session after the
 *   nurse proved who she is again (password or PIN): a LOGIN. LOCK ends access to the records until then: a
 *   LOGOUT. A refused sign-in or unlock is a LOGIN_FAILED.
 * - ENROLL (the workstation joined a school) and PIN_SET / PIN_CLEARED (a nurse's unlock credential on this
 *   workstation) change access configuration, not health data: ADMIN.
 * - ALLERGY_OVERRIDE (a medication given despite a matching allergy, with its reason) and CONFLICT_RESOLVED (a
 *   sync conflict decided) are decisions about a record that change it: UPDATE.
 */
export const WORKSTATION_AUDIT_ACTIONS: Readonly<Record<LocalAuditAction, AuditAction>> = Object.freeze({
  VIEW: 'READ',
  CREATE: 'CREATE',
  UPDATE: 'UPDATE',
  PRINT: 'PRINT',
  BREAK_GLASS: 'BREAK_GLASS',
  SIGN_IN: 'LOGIN',
  SIGN_IN_FAILED: 'LOGIN_FAILED',
  UNLOCK_FAILED: 'LOGIN_FAILED',
  SIGN_OUT: 'LOGOUT',
  UNLOCK: 'LOGIN',
  LOCK: 'LOGOUT',
  ENROLL: 'ADMIN',
  PIN_SET: 'ADMIN',
  PIN_CLEARED: 'ADMIN',
  ALLERGY_OVERRIDE: 'UPDATE',
  CONFLICT_RESOLVED: 'UPDATE',
});

export interface AuditUploadCaller {
  readonly userId: string;
  readonly deviceId: string | null;
  readonly schoolIds: readonly string[];
  readonly ip: string | null;
  readonly userAgent: string | null;
}

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const hashOf = (e: AuditUploadEntry): string =>
  localAuditHash(sha256Hex, e.prevHash, { ...e, details: JSON.stringify(e.details) });

/** 422 unless every entry's hash matches its contents and the entries form one chain, seq after seq. */
function checkBatch(entries: readonly AuditUploadEntry[]): void {
  entries.forEach((e, i) => {
    const where = `entries[${i}] (seq ${e.seq})`;
    if (hashOf(e) !== e.hash) {
      throw new HttpError(
        422,
        'AUDIT_HASH_MISMATCH',
        `${where}: its hash does not match its contents (the entry was changed after it was recorded); nothing was saved`,
      );
    }
    const before = entries[i - 1];
    if (before && e.seq !== before.seq + 1) {
      throw new HttpError(
        422,
        'AUDIT_CHAIN_BROKEN',
        `${where}: seq must be ${before.seq + 1} (entries[${i - 1}] is seq ${before.seq}); nothing was saved`,
      );
    }
    if (before && e.prevHash !== before.hash) {
      throw new HttpError(
        422,
        'AUDIT_CHAIN_BROKEN',
        `${where}: prevHash is not the hash of entries[${i - 1}]; nothing was saved`,
      );
    }
    if (e.seq === 1 && e.prevHash !== AUDIT_GENESIS) {
      throw new HttpError(
        422,
        'AUDIT_CHAIN_BROKEN',
        `${where}: the first entry of a trail must have the genesis prevHash (64 zeros); nothing was saved`,
      );
    }
  });
}

/**
 * 422 unless every new entry's user (from `from` on) is a user of the device's school: assigned to it (user_schools), or a district-wide
 * role of its district (they may sign in at any of its schools). No user (null) is the emergency identity of
 * break-the-glass, or a sign-in attempt of an unknown e-mail. A user that does not exist gets the same answer as one
 * of another school. Deactivated users stay users: their past entries still arrive.
 */
async function checkUsers(
  trx: TenantTx,
  device: SyncDevice,
  entries: readonly AuditUploadEntry[],
  from: number,
): Promise<void> {
  const fresh = entries.slice(from);
  // an id PostgreSQL cannot store is no user's (and is never sent to it)
  const ids = [
    ...new Set(
      fresh.flatMap((e) => (e.userId === null || unstorableTextReason(e.userId) !== null ? [] : [e.userId])),
    ),
  ];
  if (ids.length === 0) return;
  const r = await sql<{ id: string }>`
    SELECT u.id FROM users u JOIN schools s ON s.id = ${device.schoolId} AND s.district_id = u.district_id
    WHERE u.id IN (${sql.join(ids)})
      AND (u.role IN (${sql.join(DISTRICT_WIDE_ROLES)})
        OR EXISTS (SELECT 1 FROM user_schools us WHERE us.user_id = u.id AND us.school_id = s.id))`.execute(
    trx,
  );
  const known = new Set(r.rows.map((x) => x.id));
  const i = entries.findIndex((e, j) => j >= from && e.userId !== null && !known.has(e.userId));
  const bad = entries[i];
  if (bad) {
    throw new HttpError(
      422,
      'AUDIT_USER_UNKNOWN',
      `entries[${i}] (seq ${bad.seq}): user ${storableText(bad.userId ?? '')} is not a user of this workstation's school (an entry names a user of the school, or none for emergency access); nothing was saved`,
    );
  }
}

/** The device's upload cursor, locked to commit (one upload of a device at a time). */
async function lockCursor(trx: TenantTx, deviceId: string): Promise<{ lastSeq: number; lastHash: string }> {
  await sql`INSERT INTO workstation_audit_uploads (device_id, last_seq, last_hash)
            VALUES (${deviceId}, 0, ${AUDIT_GENESIS}) ON CONFLICT (device_id) DO NOTHING`.execute(trx);
  const r = await trx
    .selectFrom('workstation_audit_uploads')
    .select(['last_seq', 'last_hash'])
    .where('device_id', '=', deviceId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return { lastSeq: Number(r.last_seq), lastHash: r.last_hash };
}

/** The hash of an entry received earlier (seq below the cursor), from its copy in audit_logs. */
async function receivedHash(trx: TenantTx, deviceId: string, seq: number): Promise<string | null> {
  const r = await sql<{ hash: string | null }>`
    SELECT details->>'localHash' AS hash FROM audit_logs
    WHERE device_id = ${deviceId} AND details->>'source' = 'workstation' AND details->>'localSeq' = ${String(seq)}
    LIMIT 1`.execute(trx);
  return r.rows[0]?.hash ?? null;
}

function auditRow(
  caller: AuditUploadCaller,
  device: SyncDevice,
  e: AuditUploadEntry,
  at: Date,
): AuditEntryInput {
  // text PostgreSQL cannot store (a NUL a nurse pasted into a search, say) is kept escaped, and said so: the hash
  // was checked on the entry as the workstation holds it, and localHash still verifies against that
  const escaped: string[] = [];
  const kept = storableJson(e.details, escaped, 'details');
  const details: { [key: string]: AuditJson } = {
    ...(kept !== null && typeof kept === 'object' && !Array.isArray(kept) ? kept : {}),
    ...(escaped.length > 0 ? { textEscaped: escaped } : {}),
    source: 'workstation',
    localAction: e.action,
    localSeq: e.seq,
    localAt: e.at,
    localHash: e.hash,
    breakGlass: e.breakGlass,
  };
  return {
    action: WORKSTATION_AUDIT_ACTIONS[e.action],
    userId: e.userId,
    deviceId: device.deviceId,
    schoolId: device.schoolId,
    tableName: e.table === null ? null : storableText(e.table),
    recordId: e.recordId === null ? null : storableText(e.recordId),
    ip: caller.ip,
    userAgent: caller.userAgent,
    details,
    at,
  };
}

export async function uploadAudit(
  db: ServerDb,
  caller: AuditUploadCaller,
  req: AuditUploadRequest,
  now: Date,
): Promise<AuditUploadResponse> {
  checkBatch(req.entries);
  const scope = { schoolIds: caller.schoolIds, userId: caller.userId, deviceId: caller.deviceId };
  return withTenant(db, scope, async (trx) => {
    const device = await bindDevice(trx, caller.deviceId, caller.schoolIds);
    const cursor = await lockCursor(trx, device.deviceId);
    const first = req.entries[0]!;
    if (first.seq > cursor.lastSeq + 1) {
      throw new HttpError(
        409,
        'SEQUENCE_GAP',
        `entries[0] is seq ${first.seq} but the server expects seq ${cursor.lastSeq + 1} of this workstation's audit trail next: upload from there; nothing was saved`,
        { expectedSeq: cursor.lastSeq + 1 },
      );
    }
    const received = req.entries.filter((e) => e.seq <= cursor.lastSeq);
    const fresh = req.entries.slice(received.length);
    // The batch is one verified chain: if its last entry already received is the one received, so are those before it.
    const lastReceived = received.at(-1);
    if (lastReceived) {
      const held =
        lastReceived.seq === cursor.lastSeq
          ? cursor.lastHash
          : await receivedHash(trx, device.deviceId, lastReceived.seq);
      if (held !== lastReceived.hash) {
        const i = received.length - 1;
        throw new HttpError(
          409,
          'AUDIT_CHAIN_CONFLICT',
          `entries[${i}] (seq ${lastReceived.seq}) differs from the entry seq ${lastReceived.seq} the server received earlier from this workstation; nothing was saved`,
        );
      }
    }
    const next = fresh[0];
    if (next && !lastReceived && next.prevHash !== cursor.lastHash) {
      throw new HttpError(
        409,
        'AUDIT_CHAIN_CONFLICT',
        `entries[0] (seq ${next.seq}): prevHash is not the hash of seq ${cursor.lastSeq}, the last entry the server received from this workstation; nothing was saved`,
      );
    }
    const last = fresh.at(-1);
    if (!last) return { accepted: 0, lastSeq: cursor.lastSeq };
    await checkUsers(trx, device, req.entries, received.length); // the new ones: those received were checked then
    await trx
      .updateTable('workstation_audit_uploads')
      .set({ last_seq: last.seq, last_hash: last.hash, updated_at: now })
      .where('device_id', '=', device.deviceId)
      .execute();
    await appendAudit(trx, ...fresh.map((e) => auditRow(caller, device, e, now)));
    return { accepted: fresh.length, lastSeq: last.seq };
  });
}
