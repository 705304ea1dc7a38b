import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { RosterPlan } from '../../src-shared/sis';
import { appendAudit, type AuditEntryInput } from '../audit';
import type { TenantTx } from '../db/tenant';
import { moveStudentRows } from '../students';
import { takeSyncLock } from '../sync/index';

/**
 * Writes a roster plan in the import's transaction (row-level security set to the district's schools, widened once
 * the roster's new schools exist). Students are created, updated, transferred (every row of theirs moves, so the old
 * school's workstations get a REMOVE and the new one the whole record) and withdrawn (a status, never a delete);
 * held withdrawals wait in sis_withdrawal_approvals; review items and rejected records go to sis_sync_errors. One
 * audit entry per school says which records the import touched (ids and counts, never values).
 */

export interface ApplyContext {
  readonly districtId: string;
  readonly jobId: string;
  readonly userId: string | null;
  readonly at: Date;
  readonly thresholdPercent: number;
}

const CHUNK = 500;
const chunks = <T>(xs: readonly T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
};

/** Sets the transaction's schools to every school of the district (after new ones were created). */
export async function scopeToDistrict(trx: TenantTx, districtId: string): Promise<string[]> {
  const ids = (
    await trx.selectFrom('schools').select('id').where('district_id', '=', districtId).execute()
  ).map((s) => s.id);
  await sql`SELECT set_config('app.school_ids', ${ids.join(',')}, true)`.execute(trx);
  return ids;
}

/** Record ids an import touched, per school and kind: the audit entries' details. */
export type Touched = Map<string, Record<string, string[]>>;

const toucher = (touched: Touched) => (schoolId: string, what: string, id: string) => {
  const t = touched.get(schoolId) ?? {};
  (t[what] ??= []).push(id);
  touched.set(schoolId, t);
};

/** The roster's schools first (a first import's job row needs a configuration, which needs a school). */
export async function applySchools(
  trx: TenantTx,
  plan: RosterPlan,
  ctx: Omit<ApplyContext, 'jobId' | 'thresholdPercent'>,
  touched: Touched,
): Promise<void> {
  await takeSyncLock(trx);
  const touch = toucher(touched);

  // schools, and their links
  for (const s of plan.schools.create) {
    await trx
      .insertInto('schools')
      .values({ id: s.id, district_id: ctx.districtId, name: s.name, school_code: s.schoolCode })
      .execute();
    touch(s.id, 'schools_created', s.id);
  }
  for (const s of plan.schools.update) {
    await trx
      .updateTable('schools')
      .set({ name: s.name, updated_at: ctx.at })
      .where('id', '=', s.id)
      .where('name', '<>', s.name)
      .execute();
    touch(s.id, 'schools_updated', s.id);
  }
  const links = [
    ...plan.schools.create.map((s) => ({ sourced_id: s.sourcedId, record_id: s.id })),
    ...plan.schools.update.filter((s) => s.link).map((s) => ({ sourced_id: s.sourcedId, record_id: s.id })),
  ];
  for (const c of chunks(links))
    await trx
      .insertInto('sis_record_links')
      .values(c.map((l) => ({ ...l, district_id: ctx.districtId, entity_type: 'SCHOOL' })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  if (plan.schools.create.length > 0) await scopeToDistrict(trx, ctx.districtId);
}

/** Students, guardians, held withdrawals, review items and rejected records; then the audit entries. */
export async function applyRoster(
  trx: TenantTx,
  plan: RosterPlan,
  ctx: ApplyContext,
  touched: Touched,
): Promise<void> {
  const touch = toucher(touched);
  // students
  for (const c of chunks(plan.students.create)) {
    await trx
      .insertInto('students')
      .values(
        c.map((s) => {
          const v = s.values;
          const need = (
            k: 'student_number' | 'first_name' | 'last_name' | 'date_of_birth' | 'grade_level',
          ) => {
            const x = v[k];
            if (x === null || x === undefined)
              throw new Error(`student ${s.sourcedId}: ${k} is required to create a student`);
            return x;
          };
          return {
            ...v,
            id: s.id,
            district_id: ctx.districtId,
            school_id: s.schoolId,
            sis_id: s.sourcedId,
            student_number: need('student_number'),
            first_name: need('first_name'),
            last_name: need('last_name'),
            date_of_birth: need('date_of_birth'),
            grade_level: need('grade_level') as 'K',
            sex: (v.sex ?? 'U') as 'U',
            enrollment_status: 'ACTIVE' as const,
          };
        }),
      )
      .execute();
    for (const s of c) touch(s.schoolId, 'students_created', s.id);
  }
  const setStudent = async (
    id: string,
    changes: Record<string, string | null>,
    sisId: string | undefined,
  ) => {
    if (Object.keys(changes).length === 0 && sisId === undefined) return;
    const set = { ...changes, ...(sisId !== undefined ? { sis_id: sisId } : {}), updated_at: ctx.at };
    await trx
      .updateTable('students')
      .set(set as never)
      .where('id', '=', id)
      .execute();
  };
  for (const u of plan.students.update) {
    await setStudent(u.id, u.changes, u.sisId);
    const s = await trx
      .selectFrom('students')
      .select('school_id')
      .where('id', '=', u.id)
      .executeTakeFirstOrThrow();
    touch(s.school_id, 'students_updated', u.id);
  }
  for (const t of plan.students.transfer) {
    const moved = await moveStudentRows(trx, t.id, t.fromSchoolId, t.toSchoolId);
    await setStudent(t.id, t.changes, t.sisId);
    touch(t.fromSchoolId, 'students_transferred_out', t.id);
    touch(t.toSchoolId, 'students_transferred_in', t.id);
    if ((moved.students ?? 0) !== 1)
      throw new Error(`student ${t.id} could not be moved to school ${t.toSchoolId}`);
  }
  for (const c of chunks(plan.students.withdraw)) {
    await withdrawStudents(
      trx,
      c.map((w) => w.id),
      plan.today,
      ctx.at,
    );
    for (const w of c) touch(w.schoolId, 'students_withdrawn', w.id);
  }
  for (const h of plan.students.held) {
    // one pending decision per school: a re-run replaces it (the same file again adds nothing)
    const pending = await trx
      .selectFrom('sis_withdrawal_approvals')
      .select('id')
      .where('withdrawing_school_id', '=', h.schoolId)
      .where('status', '=', 'PENDING')
      .executeTakeFirst();
    if (pending) {
      await trx
        .updateTable('sis_withdrawal_approvals')
        .set({
          sync_job_id: ctx.jobId,
          student_ids: JSON.stringify(h.studentIds),
          withdraw_count: h.studentIds.length,
          active_count: h.active,
          threshold_percent: ctx.thresholdPercent,
          updated_at: ctx.at,
        })
        .where('id', '=', pending.id)
        .execute();
      continue;
    }
    await trx
      .insertInto('sis_withdrawal_approvals')
      .values({
        id: uuidv7(),
        sync_job_id: ctx.jobId,
        withdrawing_school_id: h.schoolId,
        student_ids: JSON.stringify(h.studentIds),
        withdraw_count: h.studentIds.length,
        active_count: h.active,
        threshold_percent: ctx.thresholdPercent,
      })
      .execute();
  }

  // guardians
  for (const c of chunks(plan.guardians.create)) {
    await trx
      .insertInto('guardians')
      .values(
        c.map((g) => ({
          ...g.values,
          id: g.id,
          student_id: g.studentId,
          school_id: g.schoolId,
          first_name: g.values.first_name ?? '',
          last_name: g.values.last_name ?? '',
          relationship: g.values.relationship ?? 'Guardian',
          phone_primary: g.values.phone_primary ?? '',
        })),
      )
      .execute();
    await trx
      .insertInto('sis_record_links')
      .values(
        c.map((g) => ({
          district_id: ctx.districtId,
          entity_type: 'GUARDIAN',
          sourced_id: g.sourcedId,
          record_id: g.id,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
    for (const g of c) touch(g.schoolId, 'guardians_created', g.id);
  }
  for (const g of plan.guardians.update) {
    await trx
      .updateTable('guardians')
      .set({ ...g.changes, updated_at: ctx.at } as never)
      .where('id', '=', g.id)
      .execute();
  }

  // review items and rejected records
  const rows = [
    ...plan.reviews.map((r) => ({
      id: uuidv7(),
      sync_job_id: ctx.jobId,
      entity_type: r.group === 'CONTACTS' ? 'EMERGENCY_CONTACT' : 'STUDENT',
      sis_record_id: r.sourcedId,
      whitecross_record_id: r.studentId,
      error_type: 'CONFLICT' as const,
      error_field: r.field,
      error_message: `${r.group}: the SIS and White Cross differ; the field waits for review`,
      sis_data_snapshot: JSON.stringify({ value: r.sis }),
      whitecross_data_snapshot: JSON.stringify({ value: r.whitecross }),
      resolution_status: 'MANUAL_REVIEW' as const,
      source_file: 'users.csv',
      source_line: r.line,
    })),
    ...plan.errors.map((e) => ({
      id: uuidv7(),
      sync_job_id: ctx.jobId,
      entity_type: e.entity,
      sis_record_id: e.sourcedId,
      whitecross_record_id: null,
      error_type: e.type,
      error_field: e.field,
      error_message: e.reason,
      sis_data_snapshot: null,
      whitecross_data_snapshot: null,
      resolution_status: 'PENDING' as const,
      source_file: e.file,
      source_line: e.line,
    })),
  ];
  for (const c of chunks(rows)) await trx.insertInto('sis_sync_errors').values(c).execute();

  const entries: AuditEntryInput[] = [...touched].map(([schoolId, ids]) => ({
    action: 'UPDATE',
    userId: ctx.userId,
    deviceId: null,
    schoolId,
    tableName: 'students',
    recordId: null,
    ip: null,
    userAgent: null,
    details: { event: 'sis_import', sis_sync_job_id: ctx.jobId, ...ids },
    at: ctx.at,
  }));
  if (entries.length > 0) await appendAudit(trx, ...entries);
}

/** Withdraws students still active (a status and a date, never a delete); returns how many changed. */
export async function withdrawStudents(
  trx: TenantTx,
  ids: readonly string[],
  today: string,
  at: Date,
): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await sql`UPDATE students SET enrollment_status = 'WITHDRAWN',
      withdrawal_date = CASE WHEN enrollment_date > ${today}::date THEN enrollment_date ELSE ${today}::date END,
      updated_at = ${at}
    WHERE id IN (${sql.join(ids)}) AND enrollment_status = 'ACTIVE'`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}
