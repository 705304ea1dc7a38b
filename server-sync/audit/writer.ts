import { sql, type Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { ServerDatabase } from '../../src-shared/db/server-schema.generated';
import type { AuditAction } from '../../src-shared/enums';
import { linkAuditEntries, type AuditChainEntry, type AuditChainRow, type AuditJson } from './chain';

/**
 * Appends to the hash-chained audit_logs inside the caller's transaction, so the audited read or write
 * and its audit row commit (or roll back) together. Appenders are serialized by a transaction-scoped
 * advisory lock held until commit; the chain head comes from audit_chain_head() (0018_tenancy), which
 * sees every school's rows even when the caller runs as the application role under row-level security.
 *
 * Append last, after the transaction's writes: writes to synced tables take the sync capture lock
 * (0019_sync-capture), and taking the two locks in the same order everywhere (capture, then audit) is
 * what keeps concurrent transactions from deadlocking. The audit lock is held until commit, so keep the
 * work after it short.
 */

/** pg_advisory_xact_lock key of the audit chain (any fixed bigint no other lock uses). */
export const AUDIT_CHAIN_LOCK_KEY = 7_301_982_113;

/** Longest user agent kept (the rest is cut). */
const USER_AGENT_MAX = 512;

export interface AuditEntryInput {
  readonly action: AuditAction;
  readonly userId: string | null;
  readonly deviceId: string | null;
  /** The school of the record (NULL: district-wide, e.g. a login). */
  readonly schoolId: string | null;
  readonly tableName: string | null;
  readonly recordId: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  /** Never PHI: ids, counts, event names. */
  readonly details?: AuditJson | null;
  readonly at: Date;
}

/** Appends entries in order; returns the stored rows (with chain_seq, prev_hash and row_hash). */
export async function appendAudit(
  trx: Transaction<ServerDatabase>,
  ...entries: readonly AuditEntryInput[]
): Promise<AuditChainRow[]> {
  if (!trx.isTransaction) throw new Error('appendAudit runs inside the transaction it audits');
  if (entries.length === 0) return [];
  // the lock (AUDIT_CHAIN_LOCK_KEY), then the head read after it is granted: one round trip (0020_sync-push-ingest)
  const head = await sql<{
    chain_seq: number | null;
    row_hash: string | null;
  }>`SELECT chain_seq, row_hash FROM audit_chain_lock_head()`.execute(trx);
  const last = head.rows[0];
  const prev =
    last && last.chain_seq !== null && last.row_hash !== null
      ? { chain_seq: last.chain_seq, row_hash: last.row_hash }
      : null;
  let seq = prev?.chain_seq ?? 0;
  const chainEntries: AuditChainEntry[] = entries.map((e) => ({
    id: uuidv7({ msecs: e.at.getTime() }),
    created_at: new Date(e.at.getTime()),
    chain_seq: ++seq,
    user_id: e.userId,
    device_id: e.deviceId,
    school_id: e.schoolId,
    action: e.action,
    table_name: e.tableName,
    record_id: e.recordId,
    ip_address: e.ip?.slice(0, 45) ?? null,
    user_agent: e.userAgent?.slice(0, USER_AGENT_MAX) ?? null,
    details: e.details ?? null,
  }));
  const linked = linkAuditEntries(prev, chainEntries);
  await trx
    .insertInto('audit_logs')
    .values(
      linked.map((r) => ({
        id: r.id,
        created_at: r.created_at,
        chain_seq: Number(r.chain_seq),
        user_id: r.user_id,
        device_id: r.device_id,
        school_id: r.school_id,
        action: r.action as AuditAction,
        table_name: r.table_name,
        record_id: r.record_id,
        ip_address: r.ip_address,
        user_agent: r.user_agent,
        details: r.details === null || r.details === undefined ? null : JSON.stringify(r.details),
        prev_hash: r.prev_hash,
        row_hash: r.row_hash,
      })),
    )
    .execute();
  return linked;
}
