import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { v7 as uuidv7 } from 'uuid';
import { ipcContract } from '../../src-shared/ipc/contract';
import { refreshPlannerStatistics } from '../../src-main/db/open';
import { openLocalStore } from '../../src-main/store/open';
import { createWorkstationContext, type Actor } from '../../src-main/workstation/context';
import { studentsReader } from '../../src-main/workstation/students/read';
import { openAlerts, today, todayVisits } from '../../src-main/workstation/today/read';
import { medsDue } from '../../src-main/workstation/mar/read';
import { localDate } from '../../src-shared/time';
import { createVisit } from '../../src-main/workstation/clinic-visits/write';
import {
  retireSafetyBenchOrders,
  runSafetyBench,
  setupSafetyBench,
  type SafetyBenchSetup,
} from './medication-safety-bench';
import { shippedReferenceRows } from './medication-safety-reference';
import type { Benchmark, Measurement } from './registry';

/**
 * npm run bench -- workstation [--students 20000] [--years 5] [--runs 500]
 *
 * The workstation core on a real encrypted database holding one school with N students and Y years of clinic
 * history (visits, doses, class time, immunizations, allergies), written directly with the outbox guard opened
 * (a bench tool, like the sync bench). Measures what the nurse waits for, through the same feature modules the
 * IPC handlers call (arguments validated with the contract's zod schema first):
 * - students.search: typo'd names, student numbers and birth dates (p50/p95; the first call builds the index);
 * - clinicVisits.create with vitals, a stock dose (medication-safety check) and class time: one transaction with its
 *   outbox rows;
 * - medicationSafety.check for a student with 5 active orders, and mar.record GIVEN with its check (each with its
 *   ratio to the raw limit; the shipped medication-safety reference in the reference tables, as a pull leaves it);
 * - students.chart (p50/p95), today.get (p50/p95).
 * Aims (issue 4): search p95 < 15 ms, visit save p95 < 10 ms.
 */

const FIRST =
  'Olivia Liam Emma Noah Ava Oliver Sophia Elijah Isabella James Mia William Amelia Benjamin Harper Lucas Evelyn Henry Abigail Alexander Emily Mason Ella Michael Elizabeth Ethan Camila Daniel Luna Jacob Sofia Logan Avery Jackson Mila Levi Aria Sebastian Scarlett Mateo Penelope Jack Layla Owen Chloe Theodore Victoria Aiden Madison Samuel Eleanor Joseph Grace John Nora David Riley Wyatt Zoey Matthew Hannah Luke Hazel Asher Lily Carter Ellie Julian Violet Grayson Lillian Leo Zoe Jayden Stella Gabriel Aurora Isaac Natalie Lincoln Emilia Anthony Everly Hudson Leah Dylan Aubrey Ezra Willow Thomas Addison Charles Lucy Christopher Audrey Jaxon Bella Maverick Nova Josiah Brooklyn Isaiah Paisley Andrew Savannah Elias Claire Joshua Skylar Nathan Isla Caleb Genesis Ryan Naomi Adrian Elena Miles Caroline Eli Eliana Nolan Anna Christian Maya Aaron Valentina Cameron Ruby Ezekiel Kennedy Colton Ivy Luca Ariana Landon Aaliyah Hunter Cora Jonathan Madelyn Santiago Alice Axel Kinsley Easton Hailey Cooper Gabriella Jeremiah Allison Angel Gianna Roman Serenity Connor Samantha Jameson Sarah Robert Autumn Greyson Quinn Jordan Eva Ian Piper Carson Sophie Jaxson Sadie Leonardo Delilah Nicholas Josephine Dominic Nevaeh Austin Adeline Everett Arya Brooks Emery Xavier Lydia Kai Clara Jose Vivian Parker Madeline Adam Peyton Jace Julia Wesley Rylee Kayden Brielle Silas Reagan Bennett Natalia Declan Jade Waylon Athena Weston Maria Evan Leilani Emmett Everleigh Micah Liliana Ryder Melanie Beau Mackenzie Damian Hadley Harrison Raelynn Vincent Kaylee'.split(
    ' ',
  );
const LAST =
  'Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold Pierce Vazquez Hansen Peters Santos Hart Bradley Knight Elliott Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry Perkins Hoffman Johnston Matthews Pena Richards Contreras Willis Carpenter Lawrence Sandoval OBrien Nakamura Okafor Kowalski Novak Fischer'.split(
    ' ',
  );
/** Today is timed this many times per line: enough samples that its p95 is not the third-slowest of 50. */
const TODAY_RUNS = 200;

const GRADES = ['K', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'] as const;

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const arg = (args: string[], name: string, dflt: number): number => {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : dflt;
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive whole number`);
  return v;
};

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0) * 1000) / 1000;
};

function typo(r: () => number, w: string): string {
  if (w.length < 5) return w;
  const i = 1 + Math.floor(r() * (w.length - 3));
  return r() < 0.5 ? w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2) : w.slice(0, i) + w.slice(i + 1);
}

export const workstationBench: Benchmark = {
  description:
    'workstation core on the encrypted database: search, visit save with checks + outbox, chart, today',
  async run(args, emit) {
    const nStudents = arg(args, 'students', 20_000);
    const years = arg(args, 'years', 5);
    const runs = arg(args, 'runs', 500);
    const r = prng(4);
    const dir = mkdtempSync(join(tmpdir(), 'wc-bench-ws-'));
    const load = () => Math.round(loadavg()[0]! * 100) / 100;
    try {
      const deviceId = uuidv7();
      const store = await openLocalStore({
        file: join(dir, 'workstation.db'),
        key: randomBytes(32),
        deviceId,
      });
      const db = store.sqlite;
      const schoolId = uuidv7();
      const nurseId = uuidv7();
      const t0 = performance.now();
      const studentIds: string[] = [];
      const people: { id: string; first: string; last: string; number: string; dob: string }[] = [];
      let visits = 0;
      let referenceRows = 0;
      let safety: SafetyBenchSetup | null = null;
      const writeReference = await shippedReferenceRows();
      db.transaction(() => {
        db.prepare(`INSERT INTO sync_state (key, value) VALUES ('write_path.open', '1')`).run();
        db.prepare(
          `INSERT INTO schools (id, district_id, name, school_code, timezone) VALUES (?, 'd', 'Bench School', 'BENCH', 'America/New_York')`,
        ).run(schoolId);
        db.prepare(
          `INSERT INTO users (id, first_name, last_name, role, email) VALUES (?, 'Nora', 'Bench', 'NURSE', 'nurse@bench.example')`,
        ).run(nurseId);
        const meds = [
          'Ibuprofen 200 mg tablet|ibuprofen|5640|ANALGESIC|1',
          'Acetaminophen 325 mg tablet|acetaminophen|161|ANALGESIC|1',
          'Amoxicillin 250 mg capsule|amoxicillin|723|ANTIBIOTIC|0',
          'Albuterol HFA inhaler|albuterol|435|BRONCHODILATOR|0',
        ].map((line) => {
          const [name, generic, rx, cls, otc] = line.split('|') as [string, string, string, string, string];
          const id = uuidv7();
          db.prepare(
            `INSERT INTO medications (id, name, generic_name, rxnorm_code, drug_class, is_otc) VALUES (?, ?, ?, ?, ?, ?)`,
          ).run(id, name, generic, rx, cls, Number(otc));
          return id;
        });
        const reason = uuidv7();
        db.prepare(
          `INSERT INTO visit_reasons (id, reason_code, reason_name) VALUES (?, 'HEADACHE', 'Headache')`,
        ).run(reason);
        const insStudent = db.prepare(
          `INSERT INTO students (id, district_id, school_id, student_number, first_name, last_name, date_of_birth, grade_level) VALUES (?, 'd', ?, ?, ?, ?, ?, ?)`,
        );
        const insAllergy = db.prepare(
          `INSERT INTO allergies (id, student_id, allergen, allergen_type, severity, school_id) VALUES (?, ?, ?, ?, 'MODERATE', ?)`,
        );
        const insVax = db.prepare(
          `INSERT INTO vaccinations (id, student_id, vaccine_type, cvx_code, administration_date, source, school_id) VALUES (?, ?, ?, ?, ?, 'HISTORICAL', ?)`,
        );
        const insOrder = db.prepare(
          `INSERT INTO student_medications (id, student_id, medication_id, dose, route, schedule_times, start_date, school_id) VALUES (?, ?, ?, '1 tablet', 'oral', '["12:00"]', '2020-01-01', ?)`,
        );
        for (let i = 0; i < nStudents; i++) {
          const id = uuidv7();
          const first = FIRST[Math.floor(r() * FIRST.length)]!;
          const last = LAST[Math.floor(r() * LAST.length)]!;
          const gradeIdx = Math.floor(r() * GRADES.length);
          const year = 2020 - gradeIdx;
          const dob = `${year}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
          const number = `S${String(100000 + i)}`;
          insStudent.run(id, schoolId, number, first, last, dob, GRADES[gradeIdx]!);
          studentIds.push(id);
          people.push({ id, first, last, number, dob });
          if (r() < 0.12)
            insAllergy.run(
              uuidv7(),
              id,
              r() < 0.3 ? 'Penicillin' : 'Peanut',
              r() < 0.3 ? 'DRUG' : 'FOOD',
              schoolId,
            );
          for (let v = 0; v < 8; v++)
            insVax.run(
              uuidv7(),
              id,
              ['MMR', 'DTaP', 'IPV', 'HepB'][v % 4]!,
              '03',
              `${year + 1 + (v >> 2)}-0${1 + (v % 8)}-15`,
              schoolId,
            );
          if (r() < 0.03) insOrder.run(uuidv7(), id, meds[1]!, schoolId);
        }
        const insVisit = db.prepare(
          `INSERT INTO clinic_visits (id, student_id, arrival_time, departure_time, visit_reason_id, severity_triage, presenting_complaint, attended_by_user_id, school_id, return_to_class_time) VALUES (?, ?, ?, ?, ?, 'ROUTINE', 'Headache', ?, ?, ?)`,
        );
        const insDose = db.prepare(
          `INSERT INTO medication_administrations (id, student_id, medication_id, clinic_visit_id, administered_at, administration_status, dose_given, administered_by, school_id) VALUES (?, ?, ?, ?, ?, 'GIVEN', '200 mg', ?, ?)`,
        );
        const insMissed = db.prepare(
          `INSERT INTO class_time_missed (id, clinic_visit_id, student_id, minutes_missed, school_id) VALUES (?, ?, ?, ?, ?)`,
        );
        const start = Date.now() - years * 365 * 86_400_000;
        const perDay = Math.max(1, Math.round(nStudents / 200)); // ~100 visits a school day at 20,000 students
        for (let day = 0; day < years * 365; day++) {
          const date = new Date(start + day * 86_400_000);
          if (date.getUTCDay() === 0 || date.getUTCDay() === 6) continue;
          for (let k = 0; k < perDay; k++) {
            const id = uuidv7();
            const s = studentIds[Math.floor(r() * studentIds.length)]!;
            const at = new Date(date.getTime() + (13 + r() * 6) * 3_600_000);
            const back = new Date(at.getTime() + 20 * 60_000).toISOString();
            insVisit.run(id, s, at.toISOString(), back, reason, nurseId, schoolId, back);
            if (r() < 0.3)
              insDose.run(
                uuidv7(),
                s,
                meds[0]!,
                id,
                new Date(at.getTime() + 5 * 60_000).toISOString(),
                nurseId,
                schoolId,
              );
            if (r() < 0.5) insMissed.run(uuidv7(), id, s, 20, schoolId);
            visits++;
          }
        }
        referenceRows = writeReference(db);
        safety = setupSafetyBench(db, { schoolId, studentIds, runs, ibuprofen: meds[0]! });
        db.prepare(`DELETE FROM sync_state WHERE key = 'write_path.open'`).run();
      })();
      db.pragma('wal_checkpoint(TRUNCATE)');
      // the planner's statistics, as the store keeps them after a pull wrote rows
      refreshPlannerStatistics(db);
      emit({
        metric: 'setup',
        students: nStudents,
        visits,
        reference_rows: referenceRows,
        ms: Math.round(performance.now() - t0),
        db_mb: Math.round(statSync(join(dir, 'workstation.db')).size / 1e5) / 10,
        load: load(),
      });

      const ctx = createWorkstationContext({ store, schoolId, now: Date.now });
      const students = studentsReader(ctx);
      const actor: Actor = { userId: nurseId, name: 'Nora Bench', role: 'NURSE', breakGlass: false };
      const measure = (
        metric: string,
        n: number,
        fn: (i: number) => void,
        extra: Measurement = {},
      ): { p50: number; p95: number } => {
        const times: number[] = [];
        for (let i = 0; i < n; i++) {
          const a = performance.now();
          fn(i);
          times.push(performance.now() - a);
        }
        emit({
          metric,
          n,
          p50_ms: pct(times, 50),
          p95_ms: pct(times, 95),
          max_ms: pct(times, 100),
          load: load(),
          ...extra,
        });
        return { p50: pct(times, 50), p95: pct(times, 95) };
      };

      const b = performance.now();
      students.index();
      emit({
        metric: 'search.index_build',
        students: nStudents,
        ms: Math.round((performance.now() - b) * 10) / 10,
        load: load(),
      });
      const queries = Array.from({ length: runs }, () => {
        const p = people[Math.floor(r() * people.length)]!;
        const kind = r();
        if (kind < 0.6) return `${typo(r, p.first)} ${typo(r, p.last)}`;
        if (kind < 0.75) return p.last.slice(0, 4);
        if (kind < 0.9) return p.number;
        return p.dob;
      });
      let hits = 0;
      measure('students.search', runs, (i) => {
        const args = ipcContract['students.search'].args.parse({ query: queries[i] });
        hits += students.search(args).length;
      });
      emit({ metric: 'students.search.hits', avg: Math.round((hits / runs) * 10) / 10 });

      const ibuprofen = (
        db.prepare(`SELECT id FROM medications WHERE generic_name = 'ibuprofen'`).get() as { id: string }
      ).id;
      const before = store.sync.countUnacked();
      const save = measure('clinicVisits.create', runs, () => {
        const now = Date.now();
        const args = ipcContract['clinicVisits.create'].args.parse({
          studentId: studentIds[Math.floor(r() * studentIds.length)],
          arrivedAt: new Date(now - 20 * 60_000).toISOString(),
          reasonText: 'Headache',
          triage: 'ROUTINE',
          complaint: `Headache ${Math.floor(r() * 1e9)}`,
          vitals: { temperatureC: 37.1, heartRate: 88, systolic: 112, diastolic: 70 },
          medications: [
            {
              medicationId: ibuprofen,
              dose: '200 mg',
              route: 'oral',
              givenAt: new Date(now - 10 * 60_000).toISOString(),
              safetyOverride: { reason: 'bench: acknowledged' },
            },
          ],
          classTimeMissed: { period: '3', subject: 'Science', minutes: 20 },
          returnedToClassAt: new Date(now - 60_000).toISOString(),
        });
        createVisit(ctx, actor, args);
      });
      emit({
        metric: 'clinicVisits.create.outbox_rows',
        rows: store.sync.countUnacked() - before,
        expected: runs * 3,
      });

      // The raw limit of a visit save, same run: one transaction of plain prepared INSERTs of the same three rows
      // (visit, dose, class time) and their three outbox rows, no checks, no audit, no validation.
      const rawVisit = db.prepare(
        `INSERT INTO clinic_visits (id, student_id, arrival_time, departure_time, visit_reason_id, severity_triage, presenting_complaint, attended_by_user_id, school_id, return_to_class_time, vital_signs_taken, temperature_f, heart_rate, blood_pressure_systolic, blood_pressure_diastolic) VALUES (?, ?, ?, NULL, NULL, 'ROUTINE', ?, ?, ?, ?, 1, 98.8, 88, 112, 70)`,
      );
      const rawDose = db.prepare(
        `INSERT INTO medication_administrations (id, student_id, medication_id, clinic_visit_id, administered_at, administration_status, dose_given, administered_by, school_id) VALUES (?, ?, ?, ?, ?, 'GIVEN', '200 mg', ?, ?)`,
      );
      const rawMissed = db.prepare(
        `INSERT INTO class_time_missed (id, clinic_visit_id, student_id, minutes_missed, school_id) VALUES (?, ?, ?, 20, ?)`,
      );
      const rawOutbox = db.prepare(
        `INSERT INTO outbox (seq, table_name, row_id, operation, changed_columns, hlc, schema_version, created_at) VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM outbox), ?, ?, 'UPSERT', ?, ?, 1, ?)`,
      );
      const guardOpen = db.prepare(`INSERT INTO sync_state (key, value) VALUES ('write_path.open', '1')`);
      const guardClose = db.prepare(`DELETE FROM sync_state WHERE key = 'write_path.open'`);
      const rawSave = db.transaction((studentId: string, i: number) => {
        guardOpen.run();
        const now = new Date();
        const at = now.toISOString();
        const v = uuidv7();
        const d = uuidv7();
        const c = uuidv7();
        rawVisit.run(v, studentId, at, `Headache raw ${i}`, nurseId, schoolId, at);
        rawDose.run(d, studentId, ibuprofen, v, at, nurseId, schoolId);
        rawMissed.run(c, v, studentId, schoolId);
        for (const [t, id] of [
          ['clinic_visits', v],
          ['medication_administrations', d],
          ['class_time_missed', c],
        ] as const)
          rawOutbox.run(t, id, '{"id":1}', `${Date.now()}-0000-${deviceId}`, at);
        guardClose.run();
      });
      const rawTimes: number[] = [];
      for (let i = 0; i < runs; i++) {
        const a = performance.now();
        rawSave(studentIds[Math.floor(r() * studentIds.length)]!, i);
        rawTimes.push(performance.now() - a);
      }
      emit({
        metric: 'clinicVisits.create.raw_limit',
        n: runs,
        p50_ms: pct(rawTimes, 50),
        p95_ms: pct(rawTimes, 95),
        load: load(),
      });
      // how close the real save (zod, checks, safety check, audit chain, outbox) comes to the raw limit: 1 = equal
      emit({
        metric: 'clinicVisits.create.ratio_to_raw',
        p50: Math.round((pct(rawTimes, 50) / save.p50) * 100) / 100,
        p95: Math.round((pct(rawTimes, 95) / save.p95) * 100) / 100,
      });

      if (safety) {
        runSafetyBench(ctx, actor, safety, deviceId, measure, emit, pct);
        // Today with the safety lines' 2,500 extra orders (500 doses due every day), then without them
        measure('today.get.with_safety_orders', TODAY_RUNS, () => {
          today(ctx, actor);
        });
        retireSafetyBenchOrders(db, safety);
      }

      measure('students.chart', Math.min(runs, 300), () => {
        students.chart({ studentId: studentIds[Math.floor(r() * studentIds.length)]! }, actor);
      });
      measure('today.get', TODAY_RUNS, () => {
        today(ctx, actor);
      });
      // where Today's time goes: its three reads apart (visits and queue, doses due, open alerts)
      const date = localDate(ctx.now(), ctx.timeZone());
      measure('today.get.visits', TODAY_RUNS, () => {
        todayVisits(ctx, date);
      });
      measure('today.get.medsDue', TODAY_RUNS, () => {
        medsDue(ctx);
      });
      measure('today.get.alerts', TODAY_RUNS, () => {
        openAlerts(ctx, actor);
      });
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
