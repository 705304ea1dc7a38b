import { sql } from 'kysely';
import type { TenantTx } from '../db/tenant';

/**
 * Change capture (migration 0019_sync-capture, docs/sync.md). The triggers write sync_changes; this module holds
 * what the application needs to know about them. A student's transfer, which the capture turns into REMOVEs
 * for the old school, is the students feature's (server-sync/students/transfer.ts).
 */

/** pg_advisory_xact_lock key every writer of a synced table holds from its first synced write until commit. */
export const SYNC_CAPTURE_LOCK_KEY = 1_464_030_041;

/** Takes the capture lock now. Call it before locking synced rows (SELECT ... FOR UPDATE) in a transaction that then writes them. */
export async function takeSyncLock(trx: TenantTx): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${SYNC_CAPTURE_LOCK_KEY})`.execute(trx);
}
