import type { z } from 'zod';
import type { ImmunizationDose, ImmunizationStatusRow } from '../../../src-shared/ipc/contract';
import { immunizationStatus as rulesStatus } from '../../../src-shared/immunizations';
import { opt, type WorkstationContext } from '../context';
import { localDate } from '../time';

type Dose = z.infer<typeof ImmunizationDose>;
type StatusRow = z.infer<typeof ImmunizationStatusRow>;

/** The student's recorded doses, newest first. */
export function immunizationDoses(ctx: WorkstationContext, studentId: string): Dose[] {
  const rows = ctx
    .stmt(
      `SELECT id, vaccine_type, cvx_code, mvx_code, vaccine_name, dose_number, administration_date, lot_number, site, route, source
       FROM vaccinations WHERE student_id = ? AND deleted_at IS NULL ORDER BY administration_date DESC, vaccine_type`,
    )
    .all(studentId) as {
    id: string;
    vaccine_type: string;
    cvx_code: string;
    mvx_code: string | null;
    vaccine_name: string | null;
    dose_number: number | null;
    administration_date: string;
    lot_number: string | null;
    site: Dose['site'] | null;
    route: Dose['route'] | null;
    source: Dose['source'];
  }[];
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
  const schedules = ctx
    .stmt(
      `SELECT vaccine_type, dose_number, minimum_age_months, minimum_interval_days, grade_level, grace_period_days
       FROM vaccination_schedules WHERE required_for_enrollment = 1 AND deleted_at IS NULL
       ORDER BY vaccine_type, dose_number`,
    )
    .all() as {
    vaccine_type: string;
    dose_number: number;
    minimum_age_months: number | null;
    minimum_interval_days: number | null;
    grade_level: string | null;
    grace_period_days: number;
  }[];
  const exemptions = ctx
    .stmt(
      `SELECT vaccine_type FROM immunization_exemptions
       WHERE student_id = ? AND deleted_at IS NULL AND start_date <= ? AND (end_date IS NULL OR end_date >= ?)`,
    )
    .all(student.id, today, today) as { vaccine_type: string | null }[];
  return rulesStatus({
    dateOfBirth: student.date_of_birth,
    gradeLevel: student.grade_level,
    today,
    schedules: schedules.map((s) => ({
      vaccine: s.vaccine_type,
      doseNumber: s.dose_number,
      minimumAgeMonths: s.minimum_age_months,
      minimumIntervalDays: s.minimum_interval_days,
      gradeLevel: s.grade_level,
      gracePeriodDays: s.grace_period_days,
    })),
    doses,
    exemptions: exemptions.map((e) => e.vaccine_type),
  });
}
