import type { Faker } from '@faker-js/faker';
import { sql } from 'kysely';
import {
  idAt,
  insertMany,
  isoDate,
  json,
  sectionFaker,
  type SeedOptions,
  type SeedProgress,
  addDays,
  addMinutes,
  allDays,
  chance,
  daysBetween,
  localTime,
  makeContext,
  notAfter,
  pick,
  weekday,
  weighted,
  type SeedContext,
  between,
  localDate as localDay,
  readDistrict,
  readSchools,
  readUsers,
  readUserSchools,
  sha256Hex,
  usersOf,
  type DistrictRow,
  type SchoolRow,
  type UserRow,
  type NewRow,
  lookup,
  type SeedDb,
} from './helpers';

/**
 * Demo data of reporting and outbound data: PDF report definitions, saved parameter sets, the
 * reports generated over the period and their generation logs; secure shares of the documents
 * already seeded (tokens, permissions, access audit); scheduled exports with their configuration
 * versions, runs and long-term history. Reads everything it needs from the database.
 */

// ---------------------------------------------------------------- report catalog

type Category = 'HEALTH' | 'IMMUNIZATION' | 'COMPLIANCE' | 'INCIDENT' | 'MEDICATION' | 'ANALYTICS' | 'CUSTOM';

interface ReportDef {
  readonly code: string;
  readonly name: string;
  readonly category: Category;
  readonly description: string;
  readonly template: 'PDF' | 'EXCEL' | 'CSV' | 'HTML';
  readonly engine: 'JSPDF' | 'HANDLEBARS' | 'PUPPETEER';
  readonly query: string;
  readonly required: readonly { name: string; type: string; label: string }[];
  readonly optional: readonly { name: string; type: string; label: string; default?: unknown }[];
  readonly filename: string;
  readonly orientation: 'PORTRAIT' | 'LANDSCAPE';
  readonly phi: boolean;
  readonly pii: boolean;
  readonly roles: readonly string[];
  readonly seconds: number;
  /** Days a generated file is kept before the instance is archived (file removed). */
  readonly retentionDays: number;
}

export const REPORT_DEFINITIONS: readonly ReportDef[] = [
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

const PHI_FAILURES: Readonly<Record<string, string>> = {
  JSPDF: 'jsPDF: font subset for "Noto Sans" could not be embedded (ENOMEM while building the glyph table)',
  PUPPETEER: 'Puppeteer: Navigation timeout of 60000 ms exceeded while rendering the report template',
  HANDLEBARS: 'Handlebars: missing helper "formatDate" in the report template',
};

// ---------------------------------------------------------------- entry point

/** Fills report metadata, secure document sharing and export scheduling. */
export async function seedReporting(
  db: SeedDb,
  options: SeedOptions,
  progress?: SeedProgress,
): Promise<void> {
  const ctx = makeContext(db, options, progress);
  const district = await readDistrict(db);
  const schools = await readSchools(db);
  const users = await readUsers(db);
  const access = await readUserSchools(db);
  await seedReports(ctx, schools, users, access.byUser);
  await seedSharing(ctx, users, access.byUser);
  await seedExports(ctx, district, schools, users);
}

// ---------------------------------------------------------------- reports

const text = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : fallback);

interface PlannedReport {
  def: ReportDef;
  at: Date;
  school: SchoolRow | null;
  by: UserRow;
  params: Record<string, unknown>;
  rows: number;
  label: string;
}

async function seedReports(
  ctx: SeedContext,
  schools: readonly SchoolRow[],
  users: readonly UserRow[],
  schoolsOfUser: Map<string, string[]>,
): Promise<void> {
  const f = sectionFaker(ctx.options.seed, 'reporting.reports');
  const director = usersOf(users, ['DISTRICT_ADMIN'])[0];
  const billing = usersOf(users, ['BILLING'])[0];
  const fallback = director ?? users[0];
  if (!fallback) throw new Error('seed: no users (the district section runs first)');
  const nursesOf = (school: string): UserRow[] => usersOf(users, ['NURSE'], school, schoolsOfUser);
  const adminsOf = (school: string): UserRow[] => usersOf(users, ['SCHOOL_ADMIN'], school, schoolsOfUser);
  const def = (code: string): ReportDef => {
    const d = REPORT_DEFINITIONS.find((x) => x.code === code);
    if (!d) throw new Error(`unknown report ${code}`);
    return d;
  };

  // Definitions and saved parameter sets, created by the Director of Health Services at go-live.
  const defIds = new Map<string, string>();
  const defRows = REPORT_DEFINITIONS.map((d, i): NewRow<'report_definitions'> => {
    const at = addMinutes(ctx.setupAt, 300 + i);
    const id = idAt(f, at);
    defIds.set(d.code, id);
    return {
      id,
      report_code: d.code,
      report_name: d.name,
      report_category: d.category,
      description: d.description,
      template_type: d.template,
      template_path: `templates/reports/${d.code.toLowerCase().replaceAll('_', '-')}.${d.engine === 'PUPPETEER' ? 'hbs' : 'ts'}`,
      template_engine: d.engine,
      data_source_query: d.query,
      required_parameters: json(d.required),
      optional_parameters: json(d.optional),
      output_filename_pattern: d.filename,
      page_orientation: d.orientation,
      page_size: 'LETTER',
      includes_phi: d.phi,
      includes_pii: d.pii,
      access_roles: json(d.roles),
      is_active: true,
      estimated_generation_time_seconds: d.seconds,
      created_by: fallback.id,
      created_at: at,
      updated_at: at,
      deleted_at: null,
    };
  });
  await insertMany(ctx.db, 'report_definitions', defRows, ctx.progress);

  const schoolYearLabel = ctx.years[ctx.years.length - 1]?.label ?? '';
  const paramSets: {
    code: string;
    name: string;
    values: Record<string, unknown>;
    isDefault: boolean;
    by: UserRow;
  }[] = [
    {
      code: 'IMMUNIZATION_COMPLIANCE_BY_SCHOOL',
      name: 'All grades, with student list',
      values: { grade_levels: 'all', include_student_list: true },
      isDefault: true,
      by: fallback,
    },
    {
      code: 'IMMUNIZATION_COMPLIANCE_BY_SCHOOL',
      name: 'Kindergarten and 7th grade entry',
      values: { grade_levels: ['K', '7'], include_student_list: true },
      isDefault: false,
      by: fallback,
    },
    {
      code: 'IMMUNIZATION_COMPLIANCE_BY_SCHOOL',
      name: 'Senior MenACWY booster (12th grade)',
      values: { grade_levels: ['12'], include_student_list: true },
      isDefault: false,
      by: fallback,
    },
    { code: 'DAILY_CLINIC_LOG', name: 'Today', values: { date: 'today' }, isDefault: true, by: fallback },
    {
      code: 'MEDICATION_ADMINISTRATION_RECORD',
      name: 'Previous month, all orders',
      values: { month: 'previous' },
      isDefault: true,
      by: fallback,
    },
    {
      code: 'VISIT_FREQUENCY',
      name: 'Current school year, 5+ visits',
      values: { school_year: 'current', minimum_visits: 5 },
      isDefault: true,
      by: fallback,
    },
    {
      code: 'VISIT_FREQUENCY',
      name: 'Frequent visitors (10+ visits)',
      values: { school_year: 'current', minimum_visits: 10 },
      isDefault: false,
      by: fallback,
    },
    {
      code: 'OUTBREAK_SUMMARY',
      name: 'For the county health department',
      values: { include_case_list: false },
      isDefault: true,
      by: fallback,
    },
    { code: 'EXCUSE_NOTE', name: 'Standard note', values: {}, isDefault: true, by: fallback },
    {
      code: 'MEDICAID_CLAIMS_SUMMARY',
      name: 'Previous month, district-wide',
      values: { month: 'previous' },
      isDefault: true,
      by: billing ?? fallback,
    },
    {
      code: 'MEDICAID_CLAIMS_SUMMARY',
      name: 'Previous month by school',
      values: { month: 'previous', group_by: 'school' },
      isDefault: false,
      by: billing ?? fallback,
    },
  ];
  const paramRows = paramSets.map((p, i): NewRow<'report_parameters'> => {
    const at = addMinutes(ctx.setupAt, 320 + i);
    return {
      id: idAt(f, at),
      parameter_set_name: p.name,
      report_definition_id: lookup(defIds, p.code, 'report definition'),
      parameter_values: json(p.values),
      is_default: p.isDefault,
      created_by: p.by.id,
      created_at: at,
      updated_at: at,
    };
  });
  await insertMany(ctx.db, 'report_parameters', paramRows, ctx.progress);

  // What was generated over the period.
  const plan: PlannedReport[] = [];
  const days = allDays(ctx);
  const visitsPerDay = new Map<string, number>();
  const visitDay = sql<string>`(arrival_time AT TIME ZONE 'America/New_York')::date::text`;
  for (const r of await ctx.db
    .selectFrom('clinic_visits')
    .select((eb) => ['school_id', visitDay.as('day'), eb.fn.countAll<number>().as('n')])
    .where('deleted_at', 'is', null)
    .groupBy(['school_id', visitDay])
    .orderBy('school_id')
    .orderBy(visitDay)
    .execute())
    visitsPerDay.set(`${r.school_id}|${r.day}`, Number(r.n));
  const studentsPerSchool = new Map<string, number>();
  for (const r of await ctx.db
    .selectFrom('students')
    .select((eb) => ['school_id', eb.fn.countAll<number>().as('n')])
    .where('deleted_at', 'is', null)
    .where('enrollment_status', '=', 'ACTIVE')
    .groupBy('school_id')
    .orderBy('school_id')
    .execute())
    studentsPerSchool.set(r.school_id, Number(r.n));

  for (const school of schools) {
    const nurses = nursesOf(school.id);
    const admins = adminsOf(school.id);
    const nurse = (): UserRow => (nurses.length ? pick(f, nurses) : fallback);
    for (const [i, day] of days.entries()) {
      if (chance(f, 0.45)) {
        plan.push({
          def: def('DAILY_CLINIC_LOG'),
          at: localTime(day, 15, f.number.int({ min: 20, max: 59 }), f.number.int({ min: 0, max: 59 })),
          school,
          by: nurse(),
          params: { school_id: school.id, date: day },
          rows: visitsPerDay.get(`${school.id}|${day}`) ?? 0,
          label: day,
        });
      }
      const prev = days[i - 1];
      const newMonth = prev === undefined || prev.slice(0, 7) !== day.slice(0, 7);
      if (newMonth && prev !== undefined) {
        plan.push({
          def: def('MEDICATION_ADMINISTRATION_RECORD'),
          at: localTime(day, 8, f.number.int({ min: 5, max: 55 })),
          school,
          by: nurse(),
          params: { school_id: school.id, month: prev.slice(0, 7) },
          rows: f.number.int({ min: 40, max: 400 }),
          label: prev.slice(0, 7),
        });
      }
      const year = ctx.years.find((y) => day >= y.start && day <= y.end);
      const schoolDay = year ? year.days.indexOf(day) : -1;
      const weeklyEarly = schoolDay >= 0 && schoolDay < 30 && weekday(day) === 1;
      if (newMonth || weeklyEarly) {
        plan.push({
          def: def('IMMUNIZATION_COMPLIANCE_BY_SCHOOL'),
          at: localTime(day, 13, f.number.int({ min: 0, max: 59 })),
          school,
          by: admins.length && chance(f, 0.3) ? pick(f, admins) : nurse(),
          params: { school_id: school.id, as_of_date: day, grade_levels: 'all', include_student_list: true },
          rows: studentsPerSchool.get(school.id) ?? 0,
          label: day,
        });
      }
    }
  }
  // District-wide monthly visit frequency and Medicaid summary.
  for (const [i, day] of days.entries()) {
    const prev = days[i - 1];
    if (prev === undefined || prev.slice(0, 7) === day.slice(0, 7)) continue;
    plan.push({
      def: def('VISIT_FREQUENCY'),
      at: localTime(day, 10, f.number.int({ min: 0, max: 59 })),
      school: null,
      by: fallback,
      params: { school_year: schoolYearLabel, as_of_date: day, minimum_visits: 5 },
      rows: f.number.int({ min: 30, max: 160 }),
      label: day,
    });
    const third = days[i + 2];
    if (third) {
      plan.push({
        def: def('MEDICAID_CLAIMS_SUMMARY'),
        at: localTime(third, 9, f.number.int({ min: 0, max: 59 })),
        school: null,
        by: billing ?? fallback,
        params: { month: prev.slice(0, 7) },
        rows: f.number.int({ min: 20, max: 220 }),
        label: prev.slice(0, 7),
      });
    }
  }
  // Outbreak summaries for the county health department.
  const outbreaks = await ctx.db
    .selectFrom('outbreak_alerts')
    .select(['id', 'school_id', 'alert_date', 'resolved_at', 'affected_students_count'])
    .orderBy('alert_date')
    .orderBy('id')
    .execute();
  for (const o of outbreaks) {
    const school = schools.find((s) => s.id === o.school_id) ?? null;
    const times = [addMinutes(o.alert_date, f.number.int({ min: 60, max: 60 * 20 }))];
    if (o.resolved_at) times.push(addMinutes(o.resolved_at, f.number.int({ min: 30, max: 240 })));
    for (const at of times) {
      plan.push({
        def: def('OUTBREAK_SUMMARY'),
        at,
        school,
        by: fallback,
        params: { outbreak_alert_id: o.id, include_case_list: false },
        rows: o.affected_students_count,
        label: isoDate(o.alert_date),
      });
    }
  }
  // Excuse notes, printed at the end of the visit that generated them.
  const notes = await ctx.db
    .selectFrom('clinic_visits as v')
    .innerJoin('students as s', 's.id', 'v.student_id')
    .select([
      'v.id',
      'v.school_id',
      'v.attended_by_user_id',
      'v.departure_time',
      'v.arrival_time',
      's.student_number',
    ])
    .where('v.excuse_note_generated', '=', true)
    .where('v.deleted_at', 'is', null)
    .orderBy('v.arrival_time')
    .orderBy('v.id')
    .execute();
  const byId = new Map(users.map((u) => [u.id, u] as const));
  for (const n of notes) {
    const school = schools.find((s) => s.id === n.school_id) ?? null;
    plan.push({
      def: def('EXCUSE_NOTE'),
      at: addMinutes(
        n.departure_time ?? addMinutes(n.arrival_time, 15),
        -f.number.float({ min: 0.5, max: 3 }),
      ),
      school,
      by: byId.get(n.attended_by_user_id) ?? fallback,
      params: { clinic_visit_id: n.id, student_number: n.student_number },
      rows: 1,
      label: n.student_number,
    });
  }

  const visible = plan
    .filter((p) => p.at.getTime() <= ctx.options.asOf.getTime() && p.at.getTime() >= ctx.setupAt.getTime())
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  const instances: NewRow<'report_instances'>[] = [];
  const logs: NewRow<'report_generation_log'>[] = [];
  for (const p of visible) {
    const failed = chance(f, 0.01);
    const duration = Math.max(1, Math.round(p.def.seconds * f.number.float({ min: 0.5, max: 1.8 })));
    const start = new Date(p.at.getTime() - duration * 1000 - f.number.int({ min: 0, max: 999 }));
    const pages =
      p.def.code === 'EXCUSE_NOTE'
        ? 1
        : Math.max(1, Math.ceil(p.rows / (p.def.orientation === 'LANDSCAPE' ? 22 : 30)));
    const bytes = 18_000 + pages * f.number.int({ min: 9_000, max: 26_000 });
    const scope = p.school?.school_code ?? 'district';
    const fileName = p.def.filename
      .replace('{school_code}', scope)
      .replace('{scope}', scope)
      .replace('{as_of_date}', isoDate(p.at))
      .replace('{date}', text(p.params['date'], isoDate(p.at)))
      .replace('{month}', text(p.params['month'], isoDate(p.at).slice(0, 7)))
      .replace('{alert_date}', p.label)
      .replace('{student_number}', text(p.params['student_number'], ''));
    const filePath = `reports/${scope}/${isoDate(p.at).slice(0, 4)}/${isoDate(p.at).slice(5, 7)}/${fileName}`;
    const id = idAt(f, p.at);
    const expires = addMinutes(p.at, p.def.retentionDays * 24 * 60);
    const archived = expires.getTime() <= ctx.options.asOf.getTime();
    const downloads = failed
      ? 0
      : weighted(f, [
          [0, 3],
          [1, 5],
          [2, 2],
          [3, 1],
        ] as const);
    const lastDownload = downloads
      ? notAfter(ctx, addMinutes(p.at, f.number.int({ min: 1, max: 60 * 24 * 3 })))
      : null;
    const params = { ...p.params };
    delete params['student_number'];
    instances.push({
      id,
      report_definition_id: lookup(defIds, p.def.code, 'report definition'),
      school_id: p.school?.id ?? null,
      generated_at: p.at,
      generated_by: p.by.id,
      report_parameters: json(params),
      file_path: filePath,
      file_size_bytes: failed ? null : bytes,
      file_hash: failed
        ? null
        : sha256Hex(
            `white-cross demo report|${ctx.options.seed}|${p.def.code}|${filePath}|${p.at.toISOString()}|${pages}`,
          ),
      page_count: failed ? null : pages,
      generation_status: failed ? 'FAILED' : 'COMPLETED',
      generation_error: failed ? PHI_FAILURES[p.def.engine] : null,
      generation_duration_seconds: duration,
      expires_at: expires,
      downloaded_count: downloads,
      last_downloaded_at: lastDownload,
      encryption_key_id: null,
      access_token: !archived && !failed && p.def.phi ? `rpt_${f.string.alphanumeric({ length: 32 })}` : null,
      is_archived: archived,
      created_at: start,
      updated_at: archived ? expires : (lastDownload ?? p.at),
    });
    const ctxInfo = {
      report_code: p.def.code,
      engine: p.def.engine,
      user_id: p.by.id,
      school_id: p.school?.id ?? null,
    };
    logs.push({
      id: idAt(f, start),
      report_instance_id: id,
      log_timestamp: start,
      log_level: 'INFO',
      log_message: `Generating ${p.def.name} (${p.def.template}, ${p.def.orientation.toLowerCase()} ${'LETTER'})`,
      execution_context: json({ ...ctxInfo, parameters: params }),
    });
    const queried = addMinutes(start, (duration * 0.3) / 60);
    logs.push({
      id: idAt(f, queried),
      report_instance_id: id,
      log_timestamp: queried,
      log_level: 'INFO',
      log_message: `Data source returned ${p.rows} row(s) in ${f.number.int({ min: 12, max: 480 })} ms`,
      execution_context: json({ ...ctxInfo, rows: p.rows }),
    });
    if (!failed && p.rows === 0 && p.def.code === 'DAILY_CLINIC_LOG') {
      logs.push({
        id: idAt(f, addMinutes(queried, 0.001)),
        report_instance_id: id,
        log_timestamp: addMinutes(queried, 0.001),
        log_level: 'WARNING',
        log_message: 'No clinic visits on this date: the log is printed with an empty table',
        execution_context: json(ctxInfo),
      });
    }
    logs.push({
      id: idAt(f, p.at),
      report_instance_id: id,
      log_timestamp: p.at,
      log_level: failed ? 'ERROR' : 'INFO',
      log_message: failed
        ? `Generation failed: ${PHI_FAILURES[p.def.engine] ?? 'renderer error'}`
        : `Rendered ${pages} page(s), ${bytes} bytes, written to ${filePath}`,
      execution_context: json({
        ...ctxInfo,
        duration_seconds: duration,
        ...(failed ? {} : { pages, bytes }),
      }),
    });
  }
  await insertMany(ctx.db, 'report_instances', instances, ctx.progress);
  await insertMany(ctx.db, 'report_generation_log', logs, ctx.progress);
}

// ---------------------------------------------------------------- document sharing

const USER_AGENTS: readonly string[] = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
];

/** A public address from the documentation ranges (RFC 5737): realistic-looking, never a real host. */
const publicIp = (f: Faker): string =>
  `${pick(f, ['192.0.2', '198.51.100', '203.0.113'])}.${f.number.int({ min: 2, max: 254 })}`;

interface Recipient {
  kind: 'PARENT' | 'PHYSICIAN' | 'SCHOOL' | 'CAMP';
  email: string;
  purpose: string;
}

async function seedSharing(
  ctx: SeedContext,
  users: readonly UserRow[],
  schoolsOfUser: Map<string, string[]>,
): Promise<void> {
  const f = sectionFaker(ctx.options.seed, 'reporting.sharing');
  const documents = await ctx.db
    .selectFrom('documents')
    .select(['id', 'school_id', 'student_id', 'title', 'document_type', 'uploaded_by', 'created_at'])
    .where('deleted_at', 'is', null)
    .where('student_id', 'is not', null)
    .where('document_type', '<>', 'STUDENT_PHOTO')
    .orderBy('id')
    .execute();
  const guardians = await ctx.db
    .selectFrom('guardians')
    .distinctOn('student_id')
    .select(['student_id', 'email', 'first_name', 'last_name'])
    .where('deleted_at', 'is', null)
    .where('email', 'is not', null)
    .orderBy('student_id')
    .orderBy('is_primary_contact', 'desc')
    .orderBy('contact_priority')
    .orderBy('id')
    .execute();
  const guardianOf = new Map(guardians.map((g) => [g.student_id, g] as const));
  const byId = new Map(users.map((u) => [u.id, u] as const));

  const shares: NewRow<'shared_documents'>[] = [];
  const tokens: NewRow<'document_access_tokens'>[] = [];
  const permissions: NewRow<'sharing_permissions'>[] = [];
  const audit: NewRow<'share_access_audit'>[] = [];

  for (const doc of documents) {
    if (!chance(f, doc.document_type === 'ACTION_PLAN' ? 0.18 : 0.3)) continue;
    const from = new Date(Math.max(doc.created_at.getTime(), ctx.setupAt.getTime()));
    if (from.getTime() >= ctx.options.asOf.getTime()) continue;
    let createdAt = between(f, from, ctx.options.asOf);
    const day = isoDate(createdAt);
    createdAt = localTime(
      weekday(day) === 0 ? addDays(day, 1) : weekday(day) === 6 ? addDays(day, 2) : day,
      f.number.int({ min: 8, max: 15 }),
      f.number.int({ min: 0, max: 59 }),
    );
    if (createdAt.getTime() > ctx.options.asOf.getTime() || createdAt.getTime() < doc.created_at.getTime())
      continue;
    const uploader = byId.get(doc.uploaded_by);
    const nurses = usersOf(users, ['NURSE'], doc.school_id, schoolsOfUser);
    const sharer = uploader?.role === 'NURSE' ? uploader : nurses.length ? pick(f, nurses) : uploader;
    if (!sharer) continue;
    const guardian = guardianOf.get(doc.student_id ?? '');
    const recipient: Recipient = weighted(f, [
      [
        {
          kind: 'PARENT',
          email: guardian?.email ?? f.internet.exampleEmail(),
          purpose: `Copy of "${doc.title}" requested by the parent/guardian for the family's records`,
        },
        guardian ? 40 : 5,
      ],
      [
        {
          kind: 'PHYSICIAN',
          email: `records@${f.person
            .lastName()
            .toLowerCase()
            .replace(/[^a-z]/g, '')}pediatrics.example.com`,
          purpose: `Sent to the student's primary care office for review and signature (${doc.document_type.toLowerCase().replaceAll('_', ' ')})`,
        },
        30,
      ],
      [
        {
          kind: 'SCHOOL',
          email: `nurse@${f.location
            .city()
            .toLowerCase()
            .replace(/[^a-z]/g, '')}.k12.example.org`,
          purpose: 'Health records transfer to the receiving school district (student transferred)',
        },
        15,
      ],
      [
        {
          kind: 'CAMP',
          email: `health@${f.word
            .noun()
            .toLowerCase()
            .replace(/[^a-z]/g, '')}camp.example.org`,
          purpose: 'Action plan shared with the summer camp health director, with parent authorization',
        },
        10,
      ],
    ]);
    const days = recipient.kind === 'SCHOOL' ? 30 : pick(f, [7, 14, 14, 30]);
    const expires = addMinutes(createdAt, days * 24 * 60);
    const maxAccess = recipient.kind === 'PARENT' ? pick(f, [3, 5, null]) : pick(f, [5, 10, null]);
    const requirePassword = recipient.kind !== 'PARENT' && chance(f, 0.4);
    const download = recipient.kind !== 'PARENT' || chance(f, 0.5);
    const print = download && chance(f, 0.7);
    const shareId = idAt(f, createdAt);

    // Accesses over the share's life.
    type Access = {
      at: Date;
      type: 'VIEW' | 'DOWNLOAD' | 'PRINT' | 'DENIED';
      granted: boolean;
      reason: string | null;
    };
    const accesses: Access[] = [];
    let t = addMinutes(createdAt, f.number.int({ min: 5, max: 60 * 30 }));
    const wanted = weighted(f, [
      [0, 2],
      [1, 4],
      [2, 3],
      [3, 2],
      [5, 1],
    ] as const);
    for (let k = 0; k < wanted; k++) {
      if (t.getTime() >= expires.getTime() || t.getTime() > ctx.options.asOf.getTime()) break;
      if (chance(f, 0.08))
        accesses.push({
          at: t,
          type: 'DENIED',
          granted: false,
          reason: requirePassword ? 'Incorrect share password' : 'Email verification code expired',
        });
      else {
        const granted = accesses.filter((a) => a.granted).length;
        if (maxAccess !== null && granted >= maxAccess) {
          accesses.push({
            at: t,
            type: 'DENIED',
            granted: false,
            reason: 'Maximum number of accesses reached',
          });
          break;
        }
        const type = download && chance(f, 0.4) ? 'DOWNLOAD' : print && chance(f, 0.2) ? 'PRINT' : 'VIEW';
        accesses.push({ at: t, type, granted: true, reason: null });
      }
      t = addMinutes(t, f.number.int({ min: 10, max: 60 * 24 * 3 }));
    }
    const revoked = chance(f, 0.05) && t.getTime() < Math.min(expires.getTime(), ctx.options.asOf.getTime());
    if (revoked) {
      const revokedAt = addMinutes(t, 5);
      if (revokedAt.getTime() < Math.min(expires.getTime(), ctx.options.asOf.getTime())) {
        accesses.push({
          at: addMinutes(revokedAt, f.number.int({ min: 60, max: 60 * 24 })),
          type: 'DENIED',
          granted: false,
          reason: 'Share revoked by the sender',
        });
      }
    }
    const grantedCount = accesses.filter((a) => a.granted).length;
    const lastAccess = accesses.length ? accesses[accesses.length - 1]?.at : undefined;
    const status = revoked
      ? 'REVOKED'
      : maxAccess !== null && grantedCount >= maxAccess
        ? 'EXHAUSTED'
        : expires.getTime() <= ctx.options.asOf.getTime()
          ? 'EXPIRED'
          : 'ACTIVE';
    const revokedAt = revoked ? addMinutes(t, 5) : null;
    const visibleAccesses = accesses.filter((a) => a.at.getTime() <= ctx.options.asOf.getTime());
    shares.push({
      id: shareId,
      document_id: doc.id,
      school_id: doc.school_id,
      shared_by: sharer.id,
      share_purpose: recipient.purpose,
      created_at: createdAt,
      expires_at: expires,
      max_access_count: maxAccess,
      current_access_count: grantedCount,
      share_status: status,
      revoked_at: revokedAt,
      revoked_by: revoked ? sharer.id : null,
      revocation_reason: revoked
        ? pick(f, [
            'Sent to the wrong email address',
            'Parent withdrew the authorization',
            'Replaced by an updated version of the document',
          ])
        : null,
      require_password: requirePassword,
      password_hash: requirePassword
        ? `$argon2id$v=19$m=65536,t=3,p=4$${Buffer.from(f.string.alphanumeric({ length: 16 }))
            .toString('base64')
            .replace(/=+$/, '')}$${Buffer.from(sha256Hex(`share-password|${shareId}`), 'hex')
            .toString('base64')
            .replace(/=+$/, '')}`
        : null,
      require_email_verification: recipient.kind !== 'SCHOOL' || chance(f, 0.5),
      watermark_enabled: true,
      download_allowed: download,
      print_allowed: print,
      updated_at:
        revokedAt ??
        (status === 'EXPIRED'
          ? expires
          : lastAccess && lastAccess.getTime() <= ctx.options.asOf.getTime()
            ? lastAccess
            : createdAt),
    });

    const singleUse = recipient.kind === 'SCHOOL' && chance(f, 0.5);
    const tokenId = idAt(f, createdAt);
    const publicId = f.string.alphanumeric({ length: 22 });
    const secret = f.string.alphanumeric({ length: 43 });
    const firstGranted = visibleAccesses.find((a) => a.granted);
    const ip = publicIp(f);
    const ua = pick(f, USER_AGENTS);
    tokens.push({
      id: tokenId,
      shared_document_id: shareId,
      access_token: `shr_${publicId}`,
      token_hash: sha256Hex(secret),
      created_at: createdAt,
      expires_at: expires,
      single_use: singleUse,
      used: firstGranted !== undefined,
      used_at: firstGranted?.at ?? null,
      used_by_email: firstGranted ? recipient.email : null,
      used_by_ip: firstGranted ? ip : null,
      updated_at: firstGranted?.at ?? createdAt,
    });

    const perms: ('VIEW' | 'DOWNLOAD' | 'PRINT')[] = ['VIEW'];
    if (download) perms.push('DOWNLOAD');
    if (print) perms.push('PRINT');
    for (const p of perms) {
      permissions.push({
        id: idAt(f, createdAt),
        shared_document_id: shareId,
        permission_type: p,
        granted: true,
        granted_to_email: recipient.email,
        granted_to_ip_range: recipient.kind === 'SCHOOL' && chance(f, 0.3) ? '198.51.100.0/24' : null,
        granted_at: createdAt,
        granted_by: sharer.id,
        created_at: createdAt,
        updated_at: createdAt,
      });
    }
    for (const a of visibleAccesses) {
      audit.push({
        id: idAt(f, a.at),
        shared_document_id: shareId,
        access_token_id: tokenId,
        access_timestamp: a.at,
        access_type: a.type,
        accessor_email: recipient.email,
        accessor_ip: chance(f, 0.8) ? ip : publicIp(f),
        accessor_user_agent: ua,
        access_granted: a.granted,
        denial_reason: a.reason,
        session_duration_seconds: a.granted ? f.number.int({ min: 15, max: 600 }) : null,
        pages_viewed: a.granted
          ? json(Array.from({ length: f.number.int({ min: 1, max: 3 }) }, (_, i) => i + 1))
          : null,
      });
    }
  }
  await insertMany(ctx.db, 'shared_documents', shares, ctx.progress);
  await insertMany(ctx.db, 'document_access_tokens', tokens, ctx.progress);
  await insertMany(ctx.db, 'sharing_permissions', permissions, ctx.progress);
  await insertMany(ctx.db, 'share_access_audit', audit, ctx.progress);
}

// ---------------------------------------------------------------- export scheduling

interface ScheduleDef {
  key: string;
  name: string;
  type: 'IMMUNIZATION_COMPLIANCE' | 'MEDICAID_CLAIMS' | 'CLINIC_VISITS';
  format: 'CSV' | 'EDI' | 'XML';
  frequency: 'DAILY' | 'WEEKLY' | 'MONTHLY';
  cron: string;
  hour: number;
  minute: number;
  destination: 'SFTP' | 'API_ENDPOINT';
  config: Record<string, unknown>;
  filters: Record<string, unknown>;
  retention: number;
  owner: 'director' | 'billing';
  ext: string;
  /** A later configuration change (version 2), days after creation; null when never changed. */
  changeAfterDays: number | null;
  change: Record<string, unknown>;
}

async function seedExports(
  ctx: SeedContext,
  district: DistrictRow,
  schools: readonly SchoolRow[],
  users: readonly UserRow[],
): Promise<void> {
  const f = sectionFaker(ctx.options.seed, 'reporting.exports');
  const director = users.find((u) => u.role === 'DISTRICT_ADMIN') ?? users[0];
  const billing = users.find((u) => u.role === 'BILLING') ?? director;
  const auditor = users.find((u) => u.role === 'AUDITOR') ?? director;
  if (!director || !billing || !auditor) throw new Error('seed: no users (the district section runs first)');
  const slug = district.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '')
    .slice(0, 16);
  const state = district.state_code.toLowerCase();
  const defs: ScheduleDef[] = [
    {
      key: 'immunization-compliance',
      name: 'Nightly immunization compliance to the state (CSV over SFTP)',
      type: 'IMMUNIZATION_COMPLIANCE',
      format: 'CSV',
      frequency: 'DAILY',
      cron: '15 1 * * *',
      hour: 1,
      minute: 15,
      destination: 'SFTP',
      config: {
        host: `sftp.health.${state}.test`,
        port: 22,
        username: `wc_${slug}`,
        remote_dir: '/inbound/school-immunization',
        credential_vault_key: `exports/sftp/${state}-health`,
        host_key_fingerprint: `SHA256:${Buffer.from(sha256Hex(`${slug}|sftp`), 'hex')
          .toString('base64')
          .replace(/=+$/, '')}`,
      },
      filters: {
        school_ids: 'all',
        grade_levels: ['K', '7', '12'],
        status: ['OVERDUE', 'EXEMPT', 'COMPLIANT'],
      },
      retention: 30,
      owner: 'director',
      ext: 'csv.pgp',
      changeAfterDays: 75,
      change: { grade_levels: ['K', '1', '7', '12'] },
    },
    {
      key: 'medicaid-claims',
      name: 'Weekly Medicaid claims (837P EDI to the clearinghouse)',
      type: 'MEDICAID_CLAIMS',
      format: 'EDI',
      frequency: 'WEEKLY',
      cron: '0 3 * * 1',
      hour: 3,
      minute: 0,
      destination: 'SFTP',
      config: {
        host: `edi.medicaid.${state}.test`,
        port: 22,
        username: `TP${f.string.numeric({ length: 7, allowLeadingZeros: true })}`,
        remote_dir: '/inbound/837P',
        credential_vault_key: `exports/sftp/${state}-medicaid-edi`,
        transaction_set: '005010X222A1',
      },
      filters: { claim_status: ['READY'], resubmit_rejected: true },
      retention: 2555,
      owner: 'billing',
      ext: 'x12',
      changeAfterDays: null,
      change: {},
    },
    {
      key: 'state-school-health-report',
      name: 'Monthly school health services report to the state',
      type: 'CLINIC_VISITS',
      format: 'XML',
      frequency: 'MONTHLY',
      cron: '0 4 1 * *',
      hour: 4,
      minute: 0,
      destination: 'API_ENDPOINT',
      config: {
        url: `https://reports.health.${state}.test/school-health/v2/submissions`,
        method: 'POST',
        auth: 'OAUTH2_CLIENT_CREDENTIALS',
        credential_vault_key: `exports/api/${state}-school-health`,
        aggregate_only: true,
      },
      filters: {
        aggregate: 'school_month',
        include: ['visits_by_reason', 'sent_home', 'medication_doses', 'screenings', 'emergencies'],
      },
      retention: 365,
      owner: 'director',
      ext: 'xml',
      changeAfterDays: 120,
      change: {
        include: [
          'visits_by_reason',
          'sent_home',
          'medication_doses',
          'screenings',
          'emergencies',
          'chronic_conditions',
        ],
      },
    },
  ];

  const claimsByWeek = new Map<string, number>();
  for (const r of await ctx.db
    .selectFrom('billing_claims')
    .select((eb) => ['submitted_date', eb.fn.countAll<number>().as('n')])
    .where('submitted_date', 'is not', null)
    .groupBy('submitted_date')
    .orderBy('submitted_date')
    .execute())
    if (r.submitted_date !== null) claimsByWeek.set(r.submitted_date, Number(r.n));
  const active = await ctx.db
    .selectFrom('students')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('deleted_at', 'is', null)
    .where('enrollment_status', '=', 'ACTIVE')
    .executeTakeFirst();
  const activeStudents = Number(active?.n ?? 0);

  const scheduleRows: NewRow<'scheduled_exports'>[] = [];
  const configRows: NewRow<'export_configurations'>[] = [];
  const jobRows: NewRow<'export_jobs'>[] = [];
  const historyRows: NewRow<'export_history'>[] = [];
  const notify = [director.email];

  for (const [i, d] of defs.entries()) {
    const owner = d.owner === 'billing' ? billing : director;
    const createdAt = addMinutes(ctx.setupAt, 400 + i * 7);
    const scheduleId = idAt(f, createdAt);
    const baseSnapshot = {
      schedule_name: d.name,
      export_type: d.type,
      export_format: d.format,
      schedule_frequency: d.frequency,
      schedule_cron_expression: d.cron,
      schedule_timezone: 'America/New_York',
      destination_type: d.destination,
      destination_config: d.config,
      export_filters: d.filters,
      encrypt_export: true,
      retention_days: d.retention,
      notification_emails: d.owner === 'billing' ? [billing.email, director.email] : notify,
    };
    const versions: {
      id: string;
      version: number;
      from: Date;
      to: Date | null;
      snapshot: typeof baseSnapshot;
    }[] = [{ id: idAt(f, createdAt), version: 1, from: createdAt, to: null, snapshot: baseSnapshot }];
    if (d.changeAfterDays !== null) {
      const changedAt = localTime(addDays(isoDate(createdAt), d.changeAfterDays), 10, 30);
      if (changedAt.getTime() < ctx.options.asOf.getTime()) {
        const v1 = versions[0];
        if (v1) v1.to = changedAt;
        versions.push({
          id: idAt(f, changedAt),
          version: 2,
          from: changedAt,
          to: null,
          snapshot: { ...baseSnapshot, export_filters: { ...d.filters, ...d.change } },
        });
      }
    }
    const current = versions[versions.length - 1];
    if (!current) throw new Error('no export configuration version');
    for (const v of versions) {
      configRows.push({
        id: v.id,
        scheduled_export_id: scheduleId,
        config_version: v.version,
        config_snapshot: json(v.snapshot),
        effective_from: v.from,
        effective_to: v.to,
        is_current: v === current,
        created_at: v.from,
        updated_at: v.to ?? v.from,
      });
    }

    // Runs from the first scheduled time after creation up to asOf.
    const runs: Date[] = [];
    let day = addDays(isoDate(createdAt), 1);
    for (;;) {
      const at = localTime(day, d.hour, d.minute);
      if (at.getTime() > ctx.options.asOf.getTime()) break;
      const due =
        d.frequency === 'DAILY' ||
        (d.frequency === 'WEEKLY' && weekday(day) === 1) ||
        (d.frequency === 'MONTHLY' && day.slice(8) === '01');
      if (due) runs.push(at);
      day = addDays(day, 1);
    }
    let lastRun: Date | null = null;
    for (const at of runs) {
      const start = new Date(at.getTime() + f.number.int({ min: 200, max: 4000 }));
      const config = versions.filter((v) => v.from.getTime() <= start.getTime()).pop() ?? current;
      const failed = chance(f, d.frequency === 'DAILY' ? 0.015 : 0.03);
      const runDay = isoDate(at);
      const records =
        d.type === 'MEDICAID_CLAIMS'
          ? (claimsByWeek.get(localDay(at)) ?? 0)
          : d.type === 'IMMUNIZATION_COMPLIANCE'
            ? activeStudents
            : schools.length * f.number.int({ min: 20, max: 31 });
      const seconds = failed
        ? f.number.int({ min: 20, max: 95 })
        : Math.max(2, Math.round(2 + records * f.number.float({ min: 0.004, max: 0.02 })));
      const end = new Date(start.getTime() + seconds * 1000 + f.number.int({ min: 0, max: 999 }));
      const localRun = localDay(at);
      const fileName = `${d.key}_${localRun.replaceAll('-', '')}.${d.ext}`;
      const filePath = `exports/${d.key}/${localRun.slice(0, 4)}/${localRun.slice(5, 7)}/${fileName}`;
      const bytes = failed
        ? null
        : 2_000 +
          records * (d.format === 'EDI' ? 420 : d.format === 'XML' ? 180 : 96) +
          f.number.int({ min: 0, max: 900 });
      const hash = failed
        ? null
        : sha256Hex(`white-cross demo export|${ctx.options.seed}|${filePath}|${records}`);
      const jobId = idAt(f, start);
      const errorMessage = failed
        ? d.destination === 'SFTP'
          ? pick(f, [
              `SFTP connect to ${String(d.config['host'])}:22 failed: ETIMEDOUT after 30000 ms`,
              `SFTP authentication failed for ${String(d.config['username'])}: publickey denied (key rotated on the server)`,
              'SFTP upload interrupted: connection reset by peer after 68% (retry scheduled for the next run)',
            ])
          : pick(f, [
              'HTTP 503 Service Unavailable from the state reporting API (maintenance window)',
              'HTTP 401 invalid_token: OAuth client credentials expired',
            ])
        : null;
      jobRows.push({
        id: jobId,
        scheduled_export_id: scheduleId,
        export_config_id: config.id,
        job_start_time: start,
        job_end_time: end,
        job_status: failed ? 'FAILED' : 'COMPLETED',
        triggered_by: null,
        trigger_type: 'SCHEDULED',
        records_exported: failed ? 0 : records,
        file_path: failed ? null : filePath,
        file_size_bytes: bytes,
        file_hash: hash,
        export_parameters: json({
          run_date: localRun,
          ...config.snapshot.export_filters,
          config_version: config.version,
        }),
        error_message: errorMessage,
        warnings:
          !failed && d.type === 'IMMUNIZATION_COMPLIANCE' && chance(f, 0.05)
            ? json([
                `${f.number.int({ min: 1, max: 4 })} student(s) without a state student ID (SSID) were exported with the district student number`,
              ])
            : null,
        destination_delivery_status: failed ? 'FAILED' : 'SENT',
        delivery_confirmation: failed
          ? null
          : d.destination === 'SFTP'
            ? `Uploaded to ${String(d.config['host'])}:${String(d.config['remote_dir'])}/${fileName} (${bytes} bytes, remote SHA-256 matched)`
            : `HTTP 202 Accepted; submission id ${district.state_code}-SHR-${localRun.replaceAll('-', '')}-${f.string.numeric({ length: 5, allowLeadingZeros: true })}`,
        created_at: start,
        updated_at: end,
      });
      const archival = addDays(runDay, 1);
      historyRows.push({
        id: idAt(f, end),
        export_job_id: jobId,
        export_date: localRun,
        export_type: d.type,
        total_records: failed ? 0 : records,
        success: !failed,
        file_archived_path: failed || archival > ctx.today ? null : `archive/${filePath}`,
        archival_date: failed || archival > ctx.today ? null : archival,
        purge_date: addDays(localRun, d.retention),
        audit_checksum: hash,
        metadata: json({
          job_id: jobId,
          format: d.format,
          destination: d.destination,
          bytes,
          duration_seconds: seconds,
          config_version: config.version,
        }),
        created_at: end,
        updated_at: end,
      });
      lastRun = start;
    }
    // Next run after asOf.
    let next = addDays(isoDate(ctx.options.asOf), 0);
    let nextAt = localTime(next, d.hour, d.minute);
    for (;;) {
      const due =
        d.frequency === 'DAILY' ||
        (d.frequency === 'WEEKLY' && weekday(next) === 1) ||
        (d.frequency === 'MONTHLY' && next.slice(8) === '01');
      if (due && nextAt.getTime() > ctx.options.asOf.getTime()) break;
      next = addDays(next, 1);
      nextAt = localTime(next, d.hour, d.minute);
    }
    scheduleRows.push({
      id: scheduleId,
      schedule_name: d.name,
      export_type: d.type,
      export_format: d.format,
      schedule_frequency: d.frequency,
      schedule_cron_expression: d.cron,
      schedule_timezone: 'America/New_York',
      next_run_time: nextAt,
      last_run_time: lastRun,
      is_active: true,
      export_filters: json(current.snapshot.export_filters),
      destination_type: d.destination,
      destination_config: json(d.config),
      notification_emails: json(current.snapshot.notification_emails),
      encrypt_export: true,
      encryption_key_id: null,
      retention_days: d.retention,
      created_by: owner.id,
      created_at: createdAt,
      updated_at: current.from,
    });
  }

  // Ad-hoc exports by hand: the privacy officer's accounting of disclosures, a roster for the health department.
  const adhoc: {
    type: 'PHI_DISCLOSURES' | 'STUDENT_ROSTER' | 'AUDIT_LOG';
    by: UserRow;
    format: string;
    ext: string;
  }[] = [
    { type: 'PHI_DISCLOSURES', by: auditor, format: 'CSV', ext: 'csv' },
    { type: 'AUDIT_LOG', by: auditor, format: 'CSV', ext: 'csv' },
    { type: 'STUDENT_ROSTER', by: director, format: 'EXCEL', ext: 'xlsx' },
  ];
  const span = Math.max(1, daysBetween(isoDate(ctx.setupAt), ctx.today) - 2);
  for (const a of adhoc) {
    const day = addDays(isoDate(ctx.setupAt), f.number.int({ min: 1, max: span }));
    const start = localTime(
      weekday(day) % 6 === 0 ? addDays(day, weekday(day) === 6 ? 2 : 1) : day,
      f.number.int({ min: 9, max: 15 }),
      f.number.int({ min: 0, max: 59 }),
    );
    if (start.getTime() > ctx.options.asOf.getTime()) continue;
    const records = a.type === 'STUDENT_ROSTER' ? activeStudents : f.number.int({ min: 40, max: 4000 });
    const seconds = Math.max(2, Math.round(records * 0.006));
    const end = new Date(start.getTime() + seconds * 1000 + 321);
    const localRun = localDay(start);
    const filePath = `exports/ad-hoc/${localRun.slice(0, 4)}/${a.type.toLowerCase().replaceAll('_', '-')}_${localRun.replaceAll('-', '')}.${a.ext}`;
    const hash = sha256Hex(`white-cross demo export|${ctx.options.seed}|${filePath}|${records}`);
    const jobId = idAt(f, start);
    jobRows.push({
      id: jobId,
      scheduled_export_id: null,
      export_config_id: null,
      job_start_time: start,
      job_end_time: end,
      job_status: 'COMPLETED',
      triggered_by: a.by.id,
      trigger_type: 'MANUAL',
      records_exported: records,
      file_path: filePath,
      file_size_bytes: 1_500 + records * 110,
      file_hash: hash,
      export_parameters: json({
        format: a.format,
        from: isoDate(ctx.setupAt),
        to: localRun,
        reason:
          a.type === 'PHI_DISCLOSURES'
            ? 'Annual HIPAA accounting-of-disclosures review'
            : a.type === 'AUDIT_LOG'
              ? 'Quarterly access review'
              : 'County health department roster request (vaccine clinic planning)',
      }),
      error_message: null,
      warnings: null,
      destination_delivery_status: 'SENT',
      delivery_confirmation: `Downloaded by ${a.by.email} from the district server`,
      created_at: start,
      updated_at: end,
    });
    historyRows.push({
      id: idAt(f, end),
      export_job_id: jobId,
      export_date: localRun,
      export_type: a.type,
      total_records: records,
      success: true,
      file_archived_path: `archive/${filePath}`,
      archival_date: addDays(localRun, 1),
      purge_date: addDays(localRun, 2190),
      audit_checksum: hash,
      metadata: json({ job_id: jobId, format: a.format, destination: 'LOCAL_STORAGE', ad_hoc: true }),
      created_at: end,
      updated_at: end,
    });
  }

  await insertMany(ctx.db, 'scheduled_exports', scheduleRows, ctx.progress);
  await insertMany(ctx.db, 'export_configurations', configRows, ctx.progress);
  await insertMany(ctx.db, 'export_jobs', jobRows, ctx.progress);
  await insertMany(ctx.db, 'export_history', historyRows, ctx.progress);
}
