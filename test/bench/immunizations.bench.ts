import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { ServerDatabase } from '../../src-shared/db/server-schema.generated';
import { createUser } from '../../server-sync/auth/users';
import { migrateServerToLatest } from '../../server-sync/db/migrate';
import {
  ensureSupportingData,
  loadShippedSchoolEntry,
  readSupportingData,
  refreshDistrictDashboard,
} from '../../server-sync/immunizations';
import { assessPatient, type AdministeredDose } from '../../src-shared/immunizations/cdsi';
import type { Gender } from '../../src-shared/immunizations/supporting-data';
import { AS_OF, benchStudents, type BenchStudent } from './immunizations-histories';
import type { Benchmark } from './registry';
import { openBenchDb } from './sync/server';

/**
 * npm run bench -- immunizations [--students N] [--schools N] [--seed N]
 *
 * --students students (15,000) K-12 over --schools schools (20), each with a full school-age history of the routine
 * childhood schedule (immunizations-histories.ts: combination vaccines 110/120/130/94, some doses late, early,
 * missing or twice), loaded into the real students and vaccinations tables (one row per series a dose counts toward,
 * as the seed keeps them; the sync capture triggers disabled for the bulk load). Measured in the same run:
 * - read_histories (the limit): one plain SELECT of every vaccination of those students with their birth date and
 *   sex, grouped by student in JS (a combination dose's rows made one dose again by date, CVX and lot);
 * - assess: the same read, then CDC's CDSi evaluation and forecast of every vaccine group (assessPatient) for every
 *   student, with the per-patient p50/p95 of assessPatient alone; the ratio to the read.
 * The supporting data is read once before (load_supporting_data). PostgreSQL at TEST_DATABASE_URL (a fresh database,
 * dropped after), else PGlite in memory. Aim: assess under 5 s for 15,000 students.
 * - refresh_dashboard: the same district's schools put in California (the shipped school-entry rules, CDC's release
 *   stored as `serve` stores it), then its compliance dashboard refreshed school by school as the nightly job does
 *   (refreshDistrictDashboard: read, CDC's evaluation, California's rules, the summary, the snapshot written and the
 *   view refreshed in one transaction per school), against read_inputs: the same students, doses and exemptions read
 *   plainly in the same run. Aim: under 10 s.
 */
const options = z.strictObject({
  students: z.coerce.number().int().min(10).max(200_000).default(15_000),
  schools: z.coerce.number().int().min(1).max(500).default(20),
  seed: z.coerce.number().int().min(0).default(12),
});

function parse(args: readonly string[]): z.infer<typeof options> {
  const o: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 2) {
    const k = args[i] ?? '';
    if (!k.startsWith('--') || args[i + 1] === undefined)
      throw new Error(`immunizations bench: bad argument ${k}`);
    o[k.slice(2)] = args[i + 1] ?? '';
  }
  const r = options.safeParse(o);
  if (!r.success)
    throw new Error(
      `immunizations bench: ${r.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return r.data;
}

const AIM_SECONDS = 5;
const sec = (ms: number) => Number((ms / 1000).toFixed(3));
const LOAD_ROWS = 20_000;

/** students and vaccinations rows, loaded with unnest (LOAD_ROWS a statement). */
async function load(
  db: Kysely<ServerDatabase>,
  students: readonly BenchStudent[],
  schools: number,
  districtId: string,
): Promise<number> {
  await sql`INSERT INTO schools (id, district_id, name, school_code)
    SELECT 'sch-' || s, ${districtId}, 'School ' || s, 'S' || s FROM generate_series(1, ${schools}::int) s`.execute(
    db,
  );
  await sql`ALTER TABLE students DISABLE TRIGGER USER`.execute(db);
  await sql`ALTER TABLE vaccinations DISABLE TRIGGER USER`.execute(db);
  const school = (i: number) => `sch-${1 + (i % schools)}`;
  for (let i = 0; i < students.length; i += LOAD_ROWS) {
    const batch = students.slice(i, i + LOAD_ROWS);
    await sql`INSERT INTO students (id, district_id, school_id, student_number, first_name, last_name, date_of_birth, sex, grade_level)
      SELECT id, ${districtId}, school_id, id, 'Kid', 'Bench', dob::date, sex, grade
      FROM unnest(${batch.map((s) => s.id)}::text[], ${batch.map((_, j) => school(i + j))}::text[],
                  ${batch.map((s) => s.dob)}::text[], ${batch.map((s) => s.sex)}::text[], ${batch.map((s) => s.grade)}::text[])
           AS t(id, school_id, dob, sex, grade)`.execute(db);
  }
  const cols = {
    id: [] as string[],
    student: [] as string[],
    type: [] as string[],
    cvx: [] as string[],
    mvx: [] as (string | null)[],
    name: [] as string[],
    n: [] as number[],
    date: [] as string[],
    lot: [] as string[],
    school: [] as string[],
  };
  let rows = 0;
  const flush = async () => {
    if (cols.id.length === 0) return;
    await sql`INSERT INTO vaccinations (id, student_id, vaccine_type, cvx_code, mvx_code, vaccine_name, dose_number,
                administration_date, lot_number, source, registry_status, school_id)
      SELECT id, student_id, vaccine_type, cvx, mvx, name, n, d::date, lot, 'HISTORICAL', 'NOT_REQUIRED', school_id
      FROM unnest(${cols.id}::text[], ${cols.student}::text[], ${cols.type}::text[], ${cols.cvx}::text[], ${cols.mvx}::text[],
                  ${cols.name}::text[], ${cols.n}::int[], ${cols.date}::text[], ${cols.lot}::text[], ${cols.school}::text[])
           AS t(id, student_id, vaccine_type, cvx, mvx, name, n, d, lot, school_id)`.execute(db);
    for (const c of Object.values(cols)) c.length = 0;
  };
  for (let i = 0; i < students.length; i++) {
    const s = students[i]!;
    const count = new Map<string, number>();
    for (const d of s.doses)
      for (const series of d.series) {
        const n = (count.get(series) ?? 0) + 1;
        count.set(series, n);
        cols.id.push(`vac-${++rows}`);
        cols.student.push(s.id);
        cols.type.push(series);
        cols.cvx.push(d.cvx);
        cols.mvx.push(d.mvx);
        cols.name.push(d.name);
        cols.n.push(n);
        cols.date.push(d.date);
        cols.lot.push(d.lot);
        cols.school.push(school(i));
      }
    if (cols.id.length >= LOAD_ROWS) await flush();
  }
  await flush();
  await sql`ALTER TABLE vaccinations ENABLE TRIGGER USER`.execute(db);
  await sql`ALTER TABLE students ENABLE TRIGGER USER`.execute(db);
  await sql`ANALYZE`.execute(db);
  return rows;
}

interface History {
  readonly birthDate: string;
  readonly gender: Gender;
  readonly doses: AdministeredDose[];
  readonly seen: Set<string>;
}

const GENDER: Readonly<Record<string, Gender>> = { F: 'Female', M: 'Male' };

/** One SELECT of every vaccination with its student's birth date and sex, grouped by student. */
async function readHistories(
  db: Kysely<ServerDatabase>,
): Promise<{ histories: Map<string, History>; rows: number }> {
  const r = await sql<{
    student_id: string;
    date_of_birth: string;
    sex: string;
    administration_date: string;
    cvx_code: string;
    mvx_code: string | null;
    lot_number: string | null;
  }>`SELECT v.student_id, s.date_of_birth, s.sex, v.administration_date, v.cvx_code, v.mvx_code, v.lot_number
     FROM vaccinations v JOIN students s ON s.id = v.student_id
     WHERE v.deleted_at IS NULL AND s.deleted_at IS NULL`.execute(db);
  const histories = new Map<string, History>();
  for (const row of r.rows) {
    let h = histories.get(row.student_id);
    if (h === undefined) {
      h = { birthDate: row.date_of_birth, gender: GENDER[row.sex] ?? 'Unknown', doses: [], seen: new Set() };
      histories.set(row.student_id, h);
    }
    // a combination dose is one row per series: one dose again
    const key = `${row.administration_date}|${row.cvx_code}|${row.lot_number ?? ''}`;
    if (h.seen.has(key)) continue;
    h.seen.add(key);
    h.doses.push({ date: row.administration_date, cvx: row.cvx_code, mvx: row.mvx_code });
  }
  return { histories, rows: r.rows.length };
}

const DASHBOARD_AIM_SECONDS = 10;

/** The compliance dashboard's refresh of the whole district, and the plain read of what it reads. */
async function refreshDashboardLine(
  db: Kysely<ServerDatabase>,
  districtId: string,
  students: number,
  emit: Parameters<Benchmark['run']>[1],
  base: { database: string },
): Promise<void> {
  await ensureSupportingData(db);
  await loadShippedSchoolEntry(db);
  await db.updateTable('schools').set({ state: 'CA' }).where('district_id', '=', districtId).execute();
  const readInputs = async () => {
    const st = await sql`SELECT id, school_id, date_of_birth, sex, grade_level, enrollment_date FROM students
      WHERE enrollment_status = 'ACTIVE' AND deleted_at IS NULL`.execute(db);
    const v =
      await sql`SELECT student_id, cvx_code, mvx_code, administration_date, lot_number FROM vaccinations
      WHERE deleted_at IS NULL ORDER BY student_id, administration_date, id`.execute(db);
    const x = await sql`SELECT student_id, exemption_type, vaccine_type, start_date, end_date, document_id
      FROM immunization_exemptions WHERE deleted_at IS NULL`.execute(db);
    return st.rows.length + v.rows.length + x.rows.length;
  };
  await readInputs(); // warm-up
  const r0 = performance.now();
  const rows = await readInputs();
  const readMs = performance.now() - r0;
  emit({ ...base, measurement: 'read_inputs', rows, seconds: sec(readMs) });
  const clock = { now: () => new Date(`${AS_OF}T12:00:00Z`) };
  const d0 = performance.now();
  const r = await refreshDistrictDashboard(db, clock, districtId);
  const ms = performance.now() - d0;
  if (r.failed.length > 0) throw new Error(`refresh failed: ${JSON.stringify(r.failed)}`);
  const evaluated = r.refreshed.reduce((n, x) => n + x.studentsEvaluated, 0);
  if (evaluated !== students) throw new Error(`refreshed ${evaluated} students, expected ${students}`);
  const counts = await sql<{ n: number; compliant: number; total: number }>`SELECT count(*)::int AS n,
      sum(compliant_count) FILTER (WHERE vaccine_type = 'ALL')::int AS compliant,
      sum(total_students) FILTER (WHERE vaccine_type = 'ALL')::int AS total
    FROM compliance_dashboard_cache`.execute(db);
  emit({
    ...base,
    measurement: 'refresh_dashboard',
    schools: r.refreshed.length,
    students: evaluated,
    cache_rows: counts.rows[0]?.n ?? 0,
    students_counted: counts.rows[0]?.total ?? 0,
    students_compliant: counts.rows[0]?.compliant ?? 0,
    seconds: sec(ms),
    read_inputs_seconds: sec(readMs),
    ratio_to_read: Number((ms / readMs).toFixed(2)),
    aim_seconds: DASHBOARD_AIM_SECONDS,
    within_aim: ms / 1000 < DASHBOARD_AIM_SECONDS,
    load_avg_1m: Number((loadavg()[0] ?? 0).toFixed(1)),
  });
}

const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

export const immunizationsBench: Benchmark = {
  description:
    "CDC's CDSi evaluation + forecast of 15,000 students' full histories, vs reading those histories; the district's compliance dashboard refresh, vs reading its inputs",
  async run(args, emit) {
    const o = parse(args);
    const url = process.env.TEST_DATABASE_URL;
    const bdb = await openBenchDb(url);
    const db = bdb.handle.db;
    const base = { database: bdb.kind };
    try {
      emit({
        ...base,
        measurement: 'setup',
        note: url
          ? `PostgreSQL (${bdb.handle.description}), fresh database`
          : 'PGlite in memory (TEST_DATABASE_URL not set)',
        cpus: cpus().length,
        load_avg_1m: Number((loadavg()[0] ?? 0).toFixed(1)),
        node: process.version,
      });
      await migrateServerToLatest(db);
      const admin = await createUser(db, {
        email: 'bench.admin@example.org',
        role: 'DISTRICT_ADMIN',
        password: 'bench password bench password',
        firstName: 'Bench',
        lastName: 'Admin',
        newDistrict: { name: 'Bench District', stateCode: 'NJ' },
      });
      const g0 = performance.now();
      const students = benchStudents(o.students, o.seed);
      const rows = await load(db, students, o.schools, admin.districtId);
      const doses = students.reduce((n, s) => n + s.doses.length, 0);
      emit({
        ...base,
        measurement: 'generate',
        students: o.students,
        doses,
        vaccination_rows: rows,
        seconds: sec(performance.now() - g0),
      });

      const s0 = performance.now();
      const loaded = await readSupportingData();
      emit({
        ...base,
        measurement: 'load_supporting_data',
        version: loaded.version,
        seconds: sec(performance.now() - s0),
      });

      await readHistories(db); // warm-up: both timed runs find the same pages cached
      const r0 = performance.now();
      const read = await readHistories(db);
      const readMs = performance.now() - r0;
      if (read.histories.size !== o.students)
        throw new Error(`read ${read.histories.size} students, expected ${o.students}`);
      emit({
        ...base,
        measurement: 'read_histories',
        students: read.histories.size,
        rows: read.rows,
        seconds: sec(readMs),
        load_avg_1m: Number((loadavg()[0] ?? 0).toFixed(1)),
      });

      const a0 = performance.now();
      const cpu0 = process.cpuUsage();
      const again = await readHistories(db);
      const perPatient: number[] = [];
      let notComplete = 0;
      let forecasts = 0;
      let problems = 0;
      let assessedDoses = 0;
      for (const h of again.histories.values()) {
        const p0 = performance.now();
        const a = assessPatient(loaded.data, {
          birthDate: h.birthDate,
          gender: h.gender,
          assessmentDate: AS_OF,
          doses: h.doses,
        });
        perPatient.push(performance.now() - p0);
        assessedDoses += h.doses.length;
        problems += a.problems.length;
        let due = false;
        for (const g of a.vaccineGroups) {
          if (g.forecast !== null) forecasts++;
          if (g.evaluation.seriesStatus === 'Not Complete') due = true;
        }
        if (due) notComplete++;
      }
      const ms = performance.now() - a0;
      const cpu = process.cpuUsage(cpu0);
      perPatient.sort((x, y) => x - y);
      emit({
        ...base,
        measurement: 'assess',
        students: again.histories.size,
        vaccination_rows: again.rows,
        doses: assessedDoses,
        students_with_a_group_due: notComplete,
        group_forecasts: forecasts,
        history_problems: problems,
        seconds: sec(ms),
        cpu_seconds: sec((cpu.user + cpu.system) / 1000),
        per_patient_p50_ms: Number(quantile(perPatient, 0.5).toFixed(3)),
        per_patient_p95_ms: Number(quantile(perPatient, 0.95).toFixed(3)),
        read_histories_seconds: sec(readMs),
        ratio_to_read: Number((ms / readMs).toFixed(2)),
        aim_seconds: AIM_SECONDS,
        within_aim: ms / 1000 < AIM_SECONDS,
        load_avg_1m: Number((loadavg()[0] ?? 0).toFixed(1)),
      });
      await refreshDashboardLine(db, admin.districtId, o.students, emit, base);
    } finally {
      await bdb.close();
    }
  },
};
