import { assessPatient } from '../cdsi';
import {
  schoolEntryCompliance,
  type StateRequirements,
  type StudentExemption,
  type VaccineCompliance,
} from '../compliance';
import {
  evidenceObservations,
  studentPatient,
  validDosesBySeries,
  type RecordedDose,
} from '../forecast-view';
import type { SupportingData } from '../supporting-data/model';

/** A student as the compliance of the dashboard, the reminders and the workstation read one (rows of any store). */
export interface ComplianceRecord {
  readonly dateOfBirth: string;
  readonly sex: string;
  readonly gradeLevel: string;
  readonly enrollmentDate: string | null;
  readonly doses: readonly RecordedDose[];
  readonly exemptions: readonly ExemptionRecord[];
}

/** An immunization_exemptions row's columns the compliance reads. */
export interface ExemptionRecord {
  readonly exemption_type: StudentExemption['type'];
  readonly vaccine_type: string | null;
  readonly start_date: string;
  readonly end_date: string | null;
  readonly document_id: string | null;
}

export const studentExemption = (e: ExemptionRecord): StudentExemption => ({
  type: e.exemption_type,
  vaccine: e.vaccine_type,
  startDate: e.start_date,
  endDate: e.end_date,
  documentRef: e.document_id,
});

/**
 * One student's school-entry compliance on `today` (pure): CDC's evaluation (CDSi over the supporting data) of the
 * doses on record, its valid doses by series, then the state's requirements with the student's exemptions. The one
 * place the server's dashboard and reminders and the workstation's dashboard put the two engines together.
 */
export function studentCompliance(
  data: SupportingData,
  requirements: StateRequirements,
  state: string,
  student: ComplianceRecord,
  today: string,
): readonly VaccineCompliance[] {
  const exemptions = student.exemptions.map(studentExemption);
  // evidence of immunity on file is CDC's observation too (a titer makes the antigen Immune), as on the chart
  const assessment = assessPatient(
    data,
    studentPatient(
      { dateOfBirth: student.dateOfBirth, sex: student.sex },
      student.doses,
      today,
      evidenceObservations(data, exemptions),
    ),
  );
  return schoolEntryCompliance({
    student: {
      dateOfBirth: student.dateOfBirth,
      gradeLevel: student.gradeLevel,
      state,
      schoolEntryDate: student.enrollmentDate ?? today,
    },
    requirements,
    validDoses: validDosesBySeries(assessment),
    exemptions,
    today,
  });
}
