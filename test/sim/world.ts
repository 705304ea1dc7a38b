import type { FastifyInstance } from 'fastify';
import { createUser } from '../../server-sync/auth/users';
import type { ServerDb } from '../../server-sync/db/connect';
import type { Prng } from './prng';

/**
 * The simulated district, made on the real server: a district admin, schools with workstations (at least two
 * workstations per school, so they conflict) plus one school without any (its rows must never reach another
 * school's workstation), a nurse per school, students with a few health records each, and reference data
 * (visit reasons) that the pull carries to every workstation. Rows are written as the database owner, so the
 * capture triggers log them for the pull like any change made on the server.
 */

export const SIM_PASSWORD = 'sim password for the simulated district';

export interface SimSchool {
  readonly id: string;
  readonly code: string;
  readonly nurseEmail: string;
  readonly nurseId: string;
}

export interface SimWorld {
  readonly districtId: string;
  readonly adminEmail: string;
  readonly adminId: string;
  /** Schools with workstations first; the last one has none. */
  readonly schools: readonly SimSchool[];
  /** Ids of every student-data row the world made (by table), to tell a duplicated row from an expected one. */
  readonly rowIds: ReadonlyMap<string, ReadonlySet<string>>;
}

const FIRST = ['Ava', 'Liam', 'Mia', 'Noah', 'Zoe', 'Eli', 'Ivy', 'Leo', 'Ada', 'Max'];
const LAST = ['Lopez', 'Nguyen', 'Smith', 'Okafor', 'Kowalski', 'Haddad', 'Brown', 'Ito'];

export async function buildWorld(
  db: ServerDb,
  prng: Prng,
  options: { schoolsWithWorkstations: number; studentsPerSchool: number; nowMs: number },
): Promise<SimWorld> {
  const now = new Date(options.nowMs);
  let tick = options.nowMs - 86_400_000;
  const id = () => prng.uuid((tick += 1000));
  const admin = await createUser(
    db,
    {
      email: 'district.admin@sim.example',
      role: 'DISTRICT_ADMIN',
      password: SIM_PASSWORD,
      firstName: 'Dana',
      lastName: 'Admin',
      newDistrict: { name: 'Simulated District', stateCode: 'NJ' },
    },
    now,
  );
  const rowIds = new Map<string, Set<string>>();
  const keep = (table: string, rowId: string): string => {
    const set = rowIds.get(table) ?? new Set<string>();
    set.add(rowId);
    rowIds.set(table, set);
    return rowId;
  };
  const reasons = ['Illness', 'Injury', 'Medication', 'Screening'].map((name, i) => ({
    id: keep('visit_reasons', id()),
    reason_code: `R${i + 1}`,
    reason_name: name,
    display_order: i,
  }));
  await db.insertInto('visit_reasons').values(reasons).execute();

  const schools: SimSchool[] = [];
  const count = options.schoolsWithWorkstations + 1;
  for (let s = 0; s < count; s++) {
    const schoolId = keep('schools', id());
    const code = `SIM${s + 1}`;
    await db
      .insertInto('schools')
      .values({
        id: schoolId,
        district_id: admin.districtId,
        name: `Simulated School ${s + 1}`,
        school_code: code,
      })
      .execute();
    const nurseEmail = `nurse.${code.toLowerCase()}@sim.example`;
    const nurse = await createUser(
      db,
      {
        email: nurseEmail,
        role: 'NURSE',
        password: SIM_PASSWORD,
        firstName: 'Nora',
        lastName: code,
        schools: [code],
      },
      now,
    );
    schools.push({ id: schoolId, code, nurseEmail, nurseId: nurse.id });
    for (let n = 0; n < options.studentsPerSchool; n++) {
      const student = keep('students', id());
      await db
        .insertInto('students')
        .values({
          id: student,
          district_id: admin.districtId,
          school_id: schoolId,
          student_number: `${code}-${n + 1}`,
          first_name: prng.pick(FIRST),
          last_name: prng.pick(LAST),
          date_of_birth: `201${prng.int(0, 8)}-0${prng.int(1, 9)}-1${prng.int(0, 9)}`,
          grade_level: prng.pick(['K', '1', '2', '3', '4', '5'] as const),
        })
        .execute();
      const base = { student_id: student, school_id: schoolId };
      await db
        .insertInto('allergies')
        .values({
          id: keep('allergies', id()),
          ...base,
          allergen: prng.pick(['Peanut', 'Penicillin', 'Bee sting', 'Latex']),
          allergen_type: prng.pick(['FOOD', 'DRUG', 'INSECT', 'LATEX'] as const),
          severity: prng.pick(['MILD', 'SEVERE'] as const),
        })
        .execute();
      await db
        .insertInto('health_conditions')
        .values({
          id: keep('health_conditions', id()),
          ...base,
          condition_name: prng.pick(['Asthma', 'Diabetes type 1']),
        })
        .execute();
      await db
        .insertInto('vaccinations')
        .values({
          id: keep('vaccinations', id()),
          ...base,
          vaccine_type: 'MMR',
          cvx_code: '03',
          administration_date: '2016-04-01',
          source: 'HISTORICAL',
        })
        .execute();
      await db
        .insertInto('clinic_visits')
        .values({
          id: keep('clinic_visits', id()),
          ...base,
          arrival_time: new Date(options.nowMs - 3 * 86_400_000),
          presenting_complaint: 'stomach ache',
          attended_by_user_id: nurse.id,
          visit_reason_id: prng.pick(reasons).id,
          temperature_f: '98.60',
        })
        .execute();
    }
  }
  return {
    districtId: admin.districtId,
    adminEmail: 'district.admin@sim.example',
    adminId: admin.id,
    schools,
    rowIds,
  };
}

export interface Enrolled {
  readonly deviceId: string;
  readonly deviceSecret: string;
}

async function json<T>(
  app: FastifyInstance,
  method: 'POST',
  url: string,
  payload: unknown,
  token?: string,
): Promise<T> {
  const r = await app.inject({
    method,
    url,
    payload: payload as Record<string, unknown>,
    ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
  });
  if (r.statusCode >= 300) throw new Error(`sim setup: ${method} ${url}: ${r.statusCode} ${r.body}`);
  return r.json<T>();
}

export interface LoginTokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresIn: number;
}

export function login(app: FastifyInstance, email: string, device?: Enrolled): Promise<LoginTokens> {
  return json<LoginTokens>(app, 'POST', '/auth/login', {
    email,
    password: SIM_PASSWORD,
    ...(device ? { deviceId: device.deviceId, deviceSecret: device.deviceSecret } : {}),
  });
}

/** An admin issues a one-time code for the school; the workstation enrolls with it (as in production). */
export async function enrollWorkstation(
  app: FastifyInstance,
  adminToken: string,
  schoolId: string,
  name: string,
): Promise<Enrolled> {
  const code = await json<{ code: string }>(app, 'POST', '/admin/enrollment-codes', { schoolId }, adminToken);
  return json<Enrolled>(app, 'POST', '/devices/enroll', { code: code.code, name, platform: 'LINUX' });
}
