import { sql } from 'kysely';
import type { MedicationSummaryData, ReportParams } from '../../../src-shared/reports/district';
import type { TenantTx } from '../../db/tenant';
import { inSchools, type ReportSchool } from './scope';

interface Row {
  school_id: string;
  medication: string;
  given: number;
  missed: number;
  refused: number;
  held: number;
  not_in_school: number;
}

/**
 * Medication doses recorded from..to (the day of the dose, or of its schedule when it was not given, in the school's
 * zone) per school and medication; voided and deleted records are left out.
 */
export async function medicationSummaryData(
  trx: TenantTx,
  p: ReportParams,
  schools: readonly ReportSchool[],
): Promise<{ data: MedicationSummaryData; rows: number }> {
  const from = p.from ?? '';
  const to = p.to ?? '';
  const r = await sql<Row>`
    SELECT a.school_id,
           m.name AS medication,
           count(*) FILTER (WHERE a.administration_status = 'GIVEN')::int AS given,
           count(*) FILTER (WHERE a.administration_status = 'MISSED')::int AS missed,
           count(*) FILTER (WHERE a.administration_status = 'REFUSED')::int AS refused,
           count(*) FILTER (WHERE a.administration_status = 'HELD')::int AS held,
           count(*) FILTER (WHERE a.administration_status = 'NOT_IN_SCHOOL')::int AS not_in_school
    FROM medication_administrations a
    JOIN medications m ON m.id = a.medication_id
    JOIN schools s ON s.id = a.school_id
    JOIN districts d ON d.id = s.district_id
    WHERE a.deleted_at IS NULL AND a.voided_at IS NULL AND ${inSchools('a.school_id', schools)}
      AND (coalesce(a.administered_at, a.scheduled_for, a.created_at) AT TIME ZONE coalesce(s.timezone, d.timezone))::date
          BETWEEN ${from}::date AND ${to}::date
    GROUP BY a.school_id, 2`.execute(trx);
  const order = new Map(schools.map((s, i) => [s.id, i] as const));
  const name = new Map(schools.map((s) => [s.id, s.name] as const));
  const rows = [...r.rows]
    .sort(
      (a, b) =>
        (order.get(a.school_id) ?? 0) - (order.get(b.school_id) ?? 0) ||
        a.medication.localeCompare(b.medication),
    )
    .map((x) => ({
      schoolId: x.school_id,
      schoolName: name.get(x.school_id) ?? x.school_id,
      medication: x.medication,
      given: x.given,
      missed: x.missed,
      refused: x.refused,
      held: x.held,
      notInSchool: x.not_in_school,
    }));
  return { data: { from, to, rows }, rows: rows.length };
}
