import type { z } from 'zod';
import type { ImmunizationDose, ImmunizationStatusRow } from '../../../src-shared/ipc/contract';
import { immunizationStatus as rulesStatus, sameDayDuplicateIds } from '../../../src-shared/immunizations';
import { fullName, opt, query, type WorkstationContext } from '../context';
import { localDate } from '../../../src-shared/time';

type Dose = z.infer<typeof ImmunizationDose>;
type StatusRow = z.infer<typeof ImmunizationStatusRow>;

/** The student's recorded doses, newest first; a dose sharing its series and day with another is flagged. */
export function immunizationDoses(ctx: WorkstationContext, studentId: string): Dose[] {
  const rows = ctx.all(
    query
      .selectFrom('vaccinations')
      .select([
        'id',
        'vaccine_type',
        'cvx_code',
        'mvx_code',
        'vaccine_name',
        'dose_number',
        'administration_date',
        'lot_number',
        'site',
        'route',
        'source',
        'registry_status',
      ])
      .where('student_id', '=', studentId)
      .where('deleted_at', 'is', null)
      .orderBy('administration_date', 'desc')
      .orderBy('vaccine_type'),
  );
  const duplicates = sameDayDuplicateIds(
    rows.map((r) => ({ id: r.id, vaccine: r.vaccine_type, administeredOn: r.administration_date })),
  );
  return rows.map((r) => ({
    id: r.id,
    vaccine: r.vaccine_type,
    cvx: r.cvx_code,
    mvx: opt(r.mvx_code),
    vaccineName: opt(r.vaccine_name),
    doseNumber: opt(r.dose_number),
    administeredOn: r.administration_date,
    lot: opt(r.lot_number),
    site: opt(r.site),
    route: opt(r.route),
    source: r.source,
    registryStatus: r.registry_status,
    sameDayDuplicate: duplicates.has(r.id),
  }));
}

/**
 * Compliance per required vaccine (the immunizations feature's rules, src-shared/immunizations): the schedules
 * required for enrollment and the exemptions in force today, read here.
 */
export function immunizationStatus(
  ctx: WorkstationContext,
  student: { id: string; date_of_birth: string; grade_level: string },
  doses: readonly Dose[],
): StatusRow[] {
  const today = localDate(ctx.now(), ctx.timeZone());
  const schedules = requiredSchedules(ctx);
  const exemptions = ctx.all(
    query
      .selectFrom('immunization_exemptions')
      .select('vaccine_type')
      .where('student_id', '=', student.id)
      .where('deleted_at', 'is', null)
      .where('start_date', '<=', today)
      .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', today)])),
  );
  return rulesStatus({
    dateOfBirth: student.date_of_birth,
    gradeLevel: student.grade_level,
    today,
    schedules,
    doses,
    exemptions: exemptions.map((e) => e.vaccine_type),
  });
}

/** A required dose overdue at the school: who, which vaccine and dose, and the date it was due. */
export interface OverdueImmunization {
  readonly studentId: string;
  readonly studentName: string;
  readonly vaccine: string;
  readonly dose: number;
  readonly dueOn: string;
}

/**
 * Every required dose overdue today among the school's active students (the same rules as a student's record:
 * src-shared/immunizations), in three reads for the whole school. Feeds the IMMUNIZATION_OVERDUE alert.
 */
export function overdueImmunizations(ctx: WorkstationContext): OverdueImmunization[] {
  const today = localDate(ctx.now(), ctx.timeZone());
  const rules = requiredSchedules(ctx);
  if (rules.length === 0) return [];
  const students = ctx.all(
    query
      .selectFrom('students')
      .select(['id', 'first_name', 'last_name', 'preferred_name', 'date_of_birth', 'grade_level'])
      .where('school_id', '=', ctx.schoolId)
      .where('deleted_at', 'is', null)
      .where('enrollment_status', '=', 'ACTIVE'),
  );
  const doses = new Map<string, { vaccine: string; administeredOn: string }[]>();
  for (const v of ctx.all(
    query
      .selectFrom('vaccinations as v')
      .innerJoin('students as s', 's.id', 'v.student_id')
      .select(['v.student_id', 'v.vaccine_type', 'v.administration_date'])
      .where('s.school_id', '=', ctx.schoolId)
      .where('v.deleted_at', 'is', null),
  )) {
    const list = doses.get(v.student_id) ?? [];
    list.push({ vaccine: v.vaccine_type, administeredOn: v.administration_date });
    doses.set(v.student_id, list);
  }
  const exemptions = new Map<string, (string | null)[]>();
  for (const e of ctx.all(
    query
      .selectFrom('immunization_exemptions as e')
      .innerJoin('students as s', 's.id', 'e.student_id')
      .select(['e.student_id', 'e.vaccine_type'])
      .where('s.school_id', '=', ctx.schoolId)
      .where('e.deleted_at', 'is', null)
      .where('e.start_date', '<=', today)
      .where((eb) => eb.or([eb('e.end_date', 'is', null), eb('e.end_date', '>=', today)])),
  )) {
    const list = exemptions.get(e.student_id) ?? [];
    list.push(e.vaccine_type);
    exemptions.set(e.student_id, list);
  }
  const out: OverdueImmunization[] = [];
  for (const s of students) {
    for (const v of rulesStatus({
      dateOfBirth: s.date_of_birth,
      gradeLevel: s.grade_level,
      today,
      schedules: rules,
      doses: doses.get(s.id) ?? [],
      exemptions: exemptions.get(s.id) ?? [],
    })) {
      if (v.status !== 'OVERDUE' || !v.nextDueOn) continue;
      out.push({
        studentId: s.id,
        studentName: fullName(s),
        vaccine: v.vaccine,
        dose: v.dosesGiven + 1,
        dueOn: v.nextDueOn,
      });
    }
  }
  return out;
}

/** The school's state (schools.state); null when the school's address has none. */
export function schoolState(ctx: WorkstationContext): string | null {
  return (
    ctx.all(query.selectFrom('schools').select('state').where('id', '=', ctx.schoolId))[0]?.state ?? null
  );
}

/**
 * The school's state's schedules required for enrollment, as the pure rules (src-shared/immunizations) take them.
 * The district's table holds several states' (the shipped school-entry requirements, reference-data/school-entry):
 * only the school's count; every state's when the school has no state on record.
 */
function requiredSchedules(ctx: WorkstationContext) {
  const state = schoolState(ctx);
  return ctx
    .all(
      query
        .selectFrom('vaccination_schedules')
        .select([
          'vaccine_type',
          'dose_number',
          'minimum_age_months',
          'minimum_interval_days',
          'grade_level',
          'grace_period_days',
        ])
        .where('required_for_enrollment', '=', 1)
        .where('deleted_at', 'is', null)
        .$if(state !== null, (q) => q.where('state_code', '=', state ?? ''))
        .orderBy('vaccine_type')
        .orderBy('dose_number'),
    )
    .map((s) => ({
      vaccine: s.vaccine_type,
      doseNumber: s.dose_number,
      minimumAgeMonths: s.minimum_age_months,
      minimumIntervalDays: s.minimum_interval_days,
      gradeLevel: s.grade_level,
      gracePeriodDays: s.grace_period_days,
    }));
}
