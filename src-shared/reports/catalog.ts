import type { UserRole } from '../enums';

/**
 * The report catalog (report_definitions): each PDF report the district prints, what it shows, for whom, from
 * which query, its parameters, file name pattern (see file-name.ts) and how long a generated file is kept.
 * The server writes these rows; the PDF engine (later) renders them on the workstation and the server alike.
 */

export const ReportCategory = [
  'HEALTH',
  'IMMUNIZATION',
  'COMPLIANCE',
  'INCIDENT',
  'MEDICATION',
  'ANALYTICS',
  'CUSTOM',
] as const;
export type ReportCategory = (typeof ReportCategory)[number];

/** A parameter of a report: its name, its type ('school', 'date', 'month', 'boolean'...) and its label. */
export interface ReportParameter {
  readonly name: string;
  readonly type: string;
  readonly label: string;
  readonly default?: string | number | boolean;
}

export interface ReportDefinition {
  readonly code: string;
  readonly name: string;
  readonly category: ReportCategory;
  readonly description: string;
  readonly template: 'PDF' | 'EXCEL' | 'CSV' | 'HTML';
  readonly engine: 'JSPDF' | 'HANDLEBARS' | 'PUPPETEER';
  readonly query: string;
  readonly required: readonly ReportParameter[];
  readonly optional: readonly ReportParameter[];
  /** The generated file's name, with {placeholders} (file-name.ts). */
  readonly filename: string;
  readonly orientation: 'PORTRAIT' | 'LANDSCAPE';
  readonly phi: boolean;
  readonly pii: boolean;
  /** Who may generate it. */
  readonly roles: readonly UserRole[];
  /** Typical generation time. */
  readonly seconds: number;
  /** Days a generated file is kept before the instance is archived (file removed). */
  readonly retentionDays: number;
}

const DEFINITIONS: readonly ReportDefinition[] = [
  {
    code: 'IMMUNIZATION_COMPLIANCE_BY_SCHOOL',
    name: 'Immunization Compliance by School',
    category: 'IMMUNIZATION',
    description:
      'School-entry immunization compliance by grade and vaccine (ORC 3313.671): compliant, exempt and overdue counts, with the list of students not in compliance and the doses they need.',
    template: 'PDF',
    engine: 'JSPDF',
    query:
      'SELECT grade_level, vaccine_type, total_students, compliant_count, exempt_count, overdue_count, compliance_percentage, non_compliance_list FROM compliance_dashboard_cache WHERE school_id = $1 ORDER BY grade_level, vaccine_type',
    required: [{ name: 'school_id', type: 'school', label: 'School' }],
    optional: [
      { name: 'grade_levels', type: 'grade[]', label: 'Grades', default: 'all' },
      { name: 'include_student_list', type: 'boolean', label: 'List non-compliant students', default: true },
    ],
    filename: 'immunization-compliance_{school_code}_{as_of_date}.pdf',
    orientation: 'LANDSCAPE',
    phi: true,
    pii: true,
    roles: ['NURSE', 'SCHOOL_ADMIN', 'DISTRICT_ADMIN'],
    seconds: 6,
    retentionDays: 90,
  },
  {
    code: 'DAILY_CLINIC_LOG',
    name: 'Daily Clinic Log',
    category: 'HEALTH',
    description:
      'Every clinic visit of the day at one school: arrival and departure, complaint, treatment, disposition (returned to class / sent home) and parent contact.',
    template: 'PDF',
    engine: 'JSPDF',
    query:
      'SELECT v.arrival_time, v.departure_time, s.last_name, s.first_name, s.grade_level, v.presenting_complaint, v.treatment_provided, v.sent_home, v.parent_notified FROM clinic_visits v JOIN students s ON s.id = v.student_id WHERE v.school_id = $1 AND v.arrival_time >= $2::date AND v.arrival_time < $2::date + 1 AND v.deleted_at IS NULL ORDER BY v.arrival_time',
    required: [
      { name: 'school_id', type: 'school', label: 'School' },
      { name: 'date', type: 'date', label: 'Date' },
    ],
    optional: [],
    filename: 'clinic-log_{school_code}_{date}.pdf',
    orientation: 'LANDSCAPE',
    phi: true,
    pii: true,
    roles: ['NURSE', 'SCHOOL_ADMIN'],
    seconds: 3,
    retentionDays: 30,
  },
  {
    code: 'MEDICATION_ADMINISTRATION_RECORD',
    name: 'Medication Administration Record (MAR)',
    category: 'MEDICATION',
    description:
      "Monthly MAR per student medication order: each scheduled and as-needed dose with time, dose, route, the nurse's initials and the reason a dose was not given.",
    template: 'PDF',
    engine: 'JSPDF',
    query:
      "SELECT sm.id, s.last_name, s.first_name, m.name, sm.dose, sm.route, ma.scheduled_for, ma.administered_at, ma.administration_status, ma.dose_given, ma.administered_by, ma.reason_not_given FROM student_medications sm JOIN students s ON s.id = sm.student_id JOIN medications m ON m.id = sm.medication_id LEFT JOIN medication_administrations ma ON ma.student_medication_id = sm.id AND date_trunc('month', COALESCE(ma.administered_at, ma.scheduled_for)) = $2::date WHERE sm.school_id = $1 ORDER BY s.last_name, s.first_name, m.name, ma.scheduled_for",
    required: [
      { name: 'school_id', type: 'school', label: 'School' },
      { name: 'month', type: 'month', label: 'Month' },
    ],
    optional: [{ name: 'student_id', type: 'student', label: 'One student' }],
    filename: 'mar_{school_code}_{month}.pdf',
    orientation: 'LANDSCAPE',
    phi: true,
    pii: true,
    roles: ['NURSE', 'SCHOOL_ADMIN', 'DISTRICT_ADMIN'],
    seconds: 9,
    retentionDays: 90,
  },
  {
    code: 'VISIT_FREQUENCY',
    name: 'Clinic Visit Frequency',
    category: 'ANALYTICS',
    description:
      'Visits per student over the school year: total, last 30 days, most common reason, percentage sent home, and the frequent visitors (more than 10 visits in 30 days) to review with counselors.',
    template: 'PDF',
    engine: 'JSPDF',
    query:
      'SELECT f.student_id, s.last_name, s.first_name, s.grade_level, f.total_visits, f.visits_last_30_days, f.visits_current_school_year, f.most_common_reason, f.average_visit_duration_minutes, f.percentage_sent_home, f.chronic_visitor_flag FROM visit_frequency_analytics f JOIN students s ON s.id = f.student_id WHERE ($1::text IS NULL OR f.school_id = $1) ORDER BY f.visits_current_school_year DESC',
    required: [{ name: 'school_year', type: 'school_year', label: 'School year' }],
    optional: [
      { name: 'school_id', type: 'school', label: 'School (all when empty)' },
      { name: 'minimum_visits', type: 'integer', label: 'Minimum visits', default: 5 },
    ],
    filename: 'visit-frequency_{scope}_{as_of_date}.pdf',
    orientation: 'PORTRAIT',
    phi: true,
    pii: true,
    roles: ['NURSE', 'SCHOOL_ADMIN', 'DISTRICT_ADMIN'],
    seconds: 5,
    retentionDays: 90,
  },
  {
    code: 'OUTBREAK_SUMMARY',
    name: 'Outbreak Summary',
    category: 'INCIDENT',
    description:
      'One outbreak alert: the pattern that fired, daily case counts, affected grades and classrooms, containment measures and health department notification, for the county health department.',
    template: 'PDF',
    engine: 'PUPPETEER',
    query:
      'SELECT a.*, p.pattern_name, p.disease_category, (SELECT count(*) FROM outbreak_case_clusters c WHERE c.outbreak_alert_id = a.id) AS cases FROM outbreak_alerts a LEFT JOIN outbreak_patterns p ON p.id = a.pattern_id WHERE a.id = $1',
    required: [{ name: 'outbreak_alert_id', type: 'outbreak_alert', label: 'Outbreak alert' }],
    optional: [
      {
        name: 'include_case_list',
        type: 'boolean',
        label: 'Include de-identified case list',
        default: false,
      },
    ],
    filename: 'outbreak-summary_{school_code}_{alert_date}.pdf',
    orientation: 'PORTRAIT',
    phi: false,
    pii: false,
    roles: ['NURSE', 'DISTRICT_ADMIN'],
    seconds: 12,
    retentionDays: 365,
  },
  {
    code: 'EXCUSE_NOTE',
    name: 'Clinic Excuse Note',
    category: 'HEALTH',
    description:
      'The note a student takes back to class or home after a clinic visit: time in the clinic, disposition, and return-to-school guidance, without diagnosis details.',
    template: 'PDF',
    engine: 'JSPDF',
    query:
      'SELECT v.arrival_time, v.departure_time, v.return_to_class_time, v.sent_home, s.first_name, s.last_name, s.grade_level, s.homeroom, u.first_name AS nurse_first, u.last_name AS nurse_last FROM clinic_visits v JOIN students s ON s.id = v.student_id JOIN users u ON u.id = v.attended_by_user_id WHERE v.id = $1',
    required: [{ name: 'clinic_visit_id', type: 'clinic_visit', label: 'Clinic visit' }],
    optional: [],
    filename: 'excuse-note_{student_number}_{date}.pdf',
    orientation: 'PORTRAIT',
    phi: true,
    pii: true,
    roles: ['NURSE'],
    seconds: 1,
    retentionDays: 30,
  },
  {
    code: 'MEDICAID_CLAIMS_SUMMARY',
    name: 'Medicaid Claims Summary',
    category: 'COMPLIANCE',
    description:
      'School-based Medicaid claims for a month: claims by status and school, billed and paid amounts, denials by CARC code, and the aging of unpaid claims.',
    template: 'PDF',
    engine: 'PUPPETEER',
    query:
      "SELECT school_id, claim_status, count(*) AS claims, sum(total_charge) AS billed, sum(COALESCE(paid_amount, 0)) AS paid, denial_code FROM billing_claims WHERE date_trunc('month', service_date) = $1::date GROUP BY school_id, claim_status, denial_code ORDER BY school_id, claim_status",
    required: [{ name: 'month', type: 'month', label: 'Service month' }],
    optional: [{ name: 'school_id', type: 'school', label: 'School (all when empty)' }],
    filename: 'medicaid-claims-summary_{month}.pdf',
    orientation: 'LANDSCAPE',
    phi: true,
    pii: true,
    roles: ['BILLING', 'DISTRICT_ADMIN', 'AUDITOR'],
    seconds: 8,
    retentionDays: 365,
  },
];

/** The catalog, in display order (frozen). */
export const REPORT_DEFINITIONS: readonly ReportDefinition[] = Object.freeze(
  DEFINITIONS.map((d) =>
    Object.freeze({
      ...d,
      required: Object.freeze([...d.required]),
      optional: Object.freeze([...d.optional]),
    }),
  ),
);

/** The definition of a report code; an unknown code is an error naming it. */
export function reportDefinition(code: string): ReportDefinition {
  const d = REPORT_DEFINITIONS.find((x) => x.code === code);
  if (!d) throw new Error(`unknown report '${code}'`);
  return d;
}

/** Where a report's template lives: templates/reports/<code in kebab case>.ts (pdf-lib layout) or .hbs (HTML). */
export const reportTemplatePath = (d: ReportDefinition): string =>
  `templates/reports/${d.code.toLowerCase().replaceAll('_', '-')}.${d.engine === 'PUPPETEER' ? 'hbs' : 'ts'}`;
