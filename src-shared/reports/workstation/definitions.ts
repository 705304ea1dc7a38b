import { CLINICAL_ROLES } from '../../auth';
import type { UserRole } from '../../enums';
import type { WorkstationReport } from '../../ipc/reports';
import type { ReportCategory } from '../catalog';
import type { Orientation } from '../document';

/**
 * The workstation's reports as data, one per reports.render request (`name` is the request's `report`, the same name
 * in the IPC contract, the access rule, the renderer and the builders' index): the code of its report_definitions row
 * (written by the district server with the district reports, pulled by every workstation), what it is called, its
 * parameters (their zod schemas are the IPC contract's ReportRequest), who may print it and whether emergency access
 * may, its file name, whether it holds PHI and is archival (PDF/A), and how long a generated report is kept
 * (report_instances.expires_at = generated_at + retentionDays). The builder of each is ./<builder>.ts; its rows are
 * read by src-main/workstation/reports/read.ts.
 */
export interface WorkstationReportParameter {
  readonly name: 'date' | 'studentId' | 'month' | 'visitId';
  readonly type: 'date' | 'student' | 'month' | 'clinic_visit';
  readonly required: boolean;
  readonly label: string;
}

export interface WorkstationReportMeta {
  readonly name: WorkstationReport;
  /** report_definitions.report_code */
  readonly code: string;
  readonly title: string;
  readonly category: ReportCategory;
  readonly description: string;
  readonly parameters: readonly WorkstationReportParameter[];
  /** Roles of a signed-in account that may print it. */
  readonly roles: readonly UserRole[];
  /** Emergency (break-the-glass) access may print it too. */
  readonly emergency: boolean;
  /** Days a generated report is kept (report_definitions.retention_days). */
  readonly retentionDays: number;
  /** PDF/A. */
  readonly archival: boolean;
  readonly orientation: Orientation;
  readonly phi: boolean;
  /** The file name pattern (../file-name.ts placeholders). */
  readonly fileName: string;
  /** The builder's module in this folder (report_definitions.template_path). */
  readonly builder: string;
}

const student: WorkstationReportParameter = {
  name: 'studentId',
  type: 'student',
  required: true,
  label: 'Student',
};
const NURSE_ADMIN: readonly UserRole[] = ['NURSE', 'SCHOOL_ADMIN'];
/** Six years: the archival records (MAR, immunizations), as the district's archival audit report. */
const ARCHIVAL_DAYS = 2190;

export const WORKSTATION_REPORT_DEFINITIONS: readonly WorkstationReportMeta[] = Object.freeze([
  {
    name: 'visitLog',
    code: 'WORKSTATION_VISIT_LOG',
    title: 'Daily Clinic Visit Log',
    category: 'HEALTH',
    description:
      "Every clinic visit of one day at the workstation's school: arrival, student, reason, treatment, disposition, class time missed and who saw the student, with the day's totals.",
    parameters: [{ name: 'date', type: 'date', required: true, label: 'Day' }],
    roles: CLINICAL_ROLES,
    emergency: false,
    retentionDays: 30,
    archival: false,
    orientation: 'LANDSCAPE',
    phi: true,
    fileName: 'visit-log_{school_code}_{date}.pdf',
    builder: 'visit-log',
  },
  {
    name: 'healthSummary',
    code: 'WORKSTATION_HEALTH_SUMMARY',
    title: 'Student Health Summary',
    category: 'HEALTH',
    description:
      "One student's allergies, conditions with their action and emergency plans, medications and guardians with their phones.",
    parameters: [student],
    roles: CLINICAL_ROLES,
    emergency: true,
    retentionDays: 30,
    archival: false,
    orientation: 'PORTRAIT',
    phi: true,
    fileName: 'health-summary_{student_number}_{date}.pdf',
    builder: 'health-summary',
  },
  {
    name: 'emergencyCard',
    code: 'WORKSTATION_EMERGENCY_CARD',
    title: 'Emergency Card',
    category: 'HEALTH',
    description:
      "One page for an emergency: the student's life-threatening allergies and conditions, emergency plans and medications, and whom to call.",
    parameters: [student],
    roles: CLINICAL_ROLES,
    emergency: true,
    retentionDays: 30,
    archival: false,
    orientation: 'PORTRAIT',
    phi: true,
    fileName: 'emergency-card_{student_number}_{date}.pdf',
    builder: 'health-summary',
  },
  {
    name: 'marSheet',
    code: 'WORKSTATION_MAR_SHEET',
    title: 'Medication Administration Record',
    category: 'MEDICATION',
    description:
      "One student's month of medication doses: each scheduled dose by day with the nurse's initials or the reason it was not given, the as-needed doses, and every correction. PDF/A.",
    parameters: [student, { name: 'month', type: 'month', required: true, label: 'Month' }],
    roles: NURSE_ADMIN,
    emergency: false,
    retentionDays: ARCHIVAL_DAYS,
    archival: true,
    orientation: 'LANDSCAPE',
    phi: true,
    fileName: 'mar_{student_number}_{month}.pdf',
    builder: 'mar-sheet',
  },
  {
    name: 'excuseNote',
    code: 'WORKSTATION_EXCUSE_NOTE',
    title: 'Health Office Pass (Excuse Note)',
    category: 'HEALTH',
    description:
      'The note a student takes back to class or home after a clinic visit: when, the class time missed and the disposition, without the complaint or any diagnosis.',
    parameters: [{ name: 'visitId', type: 'clinic_visit', required: true, label: 'Clinic visit' }],
    roles: NURSE_ADMIN,
    emergency: false,
    retentionDays: 30,
    archival: false,
    orientation: 'PORTRAIT',
    phi: true,
    fileName: 'excuse-note_{student_number}_{date}.pdf',
    builder: 'excuse-note',
  },
  {
    name: 'immunizationRecord',
    code: 'WORKSTATION_IMMUNIZATION_RECORD',
    title: 'Certificate of Immunization',
    category: 'IMMUNIZATION',
    description:
      "One student's certificate of immunization: the valid doses by vaccine (a same-day duplicate counted once) and what is due. PDF/A.",
    parameters: [student],
    roles: CLINICAL_ROLES,
    emergency: false,
    retentionDays: ARCHIVAL_DAYS,
    archival: true,
    orientation: 'PORTRAIT',
    phi: true,
    fileName: 'immunization-record_{student_number}_{date}.pdf',
    builder: 'immunization-record',
  },
] satisfies WorkstationReportMeta[]);

/** The definition of a workstation report (every WorkstationReport has one: see the unit test). */
export function workstationReportMeta(name: WorkstationReport): WorkstationReportMeta {
  const m = WORKSTATION_REPORT_DEFINITIONS.find((r) => r.name === name);
  if (!m) throw new Error(`workstation report ${name} is not defined`);
  return m;
}
