import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { createUser } from '../../server-sync/auth/users';
import { migrateServerToLatest } from '../../server-sync/db/migrate';
import { installDefaultPatterns, scanOutbreaks } from '../../server-sync/outbreaks';
import { addDay, SERIES_DAYS } from '../../src-shared/outbreaks';
import type { Benchmark } from './registry';
import { openBenchDb } from './sync/server';

/**
 * npm run bench -- outbreaks [--rows N] [--schools N] [--students N]
 *
 * One district of --schools schools (20) with --students enrolled each (1,000), the default patterns, and --rows
 * symptom_tracking rows (1,000,000) with onsets over the SERIES_DAYS + 1 days the scan reads, so the scan has to
 * go through every row: mostly ordinary complaints, a few percent matching a pattern, one planted GI burst. Loaded
 * with INSERT ... SELECT generate_series (the sync capture triggers are disabled for the load: a bulk load, not
 * workstation writes). Measured in the same run: a full scan of every school and pattern (the first, which writes
 * the alerts, and a repeat, which brings them up to date), and the limit: reading the same rows (school_id,
 * symptom_onset_date, symptoms) from the same database into this process. PostgreSQL at TEST_DATABASE_URL (a
 * fresh database, dropped after), else PGlite in memory. Aim: the scan under 2 s.
 */
const options = z.strictObject({
  rows: z.coerce.number().int().min(1000).default(1_000_000),
  schools: z.coerce.number().int().min(1).max(500).default(20),
  students: z.coerce.number().int().min(10).default(1000),
});

function parse(args: readonly string[]): z.infer<typeof options> {
  const o: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 2) {
    const k = args[i] ?? '';
    if (!k.startsWith('--') || args[i + 1] === undefined) throw new Error(`outbreaks bench: bad argument ${k}`);
    o[k.slice(2)] = args[i + 1] ?? '';
  }
  const r = options.safeParse(o);
  if (!r.success) throw new Error(`outbreaks bench: ${r.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}

const AS_OF = '2026-03-05';
const AIM_SECONDS = 2;
const sec = (ms: number) => Number((ms / 1000).toFixed(3));

export const outbreaksBench: Benchmark = {
  description: 'outbreak scan of 20 schools x every pattern over 1,000,000 symptom rows, vs reading those rows',
  async run(args, emit) {
    const o = parse(args);
    const url = process.env.TEST_DATABASE_URL;
    const bdb = await openBenchDb(url);
    const db = bdb.handle.db;
    try {
      emit({
        database: bdb.kind,
        measurement: 'setup',
        note: url ? `PostgreSQL (${bdb.handle.description}), fresh database` : 'PGlite in memory (TEST_DATABASE_URL not set)',
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
      const t0 = performance.now();
      await sql`INSERT INTO schools (id, district_id, name, school_code)
        SELECT 'sch-' || s, ${admin.districtId}, 'School ' || s, 'S' || s FROM generate_series(1, ${o.schools}::int) s`.execute(db);
      await sql`ALTER TABLE students DISABLE TRIGGER USER`.execute(db);
      await sql`ALTER TABLE symptom_tracking DISABLE TRIGGER USER`.execute(db);
      await sql`INSERT INTO students (id, district_id, school_id, student_number, first_name, last_name, date_of_birth, grade_level)
        SELECT 'stu-' || s || '-' || n, ${admin.districtId}, 'sch-' || s, s || '-' || n, 'Kid', 'N' || n, DATE '2016-05-01',
               (ARRAY['K','1','2','3','4','5'])[1 + n % 6]
        FROM generate_series(1, ${o.schools}::int) s, generate_series(1, ${o.students}::int) n`.execute(db);
      await installDefaultPatterns(db, new Date(`${AS_OF}T00:00:00Z`), admin.id, uuidv7);
      const first = addDay(AS_OF, -SERIES_DAYS);
      // r picks the complaint: 0.1% GI, 0.1% ILI, 0.01% febrile rash, 0.05% conjunctivitis, the rest ordinary
      await sql`INSERT INTO symptom_tracking (id, student_id, school_id, reported_date, symptom_onset_date, symptoms,
                  student_grade_level, location_at_onset)
        SELECT 'sym-' || i, 'stu-' || sc || '-' || st, 'sch-' || sc, d + TIME '10:00', d,
          CASE WHEN r < 0.001 THEN '{"vomiting": true, "nausea": true}'::jsonb
               WHEN r < 0.002 THEN '{"fever": true, "temp_f": 101.2, "cough": true}'::jsonb
               WHEN r < 0.0021 THEN '{"rash": true, "fever": true}'::jsonb
               WHEN r < 0.0026 THEN '{"eye_redness": true, "eye_discharge": true}'::jsonb
               WHEN r < 0.5 THEN '{"headache": true, "temp_f": 98.6}'::jsonb
               ELSE '{"abdominal_pain": true, "fatigue": true}'::jsonb END,
          (ARRAY['K','1','2','3','4','5'])[1 + st % 6], (ARRAY['Classroom','Cafeteria','Gym'])[1 + i % 3]
        FROM (SELECT i, 1 + i % ${o.schools}::int AS sc, 1 + (i::bigint * 7919) % ${o.students}::int AS st,
                     ${first}::date + (i % ${SERIES_DAYS + 1}::int) AS d, random() AS r
              FROM generate_series(1, ${o.rows}::int) i) g`.execute(db);
      // the planted outbreak: 25 students of school 1 with vomiting on the as-of day
      await sql`INSERT INTO symptom_tracking (id, student_id, school_id, reported_date, symptom_onset_date, symptoms, student_grade_level, location_at_onset)
        SELECT 'burst-' || n, 'stu-1-' || n, 'sch-1', ${AS_OF}::date + TIME '11:00', ${AS_OF}::date, '{"vomiting": true}'::jsonb, '2', 'Cafeteria'
        FROM generate_series(1, 25) n`.execute(db);
      await sql`ALTER TABLE symptom_tracking ENABLE TRIGGER USER`.execute(db);
      await sql`ALTER TABLE students ENABLE TRIGGER USER`.execute(db);
      await sql`ANALYZE`.execute(db);
      const genMs = performance.now() - t0;
      const total = o.rows + 25;
      emit({ database: bdb.kind, measurement: 'generate', rows: total, schools: o.schools, seconds: sec(genMs) });

      // the limit: the rows themselves, read into this process
      const r0 = performance.now();
      const read = await sql<{
        school_id: string;
      }>`SELECT school_id, symptom_onset_date, symptoms FROM symptom_tracking`.execute(db);
      const readMs = performance.now() - r0;
      if (read.rows.length !== total) throw new Error(`read ${read.rows.length} rows, expected ${total}`);
      emit({ database: bdb.kind, measurement: 'read_rows', rows: read.rows.length, seconds: sec(readMs) });

      const clock = { now: () => new Date(`${AS_OF}T18:00:00Z`) };
      for (const run of ['scan_first', 'scan_repeat'] as const) {
        bdb.stats.reset();
        const s0 = performance.now();
        const r = await scanOutbreaks(db, clock, { asOf: AS_OF });
        const ms = performance.now() - s0;
        bdb.stats.freeze();
        emit({
          database: bdb.kind,
          measurement: run,
          rows: total,
          school_patterns: r.evaluated,
          alerts_created: r.created.length,
          alerts_updated: r.updated.length,
          seconds: sec(ms),
          read_rows_seconds: sec(readMs),
          ratio_to_read: Number((ms / readMs).toFixed(2)),
          aim_seconds: AIM_SECONDS,
          within_aim: ms / 1000 < AIM_SECONDS,
        });
        for (const t of bdb.stats.top(5))
          emit({ database: bdb.kind, measurement: `${run}_statement`, statement: t.label, calls: t.calls, seconds: sec(t.ms) });
      }
    } finally {
      await bdb.close();
    }
  },
};
