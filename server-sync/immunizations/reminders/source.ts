import {
  addDays,
  immunizationStatus,
  requiredByVaccine,
  type ScheduleRule,
} from '../../../src-shared/immunizations';
import type { ReminderNeed } from '../../../src-shared/immunizations/reminders';
import type { ServerDb } from '../../db/connect';
import { groupBy } from '../../../src-shared/immunizations/dashboard';

/**
 * Where the reminder job takes the doses due from: a function of the database, the district's day and the district.
 * The job checks what it returns (reminderNeedSchema). The server registers `complianceReminderSource`
 * (cdsi-source.ts: CDC's forecast and the state's school-entry compliance); `statusReminderSource` reads the simple
 * status the alerts' IMMUNIZATION_OVERDUE trigger uses (src-shared/immunizations/status.ts) and serves the delivery
 * tests.
 */
export type ReminderSource = (
  db: ServerDb,
  today: string,
  scope: { readonly districtId: string },
) => Promise<ReminderNeed[]>;

/**
 * The state's school-entry schedule as needs: for each active student of the district and each required vaccine that
 * is DUE or OVERDUE, its next dose, due on the status's date, with the state deadline at the end of its grace period.
 */
export const statusReminderSource: ReminderSource = async (db, today, { districtId }) => {
  const district = await db
    .selectFrom('districts')
    .select('state_code')
    .where('id', '=', districtId)
    .executeTakeFirst();
  if (!district) return [];
  const rows = await db
    .selectFrom('vaccination_schedules')
    .selectAll()
    .where('state_code', '=', district.state_code)
    .where('deleted_at', 'is', null)
    .where('required_for_enrollment', '=', true)
    .orderBy('vaccine_type')
    .orderBy('dose_number')
    .execute();
  if (rows.length === 0) return [];
  const schedules: ScheduleRule[] = rows.map((s) => ({
    vaccine: s.vaccine_type,
    doseNumber: s.dose_number,
    minimumAgeMonths: s.minimum_age_months,
    minimumIntervalDays: s.minimum_interval_days,
    gradeLevel: s.grade_level,
    gracePeriodDays: s.grace_period_days,
  }));
  const students = await db
    .selectFrom('students as st')
    .innerJoin('schools as sc', 'sc.id', 'st.school_id')
    .select(['st.id', 'st.school_id', 'st.date_of_birth', 'st.grade_level'])
    .where('sc.district_id', '=', districtId)
    .where('sc.is_active', '=', true)
    .where('st.enrollment_status', '=', 'ACTIVE')
    .where('st.deleted_at', 'is', null)
    .orderBy('st.id')
    .execute();
  if (students.length === 0) return [];
  const ids = students.map((s) => s.id);
  const doses = await db
    .selectFrom('vaccinations')
    .select(['student_id', 'vaccine_type', 'administration_date'])
    .where('student_id', 'in', ids)
    .where('deleted_at', 'is', null)
    .execute();
  const exemptions = await db
    .selectFrom('immunization_exemptions')
    .select(['student_id', 'vaccine_type'])
    .where('student_id', 'in', ids)
    .where('deleted_at', 'is', null)
    .where('start_date', '<=', today)
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', today)]))
    .execute();
  const dosesOf = groupBy(doses, (d) => d.student_id);
  const exemptionsOf = groupBy(exemptions, (e) => e.student_id);
  const needs: ReminderNeed[] = [];
  for (const st of students) {
    const status = immunizationStatus({
      dateOfBirth: st.date_of_birth,
      gradeLevel: st.grade_level,
      today,
      schedules,
      doses: (dosesOf.get(st.id) ?? []).map((d) => ({
        vaccine: d.vaccine_type,
        administeredOn: d.administration_date,
      })),
      exemptions: (exemptionsOf.get(st.id) ?? []).map((e) => e.vaccine_type),
    });
    const rules = requiredByVaccine(schedules, st.grade_level);
    for (const v of status) {
      if ((v.status !== 'DUE' && v.status !== 'OVERDUE') || !v.nextDueOn) continue;
      const doseNumber = v.dosesGiven + 1;
      const rule = rules.get(v.vaccine)?.find((r) => r.doseNumber === doseNumber);
      needs.push({
        studentId: st.id,
        schoolId: st.school_id,
        vaccine: v.vaccine,
        doseNumber,
        dueDate: v.nextDueOn,
        kind: 'STATE_DEADLINE',
        ...(rule ? { deadline: addDays(v.nextDueOn, rule.gracePeriodDays) } : {}),
      });
    }
  }
  return needs;
};
