import type { z } from 'zod';
import type { ImmunizationForecastResult } from '../../../src-shared/ipc/immunizations';
import { assessPatient } from '../../../src-shared/immunizations/cdsi';
import {
  requirementsFromRows,
  schoolEntryCompliance,
  type StudentExemption,
} from '../../../src-shared/immunizations/compliance';
import {
  evidenceObservations,
  forecastView,
  studentPatient,
  validDosesBySeries,
} from '../../../src-shared/immunizations/forecast-view';
import { IpcError } from '../../../src-shared/ipc/errors';
import { localDate } from '../../../src-shared/time';
import { query, type Actor, type WorkstationContext } from '../context';
import { schoolState } from './read';
import { currentSupportingData } from './supporting-data';

/**
 * immunizations.forecast: CDC's evaluation and forecast of one student on the school's today, from the doses on
 * record and the current release of CDC's supporting data (pulled from the district, else the shipped one), as the
 * nurse reads it. Offline like everything on the workstation; the view is audited.
 */
export function immunizationForecast(
  ctx: WorkstationContext,
  actor: Actor,
  studentId: string,
): z.infer<typeof ImmunizationForecastResult> {
  const student = ctx.first(
    query
      .selectFrom('students')
      .select(['id', 'date_of_birth', 'sex', 'grade_level', 'enrollment_date'])
      .where('id', '=', studentId)
      .where('school_id', '=', ctx.schoolId)
      .where('deleted_at', 'is', null),
  );
  if (!student) throw new IpcError('NOT_FOUND', `no student ${studentId} at this school`, 'studentId');
  const doses = ctx.all(
    query
      .selectFrom('vaccinations')
      .select(['cvx_code', 'mvx_code', 'administration_date', 'lot_number'])
      .where('student_id', '=', studentId)
      .where('deleted_at', 'is', null)
      .orderBy('administration_date')
      .orderBy('id'),
  );
  const today = localDate(ctx.now(), ctx.timeZone());
  const release = currentSupportingData(ctx);
  const exemptions = studentExemptions(ctx, student.id);
  const assessment = assessPatient(
    release.data,
    studentPatient(
      { dateOfBirth: student.date_of_birth, sex: student.sex },
      doses,
      today,
      evidenceObservations(release.data, exemptions),
    ),
  );
  const view = forecastView(assessment, student.date_of_birth, today);
  const schoolEntry = schoolEntryOf(ctx, student, validDosesBySeries(assessment), exemptions, today);
  ctx.audit(actor, 'VIEW', 'vaccinations', null, {
    student_id: studentId,
    what: 'immunization forecast',
    supporting_data: release.version,
  });
  return {
    studentId,
    supportingData: { version: release.version, source: release.source },
    assessedOn: view.assessedOn,
    groups: view.groups.map((g) => ({
      ...g,
      doses: g.doses.map((d) => ({ ...d, reasons: [...d.reasons] })),
    })),
    problems: view.problems.map((p) => ({ ...p })),
    schoolEntry,
  };
}

type SchoolEntry = z.infer<typeof ImmunizationForecastResult>['schoolEntry'];

/** The student's exemptions and evidence of immunity on file. */
function studentExemptions(ctx: WorkstationContext, studentId: string): StudentExemption[] {
  return ctx
    .all(
      query
        .selectFrom('immunization_exemptions')
        .select(['exemption_type', 'vaccine_type', 'start_date', 'end_date', 'document_id'])
        .where('student_id', '=', studentId)
        .where('deleted_at', 'is', null),
    )
    .map((e): StudentExemption => ({
      type: e.exemption_type,
      vaccine: e.vaccine_type,
      startDate: e.start_date,
      endDate: e.end_date,
      documentRef: e.document_id,
    }));
}

/**
 * The state's school-entry compliance (src-shared/immunizations/compliance) from CDC's valid doses: null when the
 * school has no state on record or the district holds no rules of that state (vaccination_schedules.requirement).
 */
function schoolEntryOf(
  ctx: WorkstationContext,
  student: { id: string; date_of_birth: string; grade_level: string; enrollment_date: string | null },
  validDoses: Record<string, string[]>,
  exemptions: readonly StudentExemption[],
  today: string,
): SchoolEntry {
  const state = schoolState(ctx);
  if (state === null) return null;
  const rows = ctx.all(
    query
      .selectFrom('vaccination_schedules')
      .select(['id', 'state_code', 'vaccine_type', 'requirement'])
      .where('state_code', '=', state)
      .where('deleted_at', 'is', null),
  );
  const requirements = requirementsFromRows(rows, state);
  if (requirements === null) return null;
  const results = schoolEntryCompliance({
    student: {
      dateOfBirth: student.date_of_birth,
      gradeLevel: student.grade_level,
      state,
      schoolEntryDate: student.enrollment_date ?? today,
    },
    requirements,
    validDoses,
    exemptions,
    today,
  });
  return {
    state,
    vaccines: results.map((r) => ({
      vaccine: r.vaccine,
      status: r.status,
      validDoses: r.validDoses,
      dosesNeeded: r.dosesNeeded,
      nextDose: r.nextDose,
      dueDate: r.dueDate,
      conditionalDeadline: r.conditionalDeadline,
      reason: r.reason,
    })),
  };
}
