import type { z } from 'zod';
import type { ImmunizationDose, ImmunizationStatusRow } from '../../../src-shared/ipc/contract';
import { immunizationStatus as rulesStatus } from '../../../src-shared/immunizations';
import { opt, query, type WorkstationContext } from '../context';
import { localDate } from '../../../src-shared/time';

type Dose = z.infer<typeof ImmunizationDose>;
type StatusRow = z.infer<typeof ImmunizationStatusRow>;

/** The student's recorded doses, newest first. */
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
      ])
      .where('student_id', '=', studentId)
      .where('deleted_at', 'is', null)
      .orderBy('administration_date', 'desc')
      .orderBy('vaccine_type'),
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
  const schedules = ctx.all(
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
      .orderBy('vaccine_type')
      .orderBy('dose_number'),
  );
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
