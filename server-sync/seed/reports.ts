import { sql } from 'kysely';
import {
  addMinutes,
  allDays,
  chance,
  idAt,
  insertMany,
  isoDate,
  json,
  localTime,
  lookup,
  type NewRow,
  notAfter,
  pick,
  type SchoolRow,
  sectionFaker,
  type SeedContext,
  sha256Hex,
  type UserRow,
  usersOf,
  weekday,
  weighted,
  readSchools,
  readUsers,
  readUserSchools,
} from './helpers';
import {
  REPORT_DEFINITIONS,
  reportDefinition,
  reportFileName,
  reportFilePath,
  reportTemplatePath,
  type ReportDefinition,
} from '../../src-shared/reports';

/**
 * report_definitions and report_parameters (created at go-live), and the reports generated over the period
 * (report_instances) with their generation logs.
 */

/** How a generation fails, by rendering engine (about 1 in 100). */
const PHI_FAILURES: Readonly<Record<string, string>> = {
  JSPDF: 'jsPDF: font subset for "Noto Sans" could not be embedded (ENOMEM while building the glyph table)',
  PUPPETEER: 'Puppeteer: Navigation timeout of 60000 ms exceeded while rendering the report template',
  HANDLEBARS: 'Handlebars: missing helper "formatDate" in the report template',
};

const text = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : fallback);

interface PlannedReport {
  def: ReportDefinition;
  at: Date;
  school: SchoolRow | null;
  by: UserRow;
  params: Record<string, unknown>;
  rows: number;
  label: string;
}

async function seedReportRows(
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
  const def = reportDefinition;

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
      template_path: reportTemplatePath(d),
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
      retention_days: d.retentionDays,
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
    const fileName = reportFileName(p.def.filename, {
      school_code: scope,
      scope,
      as_of_date: isoDate(p.at),
      date: text(p.params['date'], isoDate(p.at)),
      month: text(p.params['month'], isoDate(p.at).slice(0, 7)),
      alert_date: p.label,
      student_number: text(p.params['student_number'], ''),
    });
    const filePath = reportFilePath(scope, isoDate(p.at), fileName);
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

/** The reports seed: the report catalog, saved parameter sets, and the reports generated over the period. */
export async function seedReports(ctx: SeedContext): Promise<void> {
  const schools = await readSchools(ctx.db);
  const users = await readUsers(ctx.db);
  const access = await readUserSchools(ctx.db);
  await seedReportRows(ctx, schools, users, access.byUser);
}
