import { immunizationStatus } from '../../../src-shared/immunizations';
import type { SeedContext } from '../helpers';
import type { StudentRec } from '../students';

/** One required vaccine OVERDUE for a student, as the nightly trigger finds it. */
export interface OverdueVaccine {
  readonly student: StudentRec;
  readonly vaccine: string;
  /** the dose due next: doses given + 1 */
  readonly dose: number;
  readonly dueOn: string;
  readonly gracePeriodDays: number;
}

/**
 * The overdue immunizations of these students on ctx.today, computed from the rows the seed wrote (the state's
 * vaccination_schedules, the students' vaccinations and exemptions) with the same rule (src-shared/immunizations
 * immunizationStatus) and the same inputs as the server's trigger (server-sync/alerts/triggers.ts) and the
 * workstation's (src-main/workstation/immunizations/read.ts), so the seeded alert has the key they raise with.
 */
export async function overdueVaccines(
  ctx: SeedContext,
  stateCode: string,
  students: readonly StudentRec[],
): Promise<OverdueVaccine[]> {
  if (students.length === 0) return [];
  const rows = await ctx.db
    .selectFrom('vaccination_schedules')
    .selectAll()
    .where('state_code', '=', stateCode)
    .where('deleted_at', 'is', null)
    .where('required_for_enrollment', '=', true)
    .orderBy('vaccine_type')
    .orderBy('dose_number')
    .execute();
  const schedules = rows.map((s) => ({
    vaccine: s.vaccine_type,
    doseNumber: s.dose_number,
    minimumAgeMonths: s.minimum_age_months,
    minimumIntervalDays: s.minimum_interval_days,
    gradeLevel: s.grade_level,
    gracePeriodDays: s.grace_period_days,
  }));
  if (schedules.length === 0) return [];
  const ids = students.map((s) => s.id);
  const [info, doses, exemptions] = await Promise.all([
    ctx.db
      .selectFrom('students')
      .select(['id', 'date_of_birth', 'grade_level', 'enrollment_status'])
      .where('id', 'in', ids)
      .where('deleted_at', 'is', null)
      .execute(),
    ctx.db
      .selectFrom('vaccinations')
      .select(['student_id', 'vaccine_type', 'administration_date'])
      .where('student_id', 'in', ids)
      .where('deleted_at', 'is', null)
      .execute(),
    ctx.db
      .selectFrom('immunization_exemptions')
      .select(['student_id', 'vaccine_type'])
      .where('student_id', 'in', ids)
      .where('deleted_at', 'is', null)
      .where('start_date', '<=', ctx.today)
      .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', ctx.today)]))
      .execute(),
  ]);
  const byId = new Map(info.map((r) => [r.id, r]));
  const out: OverdueVaccine[] = [];
  for (const s of students) {
    const st = byId.get(s.id);
    if (st?.enrollment_status !== 'ACTIVE') continue;
    const status = immunizationStatus({
      dateOfBirth: st.date_of_birth,
      gradeLevel: st.grade_level,
      today: ctx.today,
      schedules,
      doses: doses
        .filter((d) => d.student_id === s.id)
        .map((d) => ({ vaccine: d.vaccine_type, administeredOn: d.administration_date })),
      exemptions: exemptions.filter((e) => e.student_id === s.id).map((e) => e.vaccine_type),
    });
    for (const v of status) {
      if (v.status !== 'OVERDUE' || !v.nextDueOn) continue;
      const dose = v.dosesGiven + 1;
      const rule = schedules.find((r) => r.vaccine === v.vaccine && r.doseNumber === dose);
      out.push({
        student: s,
        vaccine: v.vaccine,
        dose,
        dueOn: v.nextDueOn,
        gracePeriodDays: rule?.gracePeriodDays ?? 0,
      });
    }
  }
  return out;
}
