import type { UserRole } from '../../enums';
import type { ReportCategory } from '../catalog';
import type { Orientation } from '../document';
import { parameterSchema, type ParameterSpec, type ReportParams } from './parameters';
import type { z } from 'zod';

/**
 * The district reports as data: what each is called (`name`, the CLI's and the URL's; `code`, report_definitions'),
 * its parameters, who may run it, how long a generated file is kept, whether it is archival (PDF/A) and signed.
 * The query and the layout that go with each are in server-sync/reports/definitions.ts and ./layouts/.
 */
export interface DistrictReportMeta {
  /** kebab-case, stable: `white-cross report run visit-analytics`, POST /reports/visit-analytics/runs. */
  readonly name: string;
  /** report_definitions.report_code */
  readonly code: string;
  readonly title: string;
  readonly category: ReportCategory;
  readonly description: string;
  readonly parameters: readonly ParameterSpec[];
  /** At least one of these parameters must be given (e.g. a student or a user). */
  readonly oneOf?: readonly (readonly ['studentId' | 'userId', 'studentId' | 'userId'])[];
  readonly roles: readonly UserRole[];
  readonly retentionDays: number;
  /** PDF/A (the PHI disclosure accounting). */
  readonly archival: boolean;
  /** Carries the district's PKCS#7 signature when a signing key exists. */
  readonly signed: boolean;
  readonly orientation: Orientation;
  readonly phi: boolean;
  /** The generated file's name: {date} is the generation day, {from} and {to} the range. */
  readonly fileName: string;
}

const range: readonly ParameterSpec[] = [
  { name: 'from', type: 'date', required: true, label: 'From (first day)' },
  { name: 'to', type: 'date', required: true, label: 'To (last day)' },
];
const school: ParameterSpec = {
  name: 'schoolId',
  type: 'school',
  required: false,
  label: 'School',
};

export const DISTRICT_REPORTS: readonly DistrictReportMeta[] = Object.freeze([
  {
    name: 'visit-analytics',
    code: 'DISTRICT_VISIT_ANALYTICS',
    title: 'Clinic Visit Analytics',
    category: 'ANALYTICS',
    description:
      'Clinic visits per school and grade over a date range: visits, sent home, emergencies, class time missed and the most common reasons, with charts of the same numbers.',
    parameters: [school, ...range],
    roles: ['DISTRICT_ADMIN', 'SCHOOL_ADMIN', 'NURSE'],
    retentionDays: 365,
    archival: false,
    signed: true,
    orientation: 'PORTRAIT',
    phi: false,
    fileName: 'visit-analytics_{from}_{to}.pdf',
  },
  {
    name: 'medication-summary',
    code: 'DISTRICT_MEDICATION_SUMMARY',
    title: 'Medication Administration Summary',
    category: 'MEDICATION',
    description:
      'Medication doses per school and medication over a date range: given, missed, refused, held and not in school.',
    parameters: [school, ...range],
    roles: ['DISTRICT_ADMIN', 'SCHOOL_ADMIN', 'NURSE'],
    retentionDays: 365,
    archival: false,
    signed: true,
    orientation: 'LANDSCAPE',
    phi: false,
    fileName: 'medication-summary_{from}_{to}.pdf',
  },
  {
    name: 'outbreak-line-list',
    code: 'DISTRICT_OUTBREAK_LINE_LIST',
    title: 'Outbreak Line List',
    category: 'INCIDENT',
    description:
      'The outbreak alerts raised over a date range, each with its epidemic curve (cases by onset date) and its line list of cases: student, grade, onset, location, symptoms.',
    parameters: [school, ...range],
    roles: ['DISTRICT_ADMIN', 'SCHOOL_ADMIN', 'NURSE'],
    retentionDays: 1825,
    archival: false,
    signed: true,
    orientation: 'LANDSCAPE',
    phi: true,
    fileName: 'outbreak-line-list_{from}_{to}.pdf',
  },
  {
    name: 'immunization-compliance',
    code: 'DISTRICT_IMMUNIZATION_COMPLIANCE',
    title: 'Immunization Compliance',
    category: 'IMMUNIZATION',
    description:
      "A school's school-entry immunization compliance from its newest dashboard snapshot: by grade and by vaccine (charts and tables), the trend over the school year, and the students needing action with what each needs.",
    parameters: [{ ...school, required: true }],
    roles: ['DISTRICT_ADMIN', 'SCHOOL_ADMIN', 'NURSE'],
    retentionDays: 365,
    archival: false,
    signed: true,
    orientation: 'LANDSCAPE',
    phi: true,
    fileName: 'immunization-compliance_{date}.pdf',
  },
  {
    name: 'audit',
    code: 'DISTRICT_AUDIT_REPORT',
    title: 'Audit Report (PHI Access and Disclosure Accounting)',
    category: 'COMPLIANCE',
    description:
      "Every audited access to a student's record, or every audited action of a user, over a date range: when, who, what, which record, from where. Archival (PDF/A), kept six years.",
    parameters: [
      { name: 'studentId', type: 'student', required: false, label: 'Student' },
      { name: 'userId', type: 'user', required: false, label: 'User' },
      ...range,
    ],
    oneOf: [['studentId', 'userId']],
    roles: ['AUDITOR'],
    retentionDays: 2190,
    archival: true,
    signed: true,
    orientation: 'LANDSCAPE',
    phi: true,
    fileName: 'audit_{from}_{to}.pdf',
  },
] satisfies DistrictReportMeta[]);

/** The district report of a name; undefined when there is none. */
export const districtReportMeta = (name: string): DistrictReportMeta | undefined =>
  DISTRICT_REPORTS.find((r) => r.name === name);

/** The zod schema of a report's parameters (see parameters.ts), with its one-of rules. */
export function districtParameterSchema(meta: DistrictReportMeta): z.ZodType<ReportParams> {
  const base = parameterSchema(meta.parameters);
  const oneOf = meta.oneOf ?? [];
  if (oneOf.length === 0) return base;
  return base.superRefine((p, ctx) => {
    for (const [a, b] of oneOf) {
      if (p[a] === undefined && p[b] === undefined)
        ctx.addIssue({ code: 'custom', path: [a], message: `give ${a} or ${b}` });
      else if (p[a] !== undefined && p[b] !== undefined)
        ctx.addIssue({ code: 'custom', path: [b], message: `give ${a} or ${b}, not both` });
    }
  });
}

/** The generated file's name of a run (scope-free: the folder says whose it is). */
export function districtReportFileName(
  meta: DistrictReportMeta,
  p: ReportParams,
  generatedOn: string,
): string {
  return meta.fileName
    .replace('{date}', generatedOn)
    .replace('{from}', p.from ?? generatedOn)
    .replace('{to}', p.to ?? generatedOn);
}
