import { sql } from 'kysely';
import { STUDENT_SYNCED_CHILD_TABLES, STUDENT_SYNCED_TABLES } from '../../src-shared/sync/tables';
import { appendAudit } from '../audit';
import type { ServerDb } from '../db/connect';
import { withTenant, type TenantScope, type TenantTx } from '../db/tenant';
import { HttpError } from '../plugins/errors';
import { takeSyncLock } from '../sync/index';

/**
 * A student's transfer to another school of the district (docs/sync.md, "Student transfer"): the student and every
 * row of theirs move in one transaction. The synced tables that follow a student are declared with the synced
 * tables (src-shared/sync/tables.ts, followsStudent); the server-only ones (documents, billing, registry) here.
 * test/integration/students/transfer.test.ts checks that together they are every table holding a student's rows.
 */

/** Server-only tables (not synced) whose rows carry their student (student_id and school_id), parents first. */
export const SERVER_STUDENT_TABLES: readonly string[] = Object.freeze([
  'documents',
  'medicaid_eligibility',
  'billing_claims',
  'registry_submissions',
]);

/** Server-only tables without student_id whose rows belong to a moved parent: [table, fk column, parent table]. */
export const SERVER_STUDENT_CHILD_TABLES: readonly (readonly [string, string, string])[] = Object.freeze([
  ['reminder_delivery_status', 'reminder_id', 'immunization_reminders'],
  ['claim_line_items', 'claim_id', 'billing_claims'],
  ['claim_submissions', 'claim_id', 'billing_claims'],
  ['payment_tracking', 'claim_id', 'billing_claims'],
  ['registry_responses', 'submission_id', 'registry_submissions'],
  ['submission_error_log', 'submission_id', 'registry_submissions'],
  ['shared_documents', 'document_id', 'documents'],
] as const);

/** Tables whose rows follow their student to a new school (student_id and school_id), parents before children. */
export const STUDENT_ROW_TABLES: readonly string[] = Object.freeze([
  ...STUDENT_SYNCED_TABLES,
  ...SERVER_STUDENT_TABLES,
]);

/** Rows with a school_id but no student_id that belong to a moved parent: [table, fk column, parent table]. */
export const STUDENT_CHILD_TABLES: readonly (readonly [string, string, string])[] = Object.freeze([
  ...STUDENT_SYNCED_CHILD_TABLES,
  ...SERVER_STUDENT_CHILD_TABLES,
]);

export interface TransferActor {
  readonly userId: string;
  /** Must include both the student's current school and the new one (row-level security checks both). */
  readonly schoolIds: readonly string[];
  readonly deviceId?: string | null;
  readonly ip?: string | null;
  readonly userAgent?: string | null;
}

export interface TransferResult {
  readonly studentId: string;
  readonly fromSchoolId: string;
  readonly toSchoolId: string;
  /** Rows moved per table (the student included). */
  readonly moved: Readonly<Record<string, number>>;
}

/**
 * Moves a student and every row of theirs to another school in one transaction. The capture trigger logs, for each
 * synced row, a REMOVE for the old school (its workstations drop the row) and an UPSERT of the whole row for the
 * new one. Immutable trails (phi_disclosure_audit) stay where they were written.
 */
export async function transferStudent(
  db: ServerDb,
  studentId: string,
  toSchoolId: string,
  actor: TransferActor,
): Promise<TransferResult> {
  const scope: TenantScope = {
    schoolIds: actor.schoolIds,
    userId: actor.userId,
    deviceId: actor.deviceId ?? null,
  };
  return withTenant(db, scope, async (trx) => {
    await takeSyncLock(trx);
    const student = await trx
      .selectFrom('students')
      .select(['id', 'school_id', 'district_id'])
      .where('id', '=', studentId)
      .forUpdate()
      .executeTakeFirst();
    if (!student) throw new HttpError(404, 'NOT_FOUND', `no student ${studentId} in the schools you may see`);
    const target = await trx
      .selectFrom('schools')
      .select(['id', 'district_id'])
      .where('id', '=', toSchoolId)
      .executeTakeFirst();
    if (!target || target.district_id !== student.district_id) {
      throw new HttpError(404, 'NOT_FOUND', `no school ${toSchoolId} in the student's district`);
    }
    if (!actor.schoolIds.includes(toSchoolId)) {
      throw new HttpError(403, 'FORBIDDEN', `school ${toSchoolId} is not one of your schools`);
    }
    const from = student.school_id;
    if (from === toSchoolId) return { studentId, fromSchoolId: from, toSchoolId, moved: {} };
    const moved = await moveStudentRows(trx, studentId, from, toSchoolId);
    await appendAudit(trx, {
      action: 'UPDATE',
      userId: actor.userId,
      deviceId: actor.deviceId ?? null,
      schoolId: toSchoolId,
      tableName: 'students',
      recordId: studentId,
      ip: actor.ip ?? null,
      userAgent: actor.userAgent ?? null,
      details: { event: 'transfer', from_school_id: from, to_school_id: toSchoolId, moved },
      at: new Date(),
    });
    return { studentId, fromSchoolId: from, toSchoolId, moved };
  });
}

/**
 * Moves a student and every row of theirs from one school to another inside the caller's transaction (which holds
 * the sync lock and may see both schools): the capture trigger turns it into REMOVEs for the old school and whole
 * rows for the new. Used by transferStudent and by the SIS import (server-sync/sis), which audits on its own.
 */
export async function moveStudentRows(
  trx: TenantTx,
  studentId: string,
  from: string,
  toSchoolId: string,
): Promise<Record<string, number>> {
  const moved: Record<string, number> = {};
  const r =
    await sql`UPDATE students SET school_id = ${toSchoolId}, updated_at = now() WHERE id = ${studentId}`.execute(
      trx,
    );
  moved.students = Number(r.numAffectedRows ?? 0);
  for (const t of STUDENT_ROW_TABLES) {
    const u = await sql`UPDATE ${sql.table(t)} SET school_id = ${toSchoolId}
      WHERE student_id = ${studentId} AND school_id = ${from}`.execute(trx);
    moved[t] = Number(u.numAffectedRows ?? 0);
  }
  for (const [t, fk, parent] of STUDENT_CHILD_TABLES) {
    const u = await sql`UPDATE ${sql.table(t)} c SET school_id = ${toSchoolId}
      FROM ${sql.table(parent)} p
      WHERE p.id = c.${sql.ref(fk)} AND p.student_id = ${studentId} AND c.school_id = ${from}`.execute(trx);
    moved[t] = Number(u.numAffectedRows ?? 0);
  }
  return moved;
}
