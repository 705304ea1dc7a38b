import type { ReminderNeed } from '../../../src-shared/immunizations/reminders';
import { loadCompliance } from '../compliance-load';
import type { ReminderSource } from './source';

/**
 * The reminder job's needs from the real engines, as the workstation's immunizations.forecast reads one student:
 * CDC's evaluation (CDSi, the district's current release of the supporting data) gives the valid doses by series, and
 * the state's school-entry compliance (the school's state, else the district's; its rules in vaccination_schedules)
 * judges them with the student's exemptions (loadCompliance, shared with the compliance dashboard). Each vaccine
 * OVERDUE or CONDITIONAL with a next dose is a need: that dose, on its due date, with the conditional admission's
 * deadline when there is one. A state without rules on record gives no needs.
 */
export const complianceReminderSource: ReminderSource = async (db, today, { districtId }) => {
  const { students } = await loadCompliance(db, { districtId }, today);
  const needs: ReminderNeed[] = [];
  for (const st of students) {
    for (const r of st.results ?? []) {
      if (r.status !== 'OVERDUE' && r.status !== 'CONDITIONAL') continue;
      if (r.nextDose === null || r.dueDate === null) continue;
      needs.push({
        studentId: st.studentId,
        schoolId: st.schoolId,
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
