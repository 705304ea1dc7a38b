import type { Insertable, Transaction } from 'kysely';
import type { ServerDatabase } from '../../../src-shared/db/server-schema.generated';
import { createUser } from '../../../server-sync/auth/users';
import type { ServerDb } from '../../../server-sync/db/connect';
import { DAY_MS, GRADES, MEDICATIONS, Rng, VISIT_REASONS } from './random';
import { ORDER, addStudent, emptyBuffers, type Buffers, type StudentContext } from './school-rows';

/**
 * The sync benchmark's district, written straight into the real schema (every constraint, index, row-level
 * security policy and the sync capture triggers, which log each row in sync_changes as a real server write would).
 * A student brings about 80 synced rows over 5 school years: 2 guardians, ~10 vaccinations, ~6 clinic visits a year
 * with the class time they missed and the symptoms logged, an allergy or a chronic condition now and then, and for
 * one student in ten a daily medication with its administrations. So 2,500 students are ~200,000 rows.
 */

export const ROWS_PER_STUDENT = 80;
export const BENCH_PASSWORD = 'bench-password-not-a-secret';

export interface SchoolPlan {
  readonly students: number;
  readonly years: number;
}

export interface BenchSchool {
  readonly id: string;
  readonly code: string;
  readonly students: number;
  /** Rows of this school written (sync_changes it produced), by table. */
  readonly rows: Readonly<Record<string, number>>;
}

export interface BenchDistrict {
  readonly districtId: string;
  readonly schools: readonly BenchSchool[];
  /** Issues enrollment codes (DISTRICT_ADMIN). */
  readonly adminEmail: string;
  /** A nurse of every school: signs in on each enrolled workstation. */
  readonly nurseEmail: string;
  readonly password: string;
  /** District-wide reference rows written (medications, visit reasons, schools, users). */
  readonly referenceRows: number;
}

const chunkRows = (columns: number) => Math.max(1, Math.min(1000, Math.floor(60_000 / Math.max(1, columns))));

async function flush(
  trx: Transaction<ServerDatabase>,
  b: Buffers,
  counts: Record<string, number>,
): Promise<void> {
  for (const table of ORDER) {
    const rows = b[table] as Insertable<ServerDatabase['students']>[];
    const step = chunkRows(Object.keys(rows[0] ?? {}).length);
    for (let i = 0; i < rows.length; i += step) {
      await trx
        .insertInto(table as 'students')
        .values(rows.slice(i, i + step))
        .execute();
    }
    counts[table] = (counts[table] ?? 0) + rows.length;
  }
}

async function addReference(db: ServerDb, rng: Rng, asOfMs: number) {
  const at = new Date(asOfMs - 6 * 365 * DAY_MS);
  const medications = MEDICATIONS.map(([name, generic, strength, form, route]) => ({
    id: rng.id(at.getTime()),
    name,
    generic_name: generic,
    strength,
    dosage_form: form,
    route,
    created_at: at,
    updated_at: at,
  }));
  const reasons = VISIT_REASONS.map(([code, name, category], i) => ({
    id: rng.id(at.getTime()),
    reason_code: code,
    reason_name: name,
    reason_category: category,
    typical_duration_minutes: 15,
    display_order: i,
    created_at: at,
    updated_at: at,
  }));
  await db.insertInto('medications').values(medications).execute();
  await db.insertInto('visit_reasons').values(reasons).execute();
  return { medicationIds: medications.map((m) => m.id), reasonIds: reasons.map((r) => r.id) };
}

/**
 * Writes a district: an administrator, a nurse of every school (both with BENCH_PASSWORD), reference data, and the
 * schools of `plans` with their students' records. Deterministic for a given seed and asOf.
 */
export async function generateDistrict(
  db: ServerDb,
  options: { readonly seed: number; readonly asOf: Date; readonly schools: readonly SchoolPlan[] },
  onProgress?: (school: number, students: number, of: number) => void,
): Promise<BenchDistrict> {
  const rng = new Rng(options.seed);
  const asOfMs = options.asOf.getTime();
  const adminEmail = 'bench.admin@example.org';
  const nurseEmail = 'bench.nurse@example.org';
  const admin = await createUser(db, {
    email: adminEmail,
    role: 'DISTRICT_ADMIN',
    password: BENCH_PASSWORD,
    firstName: 'Bench',
    lastName: 'Admin',
    newDistrict: { name: 'Bench District', stateCode: 'NJ' },
  });
  const schools = options.schools.map((plan, i) => ({
    id: rng.id(asOfMs - 7 * 365 * DAY_MS),
    code: `B${String(i).padStart(3, '0')}`,
    plan,
  }));
  await db
    .insertInto('schools')
    .values(
      schools.map((s, i) => ({
        id: s.id,
        district_id: admin.districtId,
        name: `Bench School ${i}`,
        school_code: s.code,
        grade_levels: JSON.stringify(GRADES),
        city: 'Springfield',
        state: 'NJ',
      })),
    )
    .execute();
  const nurse = await createUser(db, {
    email: nurseEmail,
    role: 'NURSE',
    password: BENCH_PASSWORD,
    firstName: 'Bench',
    lastName: 'Nurse',
    schools: schools.map((s) => s.id),
  });
  const reference = await addReference(db, rng, asOfMs);
  const out: BenchSchool[] = [];
  for (const [i, s] of schools.entries()) {
    const ctx: StudentContext = {
      rng,
      asOfMs,
      districtId: admin.districtId,
      schoolId: s.id,
      schoolCode: s.code,
      nurseId: nurse.id,
      ...reference,
    };
    const counts: Record<string, number> = {};
    for (let from = 0; from < s.plan.students; from += 250) {
      const b = emptyBuffers();
      for (let n = from; n < Math.min(s.plan.students, from + 250); n++) addStudent(ctx, b, n, s.plan.years);
      await db.transaction().execute((trx) => flush(trx, b, counts));
      onProgress?.(i, Math.min(s.plan.students, from + 250), s.plan.students);
    }
    out.push({ id: s.id, code: s.code, students: s.plan.students, rows: counts });
  }
  return {
    districtId: admin.districtId,
    schools: out,
    adminEmail,
    nurseEmail,
    password: BENCH_PASSWORD,
    referenceRows: reference.medicationIds.length + reference.reasonIds.length + schools.length + 2,
  };
}
