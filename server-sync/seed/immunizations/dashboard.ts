import {
  readSchoolEntryDataset,
  readSupportingData,
  dashboardRefreshId,
  snapshotValues,
} from '../../immunizations';
import { groupBy, studentCompliance, summarizeCompliance } from '../../../src-shared/immunizations/dashboard';
import { addDays, type SeedContext } from '../helpers';
import type { ExemptionRecord } from '../../../src-shared/immunizations/dashboard';

/**
 * Yesterday's compliance dashboard of each school (compliance_dashboard_refreshes / _snapshots), computed by the real
 * engines from what the seed wrote: CDC's evaluation (the shipped supporting data) of each active student's doses and
 * the district state's shipped school-entry rules with the student's exemptions, summarized per grade and vaccine.
 * Yesterday's, so the trend has a first point and the demo server computes today's at its start
 * (refreshMissingDashboards). A state without shipped rules gets no snapshot.
 */
export async function seedComplianceDashboard(ctx: SeedContext): Promise<number> {
  const db = ctx.db;
  const district = await db.selectFrom('districts').select('state_code').executeTakeFirstOrThrow();
  const requirements = (await readSchoolEntryDataset()).states.find((s) => s.state === district.state_code);
  if (!requirements) return 0;
  const { data, version } = await readSupportingData();
  const day = addDays(ctx.today, -1);
  const computedAt = new Date(`${day}T23:00:00.000Z`);
  const schools = await db.selectFrom('schools').select('id').orderBy('id').execute();
  let rows = 0;
  for (const school of schools) {
    const students = await db
      .selectFrom('students')
      .select(['id', 'date_of_birth', 'sex', 'grade_level', 'enrollment_date'])
      .where('school_id', '=', school.id)
      .where('enrollment_status', '=', 'ACTIVE')
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .execute();
    if (students.length === 0) continue;
    const doses = await db
      .selectFrom('vaccinations')
      .select(['student_id', 'administration_date', 'cvx_code', 'mvx_code', 'lot_number'])
      .where('school_id', '=', school.id)
      .where('deleted_at', 'is', null)
      .where('administration_date', '<=', day)
      .orderBy('administration_date')
      .orderBy('id')
      .execute();
    const exemptions = await db
      .selectFrom('immunization_exemptions')
      .select(['student_id', 'exemption_type', 'vaccine_type', 'start_date', 'end_date', 'document_id'])
      .where('school_id', '=', school.id)
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .execute();
    const dosesOf = groupBy(doses, (d) => d.student_id);
    const exemptionsOf = groupBy(exemptions, (e) => e.student_id);
    const summary = summarizeCompliance(
      students.map((st) => ({
        studentId: st.id,
        gradeLevel: st.grade_level,
        results: studentCompliance(
          data,
          requirements,
          requirements.state,
          {
            dateOfBirth: st.date_of_birth,
            sex: st.sex ?? 'U',
            gradeLevel: st.grade_level,
            enrollmentDate: st.enrollment_date,
            doses: dosesOf.get(st.id) ?? [],
            exemptions: (exemptionsOf.get(st.id) ?? []).map((e): ExemptionRecord => ({
              exemption_type: e.exemption_type,
              vaccine_type: e.vaccine_type,
              start_date: e.start_date,
              end_date: e.end_date,
              document_id: e.document_id,
            })),
          },
          day,
        ),
      })),
    );
    const refreshId = dashboardRefreshId(school.id, day);
    await db
      .insertInto('compliance_dashboard_refreshes')
      .values({
        id: refreshId,
        school_id: school.id,
        snapshot_date: day,
        state_code: requirements.state,
        students_evaluated: students.length,
        supporting_data_version: version,
        computed_at: computedAt,
      })
      .execute();
    const values = snapshotValues(school.id, day, refreshId, summary);
    for (let i = 0; i < values.length; i += 500)
      await db
        .insertInto('compliance_dashboard_snapshots')
        .values(values.slice(i, i + 500))
        .execute();
    rows += values.length;
  }
  return rows;
}
