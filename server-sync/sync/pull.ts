import { sql, type RawBuilder } from 'kysely';
import type { ConflictNotice, PulledChange, PullQuery, PullResponse } from '../../src-shared/sync/protocol';
import { encodeWireColumns } from '../../src-shared/sync/wire';
import { appendAudit } from '../audit';
import type { ServerDb } from '../db/connect';
import { withTenant, type TenantTx } from '../db/tenant';
import type { UserRole } from '../../src-shared/enums';
import { checkPullRole } from './access';
import { bindDevice } from './device';
import { listOpenConflicts } from './conflicts';

/**
 * GET /sync/pull (docs/sync.md, "Pull"): the caller's schools' changes after a server sequence, in order, plus the
 * district-wide ones (school_id NULL: catalogs, staff directory). Writers of synced tables hold the capture lock
 * from their first synced write until commit and draw server_seq under it, so server_seq order is commit order:
 * a page read in one statement never shows seq N+1 while N is still in flight, and the cursor never skips it.
 */

export interface PullCaller {
  readonly userId: string;
  /** A workstation of a clinical role, or the district's administrator (access.ts checkPullRole). */
  readonly role: UserRole;
  readonly deviceId: string | null;
  readonly schoolIds: readonly string[];
  readonly ip?: string | null;
  readonly userAgent?: string | null;
}

/** Open conflicts ride on the last page of a pull (hasMore false); GET /sync/conflicts lists them all. */
const PULL_CONFLICTS_MAX = 500;

interface ChangeRow {
  server_seq: number;
  table_name: string;
  row_id: string;
  operation: 'UPSERT' | 'DELETE' | 'REMOVE';
  changed_columns: Record<string, unknown>;
  hlc: string | null;
}

/** One ordered index range scan per school (idx_sync_changes_school_id_server_seq) merged: no scan of other schools' rows, no sort of the whole backlog. */
function scoped(
  schools: readonly string[],
  build: (where: RawBuilder<unknown>) => RawBuilder<unknown>,
): RawBuilder<unknown> {
  const branches = [...schools.map((s) => build(sql`school_id = ${s}`)), build(sql`school_id IS NULL`)];
  return sql.join(branches, sql` UNION ALL `);
}

async function page(
  trx: TenantTx,
  schools: readonly string[],
  after: number,
  limit: number,
): Promise<ChangeRow[]> {
  const body = scoped(
    schools,
    (where) => sql`(SELECT server_seq, table_name, row_id, operation, changed_columns, hlc FROM sync_changes
      WHERE ${where} AND server_seq > ${after} ORDER BY server_seq LIMIT ${limit})`,
  );
  const r = await sql<ChangeRow>`SELECT * FROM (${body}) AS c ORDER BY server_seq LIMIT ${limit}`.execute(
    trx,
  );
  return r.rows;
}

async function remainingAfter(trx: TenantTx, schools: readonly string[], after: number): Promise<number> {
  const body = scoped(
    schools,
    (where) => sql`(SELECT count(*) AS n FROM sync_changes WHERE ${where} AND server_seq > ${after})`,
  );
  const r = await sql<{ n: number | string | null }>`SELECT sum(n) AS n FROM (${body}) AS c`.execute(trx);
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * One page of the caller's changes after `q.after`. `remaining` is counted only when `q.count` is not false (a
 * count of the whole backlog is O(rows): on every page of a first sync it cost more than the pages themselves),
 * and is 0 without a count on the last page.
 */
export async function pullChanges(
  db: ServerDb,
  caller: PullCaller,
  q: Pick<PullQuery, 'after' | 'limit'> & { readonly count?: boolean },
): Promise<PullResponse> {
  checkPullRole(caller.role, caller.deviceId);
  const scope = { schoolIds: caller.schoolIds, userId: caller.userId, deviceId: caller.deviceId };
  return withTenant(db, scope, async (trx) => {
    const schools =
      caller.deviceId !== null
        ? [(await bindDevice(trx, caller.deviceId, caller.schoolIds)).schoolId]
        : [...caller.schoolIds];
    const rows = await page(trx, schools, q.after, q.limit + 1);
    const hasMore = rows.length > q.limit;
    const taken = hasMore ? rows.slice(0, q.limit) : rows;
    const changes: PulledChange[] = taken.map((r) => ({
      serverSeq: r.server_seq,
      table: r.table_name,
      rowId: r.row_id,
      op: r.operation,
      columns: encodeWireColumns(r.table_name, r.changed_columns),
      hlc: r.hlc,
    }));
    const nextAfter = taken.length > 0 ? (taken[taken.length - 1]?.server_seq ?? q.after) : q.after;
    const remaining = !hasMore ? 0 : q.count === false ? null : await remainingAfter(trx, schools, nextAfter);
    const conflicts: ConflictNotice[] = hasMore
      ? []
      : await listOpenConflicts(trx, schools, PULL_CONFLICTS_MAX);
    if (caller.deviceId !== null) {
      await trx
        .updateTable('sync_device_cursors')
        .set({ last_pull_seq: q.after, last_pull_at: new Date(), updated_at: new Date() })
        .where('device_id', '=', caller.deviceId)
        .execute();
    }
    if (changes.length > 0 || conflicts.length > 0) {
      const tables: Record<string, number> = {};
      for (const c of changes) tables[c.table] = (tables[c.table] ?? 0) + 1;
      await appendAudit(trx, {
        action: 'SYNC_PULL',
        userId: caller.userId,
        deviceId: caller.deviceId,
        schoolId: schools.length === 1 ? (schools[0] ?? null) : null,
        tableName: 'sync_changes',
        recordId: null,
        ip: caller.ip ?? null,
        userAgent: caller.userAgent ?? null,
        details: {
          after: q.after,
          next_after: nextAfter,
          rows: changes.length,
          tables,
          conflicts: conflicts.length,
          schools: [...schools],
        },
        at: new Date(),
      });
    }
    return { changes, nextAfter, hasMore, remaining, conflicts };
  });
}
