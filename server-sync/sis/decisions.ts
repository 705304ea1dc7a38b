import { sql } from 'kysely';
import { z } from 'zod';
import { STUDENT_COLUMNS, GUARDIAN_COLUMNS } from '../../src-shared/sis';
import { localDate } from '../../src-shared/time';
import { appendAudit, type AuditEntryInput } from '../audit';
import type { ServerDb } from '../db/connect';
import { withTenant, type TenantScope } from '../db/tenant';
import { HttpError } from '../plugins/errors';
import { moveStudentRows } from '../students';
import { takeSyncLock } from '../sync/index';
import { withdrawStudents } from './apply';

/**
 * A district administrator's decisions on what an import left waiting: a withdrawal held above the threshold
 * (approved: the students still active are withdrawn; rejected: nothing changes), and a MANUAL_REVIEW item (the SIS
 * value taken, or White Cross's kept). Each runs under row-level security for the district's schools and is audited.
 */

export interface Actor {
  readonly userId: string;
  readonly districtId: string;
  readonly schoolIds: readonly string[];
  readonly audit: (
    e: Omit<AuditEntryInput, 'userId' | 'deviceId' | 'ip' | 'userAgent' | 'at'>,
  ) => AuditEntryInput;
}

const scopeOf = (a: Actor): TenantScope => ({ schoolIds: a.schoolIds, userId: a.userId, deviceId: null });

const studentIds = z.array(z.string());

export async function decideWithdrawal(
  db: ServerDb,
  id: string,
  decision: 'APPROVE' | 'REJECT',
  actor: Actor,
  at: Date,
): Promise<{ id: string; status: 'APPROVED' | 'REJECTED'; withdrawn: number }> {
  return withTenant(db, scopeOf(actor), async (trx) => {
    await takeSyncLock(trx);
    const row = await trx
      .selectFrom('sis_withdrawal_approvals as a')
      .innerJoin('schools as s', 's.id', 'a.withdrawing_school_id')
      .select([
        'a.id',
        'a.status',
        'a.student_ids',
        'a.sync_job_id',
        'a.withdrawing_school_id',
        's.district_id',
      ])
      .where('a.id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row || row.district_id !== actor.districtId)
      throw new HttpError(404, 'NOT_FOUND', `no held withdrawal ${id} in your district`);
    if (row.status !== 'PENDING')
      throw new HttpError(409, 'CONFLICT', `withdrawal ${id} was already ${row.status.toLowerCase()}`);
    const status = decision === 'APPROVE' ? 'APPROVED' : 'REJECTED';
    let withdrawn = 0;
    if (decision === 'APPROVE') {
      const tz = await trx
        .selectFrom('districts')
        .select('timezone')
        .where('id', '=', actor.districtId)
        .executeTakeFirstOrThrow();
      const ids = studentIds.parse(row.student_ids);
      withdrawn = await withdrawStudents(trx, ids, localDate(at.getTime(), tz.timezone), at);
      await sql`UPDATE sis_sync_jobs SET records_withdrawn = records_withdrawn + ${withdrawn}, updated_at = ${at}
        WHERE id = ${row.sync_job_id}`.execute(trx);
    }
    await trx
      .updateTable('sis_withdrawal_approvals')
      .set({ status, decided_by: actor.userId, decided_at: at, updated_at: at })
      .where('id', '=', id)
      .execute();
    await appendAudit(
      trx,
      actor.audit({
        action: 'UPDATE',
        schoolId: row.withdrawing_school_id,
        tableName: 'students',
        recordId: null,
        details: {
          event: 'sis_withdrawal_decision',
          approval_id: id,
          decision: status,
          withdrawn,
          student_ids: studentIds.parse(row.student_ids),
        },
      }),
    );
    return { id, status, withdrawn };
  });
}

const reviewValue = z.object({ value: z.string().nullable() });

export async function resolveReview(
  db: ServerDb,
  id: string,
  action: 'TAKE_SIS' | 'KEEP_WHITECROSS',
  notes: string | null,
  actor: Actor,
  at: Date,
): Promise<{ id: string; action: 'UPDATED_WHITECROSS' | 'SKIPPED' }> {
  return withTenant(db, scopeOf(actor), async (trx) => {
    await takeSyncLock(trx);
    const row = await trx
      .selectFrom('sis_sync_errors')
      .select([
        'id',
        'resolution_status',
        'error_type',
        'error_field',
        'whitecross_record_id',
        'sis_data_snapshot',
      ])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row || row.error_type !== 'CONFLICT')
      throw new HttpError(404, 'NOT_FOUND', `no review item ${id} in your district`);
    if (row.resolution_status !== 'MANUAL_REVIEW')
      throw new HttpError(409, 'CONFLICT', `review item ${id} was already resolved`);
    const studentId = row.whitecross_record_id ?? '';
    const student = await trx
      .selectFrom('students')
      .select(['id', 'school_id', 'district_id'])
      .where('id', '=', studentId)
      .executeTakeFirst();
    if (!student || student.district_id !== actor.districtId)
      throw new HttpError(404, 'NOT_FOUND', `no review item ${id} in your district`);
    const field = row.error_field ?? '';
    const resolution = action === 'TAKE_SIS' ? 'UPDATED_WHITECROSS' : 'SKIPPED';
    if (action === 'TAKE_SIS') {
      const value = reviewValue.parse(row.sis_data_snapshot).value;
      const guardian = /^guardians\.([^.]+)\.([a-z_]+)$/.exec(field);
      if (field === 'school_id') {
        if (value === null || !actor.schoolIds.includes(value))
          throw new HttpError(409, 'CONFLICT', `school ${value ?? ''} is not one of your schools`);
        await moveStudentRows(trx, studentId, student.school_id, value);
      } else if (guardian && (GUARDIAN_COLUMNS as readonly string[]).includes(guardian[2] ?? '')) {
        await sql`UPDATE guardians SET ${sql.ref(guardian[2] ?? '')} = ${value}, updated_at = ${at}
          WHERE id = ${guardian[1] ?? ''} AND student_id = ${studentId}`.execute(trx);
      } else if (field in STUDENT_COLUMNS) {
        await sql`UPDATE students SET ${sql.ref(field)} = ${value}, updated_at = ${at} WHERE id = ${studentId}`.execute(
          trx,
        );
      } else
        throw new HttpError(
          409,
          'CONFLICT',
          `review item ${id} names a field the SIS may not write (${field})`,
        );
    }
    await trx
      .updateTable('sis_sync_errors')
      .set({
        resolution_status: 'RESOLVED',
        resolution_action: resolution,
        resolved_by: actor.userId,
        resolved_at: at,
        resolution_notes: notes,
        updated_at: at,
      })
      .where('id', '=', id)
      .execute();
    await appendAudit(
      trx,
      actor.audit({
        action: 'UPDATE',
        schoolId: student.school_id,
        tableName: 'students',
        recordId: studentId,
        details: { event: 'sis_review_resolved', review_id: id, field, resolution },
      }),
    );
    return { id, action: resolution };
  });
}
