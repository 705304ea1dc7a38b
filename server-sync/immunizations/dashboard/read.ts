import { sql } from 'kysely';
import { z } from 'zod';
import {
  ALL_VACCINES,
  dashboardView,
  schoolYearStart,
  type ComplianceDashboardView,
  type DashboardRow,
} from '../../../src-shared/immunizations/dashboard';
import { dateTimeIn } from '../../../src-shared/time';
import type { TenantTx } from '../../db/tenant';

/**
 * Reads a school's dashboard from its snapshots (under row-level security: the caller's schools only): the newest
 * snapshot's rows, the ALL rows of every day since the school year began (the trend), the names of the students
 * needing action when the reader may see them. Rows are checked (zod) as they come out of the table.
 */

const needsSchema = z.array(
  z.object({
    studentId: z.string(),
    vaccine: z.string(),
    status: z.enum(['CONDITIONAL', 'OVERDUE']),
    nextDose: z.number().int().nullable(),
    dueDate: z.string().nullable(),
    conditionalDeadline: z.string().nullable(),
    reason: z.string(),
  }),
);

type SnapshotRow = {
  grade_level: string;
  vaccine_type: string;
  total_students: number;
  compliant_count: number;
  conditional_count: number;
  overdue_count: number;
  exempt_count: number;
  exempt_medical_count: number;
  exempt_religious_count: number;
  exempt_philosophical_count: number;
  compliance_percentage: string | null;
  needing_action: unknown;
};

function dashboardRow(r: SnapshotRow, where: string): DashboardRow {
  const needs = needsSchema.safeParse(r.needing_action);
  if (!needs.success)
    throw new Error(
      `compliance_dashboard_snapshots ${where} ${r.grade_level}/${r.vaccine_type}: needing_action.${needs.error.issues[0]?.path.join('.') ?? ''}: ${needs.error.issues[0]?.message ?? 'invalid'}`,
    );
  return {
    gradeLevel: r.grade_level,
    vaccine: r.vaccine_type,
    total: r.total_students,
    compliant: r.compliant_count,
    conditional: r.conditional_count,
    overdue: r.overdue_count,
    exempt: r.exempt_count,
    exemptMedical: r.exempt_medical_count,
    exemptReligious: r.exempt_religious_count,
    exemptPhilosophical: r.exempt_philosophical_count,
    percentage: r.compliance_percentage === null ? null : Number(r.compliance_percentage),
    needingAction: needs.data,
  };
}

const COLUMNS = [
  'grade_level',
  'vaccine_type',
  'total_students',
  'compliant_count',
  'conditional_count',
  'overdue_count',
  'exempt_count',
  'exempt_medical_count',
  'exempt_religious_count',
  'exempt_philosophical_count',
  'compliance_percentage',
  'needing_action',
] as const;

export interface SchoolDashboard {
  readonly view: ComplianceDashboardView;
  /** the newest snapshot's rows (every grade and vaccine) */
  readonly rows: readonly DashboardRow[];
  readonly schoolCode: string;
}

/** null: the school is not the caller's, or has no snapshot yet. */
export async function readSchoolDashboard(
  trx: TenantTx,
  schoolId: string,
  o: { readonly withNames: boolean },
): Promise<SchoolDashboard | null> {
  const school = await trx
    .selectFrom('schools as s')
    .innerJoin('districts as d', 'd.id', 's.district_id')
    .select([
      's.id',
      's.name',
      's.school_code',
      sql<string>`coalesce(s.state, d.state_code)`.as('state'),
      sql<string>`coalesce(s.timezone, d.timezone)`.as('time_zone'),
    ])
    .where('s.id', '=', schoolId)
    .executeTakeFirst();
  if (!school) return null;
  const refresh = await trx
    .selectFrom('compliance_dashboard_refreshes')
    .selectAll()
    .where('school_id', '=', schoolId)
    .orderBy('snapshot_date', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!refresh) return null;
  const rows = (
    await trx
      .selectFrom('compliance_dashboard_snapshots')
      .select(COLUMNS)
      .where('refresh_id', '=', refresh.id)
      .execute()
  ).map((r) => dashboardRow(r, refresh.snapshot_date));
  const history = await trx
    .selectFrom('compliance_dashboard_snapshots')
    .select(['snapshot_date', ...COLUMNS])
    .where('school_id', '=', schoolId)
    .where('vaccine_type', '=', ALL_VACCINES)
    .where('snapshot_date', '>=', schoolYearStart(refresh.snapshot_date))
    .where('snapshot_date', '<=', refresh.snapshot_date)
    .execute();
  const days = new Map<string, DashboardRow[]>();
  for (const h of history)
    days.set(h.snapshot_date, [...(days.get(h.snapshot_date) ?? []), dashboardRow(h, h.snapshot_date)]);
  const ids = [...new Set(rows.flatMap((r) => r.needingAction.map((n) => n.studentId)))];
  const students = new Map<string, { name: string | null; gradeLevel: string }>();
  for (let i = 0; i < ids.length; i += 1000) {
    const found = await trx
      .selectFrom('students')
      .select(['id', 'first_name', 'last_name', 'grade_level'])
      .where('id', 'in', ids.slice(i, i + 1000))
      .execute();
    for (const s of found)
      students.set(s.id, {
        name: o.withNames ? `${s.last_name}, ${s.first_name}` : null,
        gradeLevel: s.grade_level,
      });
  }
  return {
    schoolCode: school.school_code,
    rows,
    view: dashboardView({
      school: {
        id: school.id,
        name: school.name,
        state: refresh.state_code ?? school.state,
        timeZone: school.time_zone,
      },
      snapshotDate: refresh.snapshot_date,
      computedAt: dateTimeIn(refresh.computed_at.getTime(), school.time_zone, true),
      studentsEvaluated: refresh.students_evaluated,
      supportingDataVersion: refresh.supporting_data_version,
      rows,
      history: [...days].map(([date, r]) => ({ date, rows: r })),
      students,
    }),
  };
}

/** The caller's schools and the date of each one's newest snapshot (null: none yet). */
export async function dashboardSchools(trx: TenantTx, schoolIds: readonly string[]) {
  if (schoolIds.length === 0) return [];
  return trx
    .selectFrom('schools as s')
    .leftJoin('compliance_dashboard_refreshes as r', 'r.school_id', 's.id')
    .select(['s.id', 's.name', sql<string | null>`max(r.snapshot_date)::text`.as('snapshot_date')])
    .where('s.is_active', '=', true)
    .where('s.id', 'in', schoolIds)
    .groupBy(['s.id', 's.name'])
    .orderBy('s.name')
    .execute();
}
