import { requirementsFromRows, type ComplianceDashboardView } from '../../../src-shared/immunizations';
import {
  dashboardView,
  studentCompliance,
  groupBy,
  summarizeCompliance,
  type StudentResults,
} from '../../../src-shared/immunizations/dashboard';
import { dateTimeIn, localDate } from '../../../src-shared/time';
import { query, type Actor, type WorkstationContext } from '../context';
import { schoolState } from './read';
import { currentSupportingData } from './supporting-data';

/**
 * immunizations.dashboard: the school's compliance dashboard computed on the workstation, offline, from its own
 * database, with the same pure code as the district's (src-shared/immunizations/dashboard: each active student's
 * compliance from CDC's evaluation and the state's rules with exemptions, summarized per grade and vaccine). The
 * workstation keeps no history: the trend is today's point (the district's console shows the school year's). The view
 * is audited (the names of the students needing action).
 */
export function immunizationDashboard(ctx: WorkstationContext, actor: Actor): ComplianceDashboardView {
  const school = ctx.first(query.selectFrom('schools').select(['id', 'name']).where('id', '=', ctx.schoolId));
  const state = schoolState(ctx);
  const now = ctx.now();
  const today = localDate(now, ctx.timeZone());
  const requirements =
    state === null
      ? null
      : requirementsFromRows(
          ctx.all(
            query
              .selectFrom('vaccination_schedules')
              .select(['id', 'state_code', 'vaccine_type', 'requirement'])
              .where('state_code', '=', state)
              .where('deleted_at', 'is', null),
          ),
          state,
        );
  const students = ctx.all(
    query
      .selectFrom('students')
      .select(['id', 'first_name', 'last_name', 'date_of_birth', 'sex', 'grade_level', 'enrollment_date'])
      .where('school_id', '=', ctx.schoolId)
      .where('enrollment_status', '=', 'ACTIVE')
      .where('deleted_at', 'is', null)
      .orderBy('id'),
  );
  const results: StudentResults[] = [];
  let version: string | null = null;
  if (state !== null && requirements !== null && students.length > 0) {
    const doses = groupBy(
      ctx.all(
        query
          .selectFrom('vaccinations')
          .select(['student_id', 'cvx_code', 'mvx_code', 'administration_date', 'lot_number'])
          .where('school_id', '=', ctx.schoolId)
          .where('deleted_at', 'is', null)
          .orderBy('student_id')
          .orderBy('administration_date')
          .orderBy('id'),
      ),
      (d) => d.student_id,
    );
    const exemptions = groupBy(
      ctx.all(
        query
          .selectFrom('immunization_exemptions')
          .select(['student_id', 'exemption_type', 'vaccine_type', 'start_date', 'end_date', 'document_id'])
          .where('school_id', '=', ctx.schoolId)
          .where('deleted_at', 'is', null),
      ),
      (e) => e.student_id,
    );
    const release = currentSupportingData(ctx);
    version = release.version;
    for (const st of students)
      results.push({
        studentId: st.id,
        gradeLevel: st.grade_level,
        results: studentCompliance(
          release.data,
          requirements,
          state,
          {
            dateOfBirth: st.date_of_birth,
            sex: st.sex,
            gradeLevel: st.grade_level,
            enrollmentDate: st.enrollment_date,
            doses: doses.get(st.id) ?? [],
            exemptions: exemptions.get(st.id) ?? [],
          },
          today,
        ),
      });
  }
  const rows = summarizeCompliance(results);
  const view = dashboardView({
    school: { id: ctx.schoolId, name: school?.name ?? '', state, timeZone: ctx.timeZone() },
    snapshotDate: today,
    computedAt: dateTimeIn(now, ctx.timeZone(), true),
    studentsEvaluated: results.length,
    supportingDataVersion: version,
    rows,
    history: [{ date: today, rows }],
    students: new Map(
      students.map((s) => [s.id, { name: `${s.last_name}, ${s.first_name}`, gradeLevel: s.grade_level }]),
    ),
  });
  ctx.audit(actor, 'VIEW', 'vaccinations', null, {
    what: 'immunization compliance dashboard',
    students: results.length,
    student_ids: view.needingAction.map((s) => s.studentId),
  });
  return view;
}
