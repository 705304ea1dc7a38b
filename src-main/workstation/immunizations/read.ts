import type { z } from 'zod';
import type { ImmunizationDose, ImmunizationStatusRow } from '../../../src-shared/ipc/contract';
import { GradeLevel } from '../../../src-shared/enums';
import { opt, type WorkstationContext } from '../context';
import { localDate } from '../time';

type Dose = z.infer<typeof ImmunizationDose>;
type StatusRow = z.infer<typeof ImmunizationStatusRow>;

interface ScheduleRow {
  vaccine_type: string;
  dose_number: number;
  minimum_age_months: number | null;
  minimum_interval_days: number | null;
  grade_level: string | null;
  grace_period_days: number;
}

const gradeRank = (g: string | null): number =>
  g === null ? -1 : (GradeLevel as readonly string[]).indexOf(g);

function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1 + months, d)).toISOString().slice(0, 10);
}
function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

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
 * Compliance per required vaccine (vaccination_schedules rows required for enrollment whose grade the student has
 * reached): EXEMPT with an exemption in force, COMPLETE with every required dose, else the next dose is due from
 * max(minimum age, previous dose + minimum interval) and OVERDUE once its grace period has passed.
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
    .all() as ScheduleRow[];
  const exemptions = ctx
    .stmt(
      `SELECT vaccine_type FROM immunization_exemptions
       WHERE student_id = ? AND deleted_at IS NULL AND start_date <= ? AND (end_date IS NULL OR end_date >= ?)`,
    )
    .all(student.id, today, today) as { vaccine_type: string | null }[];
  const grade = gradeRank(student.grade_level);
  const byVaccine = new Map<string, ScheduleRow[]>();
  for (const s of schedules) {
    if (gradeRank(s.grade_level) > grade) continue;
    const list = byVaccine.get(s.vaccine_type) ?? [];
    list.push(s);
    byVaccine.set(s.vaccine_type, list);
  }
  const out: StatusRow[] = [];
  for (const [vaccine, rows] of [...byVaccine].sort(([a], [b]) => a.localeCompare(b))) {
    const required = Math.max(...rows.map((r) => r.dose_number));
    const given = doses
      .filter((d) => d.vaccine === vaccine)
      .map((d) => d.administeredOn)
      .sort();
    const dosesGiven = given.length;
    if (exemptions.some((e) => e.vaccine_type === null || e.vaccine_type === vaccine)) {
      out.push({ vaccine, status: 'EXEMPT', dosesGiven, dosesRequired: required });
      continue;
    }
    if (dosesGiven >= required) {
      out.push({ vaccine, status: 'COMPLETE', dosesGiven, dosesRequired: required });
      continue;
    }
    const next = rows.find((r) => r.dose_number === dosesGiven + 1) ?? rows[rows.length - 1]!;
    let due = addMonths(student.date_of_birth, next.minimum_age_months ?? 0);
    const last = given[given.length - 1];
    if (last && next.minimum_interval_days !== null) {
      const fromLast = addDays(last, next.minimum_interval_days);
      if (fromLast > due) due = fromLast;
    }
    const overdue = addDays(due, next.grace_period_days) < today;
    out.push({
      vaccine,
      status: overdue ? 'OVERDUE' : 'DUE',
      dosesGiven,
      dosesRequired: required,
      nextDueOn: due,
    });
  }
  return out;
}
