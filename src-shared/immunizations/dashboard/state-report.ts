import { ALL_VACCINES, type DashboardCounts, type DashboardRow } from './summary';

/**
 * The state-report export (pure): per school, counts by grade and status in the layout of the state's annual
 * kindergarten / 7th-grade immunization report, as a table (the server writes it as CSV). Columns chosen per state
 * from the state's report (docs/immunizations.md, "State report export", names the report and the source of each
 * column); every count comes from the grade's ALL row (students counted once, by overall status).
 */

type Value = (c: DashboardCounts) => number;

export interface StateReportLayout {
  readonly state: string;
  /** the state's report, as its health department names it */
  readonly report: string;
  /** the grades the report asks for */
  readonly grades: readonly string[];
  readonly columns: readonly { readonly header: string; readonly value: Value }[];
}

const enrolled: Value = (c) => c.total;
const complete: Value = (c) => c.compliant;
const conditional: Value = (c) => c.conditional;
const overdue: Value = (c) => c.overdue;
const medical: Value = (c) => c.exemptMedical;
const religious: Value = (c) => c.exemptReligious;
const philosophical: Value = (c) => c.exemptPhilosophical;
const nonMedical: Value = (c) => c.exemptReligious + c.exemptPhilosophical;

export const STATE_REPORT_LAYOUTS: Readonly<Record<string, StateReportLayout>> = {
  CA: {
    state: 'CA',
    report: 'CDPH Kindergarten and 7th Grade Immunization Assessment',
    grades: ['K', '7'],
    columns: [
      { header: 'Enrollment', value: enrolled },
      { header: 'All Required Immunizations', value: complete },
      { header: 'Conditional Entrants', value: conditional },
      { header: 'Overdue (Not Up To Date)', value: overdue },
      { header: 'Medical Exemptions', value: medical },
      { header: 'Other Exemptions (not accepted since 2016)', value: nonMedical },
    ],
  },
  TX: {
    state: 'TX',
    report: 'DSHS Annual Report of Immunization Status (Kindergarten and 7th Grade)',
    grades: ['K', '7'],
    columns: [
      { header: 'Total Enrolled', value: enrolled },
      { header: 'Complete', value: complete },
      { header: 'Provisional Enrollment', value: conditional },
      { header: 'Delinquent', value: overdue },
      { header: 'Medical Exemptions', value: medical },
      { header: 'Reasons of Conscience Exemptions', value: nonMedical },
    ],
  },
  NY: {
    state: 'NY',
    report: 'NYSDOH School Immunization Survey (Kindergarten and 7th Grade)',
    grades: ['K', '7'],
    columns: [
      { header: 'Total Enrolled', value: enrolled },
      { header: 'Completely Immunized', value: complete },
      { header: 'In Process', value: conditional },
      { header: 'Not Immunized / Not In Process', value: overdue },
      { header: 'Medical Exemptions', value: medical },
      { header: 'Religious Exemptions (repealed 2019)', value: religious },
    ],
  },
  FL: {
    state: 'FL',
    report: 'FDOH Annual Kindergarten and 7th Grade Immunization Status Survey',
    grades: ['K', '7'],
    columns: [
      { header: 'Total Enrolled', value: enrolled },
      { header: 'Complete (DH 680 Part A)', value: complete },
      { header: 'Temporary Medical / In Progress (Part B)', value: conditional },
      { header: 'Incomplete', value: overdue },
      { header: 'Permanent Medical Exemptions (Part C)', value: medical },
      { header: 'Religious Exemptions (DH 681)', value: religious },
    ],
  },
  IL: {
    state: 'IL',
    report: 'ISBE/IDPH Fall Immunization Data Report (Kindergarten and 6th Grade)',
    grades: ['K', '6'],
    columns: [
      { header: 'Enrollment', value: enrolled },
      { header: 'Compliant', value: complete },
      { header: 'Conditional (Until October 15)', value: conditional },
      { header: 'Non-Compliant', value: overdue },
      { header: 'Medical Exemptions', value: medical },
      { header: 'Religious Exemptions', value: religious },
    ],
  },
};

/** Other states: the same counts under plain headers, for kindergarten and 7th grade. */
export const GENERIC_LAYOUT: Omit<StateReportLayout, 'state'> = {
  report: 'Kindergarten and 7th Grade Immunization Status',
  grades: ['K', '7'],
  columns: [
    { header: 'Enrolled', value: enrolled },
    { header: 'Compliant', value: complete },
    { header: 'Conditional', value: conditional },
    { header: 'Overdue', value: overdue },
    { header: 'Medical Exemptions', value: medical },
    { header: 'Religious Exemptions', value: religious },
    { header: 'Philosophical Exemptions', value: philosophical },
  ],
};

export const stateReportLayout = (state: string): StateReportLayout =>
  STATE_REPORT_LAYOUTS[state] ?? { state, ...GENERIC_LAYOUT };

export interface StateReportSchool {
  readonly schoolCode: string;
  readonly schoolName: string;
  readonly state: string;
  /** the school year the counts belong to, e.g. "2026-2027" */
  readonly schoolYear: string;
  readonly asOf: string;
}

/** The report's table: its header row, then one row per grade the report asks for (zeros when none enrolled). */
export function stateReportTable(school: StateReportSchool, rows: readonly DashboardRow[]): string[][] {
  const layout = stateReportLayout(school.state);
  const header = [
    'School Year',
    'School Code',
    'School Name',
    'Grade',
    'As Of',
    ...layout.columns.map((c) => c.header),
    'Percent Complete',
  ];
  const body = layout.grades.map((grade) => {
    const row = rows.find((r) => r.gradeLevel === grade && r.vaccine === ALL_VACCINES);
    const counts = row ?? {
      total: 0,
      compliant: 0,
      conditional: 0,
      overdue: 0,
      exempt: 0,
      exemptMedical: 0,
      exemptReligious: 0,
      exemptPhilosophical: 0,
    };
    const pct = counts.total === 0 ? '' : ((100 * counts.compliant) / counts.total).toFixed(1);
    return [
      school.schoolYear,
      school.schoolCode,
      school.schoolName,
      grade === 'K' ? 'Kindergarten' : `Grade ${grade}`,
      school.asOf,
      ...layout.columns.map((c) => String(c.value(counts))),
      pct,
    ];
  });
  return [header, ...body];
}

/** The school year (July to June) a date falls in: 2026-09-01 -> "2026-2027". */
export function schoolYearOf(date: string): string {
  const y = Number(date.slice(0, 4));
  const start = Number(date.slice(5, 7)) >= 7 ? y : y - 1;
  return `${start}-${start + 1}`;
}

/** The first day of that school year (July 1), where the trend starts. */
export const schoolYearStart = (date: string): string => `${schoolYearOf(date).slice(0, 4)}-07-01`;
