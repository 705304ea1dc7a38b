import { assessPatient } from '../../../src-shared/immunizations/cdsi';
import {
  requirementsFromRows,
  schoolEntryCompliance,
  type StateRequirements,
  type StudentExemption,
} from '../../../src-shared/immunizations/compliance';
import { studentPatient, validDosesBySeries } from '../../../src-shared/immunizations/forecast-view';
import type { ReminderNeed } from '../../../src-shared/immunizations/reminders';
import { currentSupportingData } from '../current-supporting-data';
import { groupBy, type ReminderSource } from './source';

/**
 * The reminder job's needs from the real engines, as the workstation's immunizations.forecast reads one student:
 * CDC's evaluation (CDSi, the district's current release of the supporting data) gives the valid doses by series, and
 * the state's school-entry compliance (the school's state, else the district's; its rules in vaccination_schedules)
 * judges them with the student's exemptions. Each vaccine OVERDUE or CONDITIONAL with a next dose is a need: that
 * dose, on its due date, with the conditional admission's deadline when there is one. A state without rules on record
 * gives no needs. Students, doses and exemptions are read in one query each for the whole district.
 */
export const complianceReminderSource: ReminderSource = async (db, today, { districtId }) => {
  const district = await db
    .selectFrom('districts')
    .select('state_code')
    .where('id', '=', districtId)
    .executeTakeFirst();
  if (!district) return [];
  const students = await db
    .selectFrom('students as st')
    .innerJoin('schools as sc', 'sc.id', 'st.school_id')
    .select([
      'st.id',
      'st.school_id',
      'st.date_of_birth',
      'st.sex',
      'st.grade_level',
      'st.enrollment_date',
      'sc.state',
    ])
    .where('sc.district_id', '=', districtId)
    .where('sc.is_active', '=', true)
    .where('st.enrollment_status', '=', 'ACTIVE')
    .where('st.deleted_at', 'is', null)
    .orderBy('st.id')
    .execute();
  if (students.length === 0) return [];
  const stateOf = (s: { state: string | null }): string => s.state ?? district.state_code;
  const states = [...new Set(students.map(stateOf))];
  const rows = await db
    .selectFrom('vaccination_schedules')
    .select(['id', 'state_code', 'vaccine_type', 'requirement'])
    .where('state_code', 'in', states)
    .where('deleted_at', 'is', null)
    .execute();
  const requirementsOf = new Map<string, StateRequirements | null>(
    states.map((st) => [
      st,
      requirementsFromRows(
        rows.filter((r) => r.state_code === st),
        st,
      ),
    ]),
  );
  const ids = students.map((s) => s.id);
  const doses = await db
    .selectFrom('vaccinations')
    .select(['student_id', 'cvx_code', 'mvx_code', 'administration_date', 'lot_number'])
    .where('student_id', 'in', ids)
    .where('deleted_at', 'is', null)
    .orderBy('student_id')
    .orderBy('administration_date')
    .orderBy('id')
    .execute();
  const exemptions = await db
    .selectFrom('immunization_exemptions')
    .select(['student_id', 'exemption_type', 'vaccine_type', 'start_date', 'end_date', 'document_id'])
    .where('student_id', 'in', ids)
    .where('deleted_at', 'is', null)
    .execute();
  const dosesOf = groupBy(doses, (d) => d.student_id);
  const exemptionsOf = groupBy(exemptions, (e) => e.student_id);
  const { data } = await currentSupportingData(db);
  const needs: ReminderNeed[] = [];
  for (const st of students) {
    const state = stateOf(st);
    const requirements = requirementsOf.get(state);
    if (!requirements) continue;
    const assessment = assessPatient(
      data,
      studentPatient({ dateOfBirth: st.date_of_birth, sex: st.sex }, dosesOf.get(st.id) ?? [], today),
    );
    const results = schoolEntryCompliance({
      student: {
        dateOfBirth: st.date_of_birth,
        gradeLevel: st.grade_level,
        state,
        schoolEntryDate: st.enrollment_date ?? today,
      },
      requirements,
      validDoses: validDosesBySeries(assessment),
      exemptions: (exemptionsOf.get(st.id) ?? []).map((e): StudentExemption => ({
        type: e.exemption_type,
        vaccine: e.vaccine_type,
        startDate: e.start_date,
        endDate: e.end_date,
        documentRef: e.document_id,
      })),
      today,
    });
    for (const r of results) {
      if (r.status !== 'OVERDUE' && r.status !== 'CONDITIONAL') continue;
      if (r.nextDose === null || r.dueDate === null) continue;
      needs.push({
        studentId: st.id,
        schoolId: st.school_id,
        vaccine: r.vaccine,
        doseNumber: r.nextDose,
        dueDate: r.dueDate,
        kind: 'STATE_DEADLINE',
        ...(r.conditionalDeadline !== null ? { deadline: r.conditionalDeadline } : {}),
      });
    }
  }
  return needs;
};
