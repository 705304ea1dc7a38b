import { sql } from 'kysely';
import { z } from 'zod';
import type { JsonValue } from '../../src-shared/db/column-types';
import type { UserRole } from '../../src-shared/enums';
import type { ConflictNotice } from '../../src-shared/sync/protocol';
import { CLINICAL_ROLES } from '../../src-shared/auth';
import { appendAudit } from '../audit';
import type { ServerDb } from '../db/connect';
import { withTenant, type TenantTx } from '../db/tenant';
import { HttpError } from '../plugins/errors';
import { checkConflictReader } from './access';
import { takeSyncLock } from './capture';
import { serverTick } from './clock';
import { ROW_VERSION_COLUMN } from './lww';
import { applyWrites } from './store';

/** Conflict review (docs/sync.md, "Conflicts"): list the losing values of a school, and resolve them. */

export const conflictsQuery = z.strictObject({
  status: z.enum(['OPEN', 'RESOLVED']).default('OPEN'),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type ConflictsQuery = z.infer<typeof conflictsQuery>;

export const resolveBody = z.strictObject({
  resolution: z.enum(['KEPT_WINNER', 'APPLIED_LOSER']),
  reason: z.string().trim().min(1, 'a reason is required').max(2000),
});
export type ResolveBody = z.infer<typeof resolveBody>;

/** Who may decide a conflict: the clinical staff and district admins (never BILLING or AUDITOR). */
export const RESOLVER_ROLES: readonly UserRole[] = CLINICAL_ROLES;

export interface ConflictCaller {
  readonly userId: string;
  readonly role: UserRole;
  readonly deviceId: string | null;
  readonly schoolIds: readonly string[];
  readonly ip?: string | null;
  readonly userAgent?: string | null;
}

interface ConflictRow {
  id: string;
  table_name: string;
  row_id: string;
  school_id: string | null;
  column_name: string | null;
  conflict_type: 'FIELD_LWW' | 'EDIT_AFTER_DELETE' | 'CONSTRAINT';
  winning_value: JsonValue;
  losing_value: JsonValue;
  winning_hlc: string | null;
  losing_hlc: string | null;
  status: 'OPEN' | 'RESOLVED';
}

const COLUMNS = sql`id, table_name, row_id, school_id, column_name, conflict_type, winning_value, losing_value, winning_hlc, losing_hlc, status`;

const notice = (r: ConflictRow): ConflictNotice => ({
  id: r.id,
  table: r.table_name,
  rowId: r.row_id,
  column: r.column_name,
  type: r.conflict_type,
  winningValue: r.winning_value ?? null,
  losingValue: r.losing_value ?? null,
  winningHlc: r.winning_hlc,
  losingHlc: r.losing_hlc,
  status: r.status,
});

export async function listOpenConflicts(
  trx: TenantTx,
  schools: readonly string[],
  limit: number,
): Promise<ConflictNotice[]> {
  if (schools.length === 0) return [];
  const r = await sql<ConflictRow>`SELECT ${COLUMNS} FROM sync_conflicts
    WHERE school_id IN (${sql.join(schools)}) AND status = 'OPEN' ORDER BY created_at, id LIMIT ${limit}`.execute(
    trx,
  );
  return r.rows.map(notice);
}

export async function listConflicts(
  db: ServerDb,
  caller: ConflictCaller,
  q: ConflictsQuery,
): Promise<ConflictNotice[]> {
  checkConflictReader(caller.role);
  return withTenant(
    db,
    { schoolIds: caller.schoolIds, userId: caller.userId, deviceId: caller.deviceId },
    async (trx) => {
      const r = await sql<ConflictRow>`SELECT ${COLUMNS} FROM sync_conflicts
      WHERE school_id IN (${sql.join(caller.schoolIds.length > 0 ? caller.schoolIds : [''])}) AND status = ${q.status}
      ORDER BY created_at, id LIMIT ${q.limit}`.execute(trx);
      if (r.rows.length > 0) {
        await appendAudit(trx, {
          action: 'READ',
          userId: caller.userId,
          deviceId: caller.deviceId,
          schoolId: caller.schoolIds.length === 1 ? (caller.schoolIds[0] ?? null) : null,
          tableName: 'sync_conflicts',
          recordId: null,
          ip: caller.ip ?? null,
          userAgent: caller.userAgent ?? null,
          details: { rows: r.rows.length, row_ids: r.rows.map((x) => x.id) },
          at: new Date(),
        });
      }
      return r.rows.map(notice);
    },
  );
}

/** The losing value as a write of the row: one column (FIELD_LWW), or the edit plus undeleting the row (EDIT_AFTER_DELETE). */
function loserWrite(c: ConflictRow): Record<string, JsonValue> {
  if (c.conflict_type === 'FIELD_LWW' && c.column_name !== null)
    return { [c.column_name]: c.losing_value ?? null };
  if (
    c.conflict_type === 'EDIT_AFTER_DELETE' &&
    c.losing_value !== null &&
    typeof c.losing_value === 'object' &&
    !Array.isArray(c.losing_value)
  ) {
    return { ...c.losing_value, deleted_at: null };
  }
  throw new HttpError(
    409,
    'CONFLICT',
    `a ${c.conflict_type} conflict has no losing value to apply: resolve it with KEPT_WINNER`,
  );
}

async function applyLoser(trx: TenantTx, c: ConflictRow): Promise<string> {
  const cols = loserWrite(c);
  await takeSyncLock(trx);
  const current = await trx
    .selectFrom('sync_field_versions')
    .select('hlc')
    .where('table_name', '=', c.table_name)
    .where('row_id', '=', c.row_id)
    .execute();
  const hlc = serverTick([c.winning_hlc, c.losing_hlc, ...current.map((v) => v.hlc)]);
  const failure = await applyWrites(trx, [
    { seq: 0, t: c.table_name, id: c.row_id, op: 'UPDATE', cols, hlc, action: 'UPDATE' },
  ]);
  if (failure) throw new HttpError(409, 'CONFLICT', `the losing value cannot be applied: ${failure.message}`);
  const payload = Object.keys(cols).map((col) => ({ t: c.table_name, r: c.row_id, c: col, h: hlc }));
  if (c.conflict_type === 'EDIT_AFTER_DELETE')
    payload.push({ t: c.table_name, r: c.row_id, c: ROW_VERSION_COLUMN, h: hlc });
  await sql`INSERT INTO sync_field_versions (table_name, row_id, column_name, hlc, device_id, updated_at)
    SELECT x.t, x.r, x.c, x.h, NULL, now() FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS x(t text, r text, c text, h text)
    ON CONFLICT (table_name, row_id, column_name)
    DO UPDATE SET hlc = EXCLUDED.hlc, device_id = NULL, updated_at = EXCLUDED.updated_at`.execute(trx);
  return hlc;
}

export async function resolveConflict(
  db: ServerDb,
  caller: ConflictCaller,
  id: string,
  body: ResolveBody,
): Promise<ConflictNotice> {
  if (!RESOLVER_ROLES.includes(caller.role)) {
    throw new HttpError(403, 'FORBIDDEN', `a ${caller.role} cannot resolve sync conflicts`);
  }
  return withTenant(
    db,
    { schoolIds: caller.schoolIds, userId: caller.userId, deviceId: caller.deviceId },
    async (trx) => {
      const r = await sql<ConflictRow>`SELECT ${COLUMNS} FROM sync_conflicts WHERE id = ${id}
      AND school_id IN (${sql.join(caller.schoolIds.length > 0 ? caller.schoolIds : [''])}) FOR UPDATE`.execute(
        trx,
      );
      const c = r.rows[0];
      if (!c) throw new HttpError(404, 'NOT_FOUND', `no conflict ${id} in your schools`);
      if (c.status === 'RESOLVED') throw new HttpError(409, 'CONFLICT', `conflict ${id} is already resolved`);
      const hlc = body.resolution === 'APPLIED_LOSER' ? await applyLoser(trx, c) : null;
      const now = new Date();
      await trx
        .updateTable('sync_conflicts')
        .set({
          status: 'RESOLVED',
          resolution: body.resolution,
          resolution_reason: body.reason,
          resolved_by: caller.userId,
          resolved_at: now,
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
      const base = {
        userId: caller.userId,
        deviceId: caller.deviceId,
        schoolId: c.school_id,
        ip: caller.ip ?? null,
        userAgent: caller.userAgent ?? null,
        at: now,
      };
      await appendAudit(
        trx,
        ...(hlc !== null
          ? [
              {
                ...base,
                action: 'UPDATE' as const,
                tableName: c.table_name,
                recordId: c.row_id,
                details: { via: 'conflict_resolution', conflict_id: id, hlc },
              },
            ]
          : []),
        {
          ...base,
          action: 'UPDATE',
          tableName: 'sync_conflicts',
          recordId: id,
          details: { resolution: body.resolution },
        },
      );
      return { ...notice(c), status: 'RESOLVED' };
    },
  );
}
