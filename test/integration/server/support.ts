import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { buildServer, type AppConfig } from '../../../server-sync/app';
import { createUser } from '../../../server-sync/auth/users';
import type { ServerDb, ServerDbHandle } from '../../../server-sync/db/connect';
import type { Clock } from '../../../server-sync/plugins/clock';

/** A clock the test moves by hand. */
export class TestClock implements Clock {
  private ms: number;
  constructor(start = '2026-11-20T12:00:00.000Z') {
    this.ms = Date.parse(start);
  }
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export const MINUTE = 60_000;

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    jwtSecret: 'test-secret-test-secret-test-secret-0123456789',
    accessTokenTtlSeconds: 15 * 60,
    refreshTokenTtlSeconds: 30 * 86_400,
    lockoutThreshold: 5,
    lockoutMinutes: 15,
    rateLimitMax: 10_000,
    loginRateLimitMax: 1_000,
    logLevel: 'silent',
    ...overrides,
  };
}

export const PASSWORD = 'correct horse battery staple';

export interface TestDistrict {
  readonly districtId: string;
  readonly schoolA: string;
  readonly schoolB: string;
  readonly nurseA: { id: string; email: string };
  readonly nurseB: { id: string; email: string };
  readonly adminA: { id: string; email: string };
  readonly districtAdmin: { id: string; email: string };
  readonly auditor: { id: string; email: string };
  readonly studentA: string;
  readonly studentB: string;
}

async function insertStudent(
  db: ServerDb,
  districtId: string,
  schoolId: string,
  n: number,
  lastName: string,
): Promise<string> {
  const id = uuidv7();
  await db
    .insertInto('students')
    .values({
      id,
      district_id: districtId,
      school_id: schoolId,
      student_number: `S${n}`,
      first_name: 'Sam',
      last_name: lastName,
      date_of_birth: '2014-03-02',
      grade_level: '6',
    })
    .execute();
  await db
    .insertInto('allergies')
    .values({
      id: uuidv7(),
      student_id: id,
      school_id: schoolId,
      allergen: 'Peanut',
      allergen_type: 'FOOD',
      severity: 'SEVERE',
    })
    .execute();
  await db
    .insertInto('health_conditions')
    .values({ id: uuidv7(), student_id: id, school_id: schoolId, condition_name: 'Asthma' })
    .execute();
  await db
    .insertInto('vaccinations')
    .values({
      id: uuidv7(),
      student_id: id,
      school_id: schoolId,
      vaccine_type: 'MMR',
      cvx_code: '03',
      administration_date: '2015-04-01',
      source: 'HISTORICAL',
    })
    .execute();
  return id;
}

/** A district with schools A and B, a nurse of each, a school admin of A, a district admin, an auditor, and one student per school. */
export async function makeDistrict(db: ServerDb): Promise<TestDistrict> {
  const admin = await createUser(db, {
    email: 'district.admin@example.org',
    role: 'DISTRICT_ADMIN',
    password: PASSWORD,
    firstName: 'Dana',
    lastName: 'Admin',
    newDistrict: { name: 'Test District', stateCode: 'NJ' },
  });
  const districtId = admin.districtId;
  const schoolA = uuidv7();
  const schoolB = uuidv7();
  await db
    .insertInto('schools')
    .values([
      { id: schoolA, district_id: districtId, name: 'Alpha Elementary', school_code: 'ALPHA' },
      { id: schoolB, district_id: districtId, name: 'Beta Middle', school_code: 'BETA' },
    ])
    .execute();
  const mk = async (email: string, role: 'NURSE' | 'SCHOOL_ADMIN' | 'AUDITOR', schools: string[]) => ({
    id: (await createUser(db, { email, role, password: PASSWORD, firstName: 'T', lastName: 'User', schools }))
      .id,
    email,
  });
  return {
    districtId,
    schoolA,
    schoolB,
    nurseA: await mk('nurse.a@example.org', 'NURSE', ['ALPHA']),
    nurseB: await mk('nurse.b@example.org', 'NURSE', ['BETA']),
    adminA: await mk('admin.a@example.org', 'SCHOOL_ADMIN', ['ALPHA']),
    districtAdmin: { id: admin.id, email: 'district.admin@example.org' },
    auditor: await mk('auditor@example.org', 'AUDITOR', []),
    studentA: await insertStudent(db, districtId, schoolA, 1, 'Alvarez'),
    studentB: await insertStudent(db, districtId, schoolB, 2, 'Bauer'),
  };
}

export function makeApp(
  h: ServerDbHandle,
  clock: Clock,
  overrides: Partial<AppConfig> = {},
  logStream?: { write(l: string): void },
): FastifyInstance {
  return buildServer({ db: h, config: testConfig(overrides), clock, ...(logStream ? { logStream } : {}) });
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  deviceId: string | null;
  user: { id: string; schoolIds: string[]; role: string };
}

export async function login(
  app: FastifyInstance,
  email: string,
  extra: Record<string, string> = {},
  password = PASSWORD,
): Promise<Tokens> {
  const r = await app.inject({ method: 'POST', url: '/auth/login', payload: { email, password, ...extra } });
  if (r.statusCode !== 200) throw new Error(`login ${email}: ${r.statusCode} ${r.body}`);
  return r.json<Tokens>();
}

export const bearer = (t: { accessToken: string }) => ({ authorization: `Bearer ${t.accessToken}` });

export function body<T = Record<string, unknown>>(r: LightMyRequestResponse): T {
  return r.json<T>();
}

/** Audit rows of an action, newest last (as owner). */
export async function auditRows(db: ServerDb, action: string) {
  const r = await sql<{
    user_id: string | null;
    device_id: string | null;
    school_id: string | null;
    table_name: string | null;
    record_id: string | null;
    ip_address: string | null;
    details: Record<string, unknown> | null;
  }>`SELECT user_id, device_id, school_id, table_name, record_id, ip_address, details FROM audit_logs WHERE action = ${action} ORDER BY chain_seq`.execute(
    db,
  );
  return r.rows;
}
