import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { buildServer, type BuildServerOptions } from '../../../server-sync/app';
import { createUser } from '../../../server-sync/auth/users';
import { openServerDb, type ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { loadMedicationSafety, readDataset } from '../../../server-sync/medication-safety';
import type { MedicationSafetyDataset } from '../../../src-shared/medication-safety';
import {
  createWorkstationCore,
  type WorkstationCore,
  type WorkstationCoreOptions,
} from '../../../src-main/workstation/core';
import { passphraseProtector } from '../../../src-main/workstation/keys/passphrase';
import { localTime } from '../../../src-shared/time';
import { IpcError } from '../../../src-shared/ipc/errors';

/**
 * A real district server (PGlite, buildServer, listening on 127.0.0.1) with a small, known school: a nurse with a
 * password, students with names worth searching for, a penicillin allergy, a formulary with amoxicillin (Rx),
 * ibuprofen and acetaminophen (OTC), medication orders (one scheduled at the current minute, school time), visit reasons and an
 * MMR requirement. The server can be stopped and started again on the same port (offline tests).
 */

export const PASSWORD = 'correct horse battery staple';
export const TZ = 'America/New_York';

/** Fast argon2id for key slots in tests (the production default is the OWASP baseline). */
export const testPassphrase = () => passphraseProtector({ memoryKiB: 1024, passes: 1, lanes: 1 });

export interface District {
  readonly url: string;
  readonly h: ServerDbHandle;
  readonly schoolId: string;
  readonly nurse: { id: string; email: string };
  readonly nurse2: { id: string; email: string };
  readonly admin: { id: string; email: string };
  readonly students: Readonly<Record<string, string>>;
  readonly meds: { amoxicillin: string; ibuprofen: string; acetaminophen: string; cetirizine: string };
  readonly orders: { anaAmoxicillin: string; benAcetaminophen: string };
  readonly reasons: { headache: string; fever: string };
  /** A one-time enrollment code for the school. */
  enrollmentCode(): Promise<string>;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

const config = {
  jwtSecret: 'workstation-test-secret-workstation-test-secret',
  accessTokenTtlSeconds: 15 * 60,
  refreshTokenTtlSeconds: 30 * 86_400,
  lockoutThreshold: 50,
  lockoutMinutes: 15,
  rateLimitMax: 1_000_000,
  loginRateLimitMax: 1_000_000,
  logLevel: 'silent' as const,
};

const STUDENTS: readonly [key: string, first: string, last: string, dob: string, grade: string][] = [
  ['ana', 'Ana', 'Diaz', '2014-03-02', '6'],
  ['ben', 'Benjamin', 'Okafor', '2015-07-19', '5'],
  ['jonathan', 'Jonathan', 'Smith', '2013-11-30', '7'],
  ['zoe', 'Zoë', "O'Brien", '2016-01-05', '4'],
  ['maria', 'María', 'García-López', '2014-09-14', '6'],
  ['kai', 'Kai', 'Nakamura', '2017-05-23', '3'],
  ['lily', 'Lily', 'Chen', '2018-02-11', 'K'],
  ['sam', 'Samuel', 'Johnson', '2012-12-01', '8'],
  ['sara', 'Sara', 'Johnston', '2012-06-18', '8'],
  ['noah', 'Noah', 'Williams', '2015-04-04', '5'],
];

let dataset: Promise<MedicationSafetyDataset> | null = null;
/** The shipped dataset, read once per test file. */
export const shippedDataset = (): Promise<MedicationSafetyDataset> => (dataset ??= readDataset());

export async function startDistrict(
  o: { readonly registry?: BuildServerOptions['registry'] } = {},
): Promise<District> {
  const h = await openServerDb({ pgliteDir: ':memory:' });
  await migrateServerToLatest(h.db);
  const db = h.db;
  const admin = await createUser(db, {
    email: 'district.admin@example.org',
    role: 'DISTRICT_ADMIN',
    password: PASSWORD,
    firstName: 'Dana',
    lastName: 'Admin',
    newDistrict: { name: 'Test District', stateCode: 'OH' },
  });
  const districtId = admin.districtId;
  const schoolId = uuidv7();
  await db
    .insertInto('schools')
    .values({
      id: schoolId,
      district_id: districtId,
      name: 'Alpha Elementary',
      school_code: 'ALPHA',
      timezone: TZ,
    })
    .execute();
  const nurse = await createUser(db, {
    email: 'nurse.a@example.org',
    role: 'NURSE',
    password: PASSWORD,
    firstName: 'Nora',
    lastName: 'Nightingale',
    schools: ['ALPHA'],
  });
  const nurse2 = await createUser(db, {
    email: 'nurse.b@example.org',
    role: 'NURSE',
    password: PASSWORD,
    firstName: 'Clara',
    lastName: 'Barton',
    schools: ['ALPHA'],
  });
  const students: Record<string, string> = {};
  let n = 1000;
  for (const [key, first, last, dob, grade] of STUDENTS) {
    const id = uuidv7();
    students[key] = id;
    await db
      .insertInto('students')
      .values({
        id,
        district_id: districtId,
        school_id: schoolId,
        student_number: `S${n++}`,
        first_name: first,
        last_name: last,
        date_of_birth: dob,
        grade_level: grade as 'K',
      })
      .execute();
  }
  const drug = async (
    name: string,
    rxnorm: string,
    cls: 'ANTIBIOTIC' | 'ANALGESIC' | 'ANTIHISTAMINE',
    sub: string,
  ) => {
    const id = uuidv7();
    await db
      .insertInto('drug_catalog')
      .values({
        id,
        drug_name: name,
        generic_name: name.toLowerCase(),
        rxnorm_code: rxnorm,
        drug_class: cls,
        indications: `Test. Class: ${sub}.`,
      })
      .execute();
    return id;
  };
  const penicillin = await drug('Penicillin V', '7980', 'ANTIBIOTIC', 'PENICILLINS');
  await drug('Amoxicillin', '723', 'ANTIBIOTIC', 'PENICILLINS');
  await drug('Ibuprofen', '5640', 'ANALGESIC', 'NSAIDS');
  await drug('Acetaminophen', '161', 'ANALGESIC', 'ANALGESICS');
  await drug('Cetirizine', '20610', 'ANTIHISTAMINE', 'ANTIHISTAMINES');
  const med = async (name: string, generic: string, rxnorm: string, cls: string, otc: boolean) => {
    const id = uuidv7();
    await db
      .insertInto('medications')
      .values({
        id,
        name,
        generic_name: generic,
        rxnorm_code: rxnorm,
        drug_class: cls,
        is_otc: otc,
        route: 'oral',
      })
      .execute();
    return id;
  };
  // feature 48: the shipped medication-safety reference, loaded as the server loads it (the drugs above adopted by RxNorm)
  await loadMedicationSafety(db, await shippedDataset());
  const meds = {
    amoxicillin: await med('Amoxicillin 250 mg capsule', 'amoxicillin', '723', 'ANTIBIOTIC', false),
    ibuprofen: await med('Ibuprofen 200 mg tablet', 'ibuprofen', '5640', 'ANALGESIC', true),
    acetaminophen: await med('Acetaminophen 325 mg tablet', 'acetaminophen', '161', 'ANALGESIC', true),
    cetirizine: await med('Cetirizine 10 mg tablet', 'cetirizine', '20610', 'ANTIHISTAMINE', false),
  };
  const allergy = uuidv7();
  await db
    .insertInto('allergies')
    .values({
      id: allergy,
      student_id: students.ana!,
      school_id: schoolId,
      allergen: 'Penicillin',
      allergen_type: 'DRUG',
      severity: 'SEVERE',
      reaction: 'Hives, facial swelling',
    })
    .execute();
  await db
    .insertInto('student_drug_allergies_xref')
    .values({
      id: uuidv7(),
      student_id: students.ana!,
      allergy_id: allergy,
      drug_id: penicillin,
      drug_class: 'PENICILLINS',
      cross_reactive_drugs: JSON.stringify(['Amoxicillin', 'Cephalexin (use with caution)']),
      school_id: schoolId,
    })
    .execute();
  await db
    .insertInto('allergies')
    .values({
      id: uuidv7(),
      student_id: students.ben!,
      school_id: schoolId,
      allergen: 'Peanut',
      allergen_type: 'FOOD',
      severity: 'LIFE_THREATENING',
      epinephrine_required: true,
    })
    .execute();
  const order = async (student: string, medication: string, times: string[]) => {
    const id = uuidv7();
    await db
      .insertInto('student_medications')
      .values({
        id,
        student_id: student,
        medication_id: medication,
        dose: '1 tablet',
        route: 'oral',
        schedule_times: JSON.stringify(times),
        is_prn: times.length === 0,
        start_date: '2020-01-01',
        school_id: schoolId,
      })
      .execute();
    return id;
  };
  const orders = {
    anaAmoxicillin: await order(students.ana!, meds.amoxicillin, []),
    // scheduled at the current minute (school time), so today's dose is always due when the test runs
    benAcetaminophen: await order(students.ben!, meds.acetaminophen, [localTime(Date.now(), TZ)]),
  };
  const reason = async (code: string, name: string) => {
    const id = uuidv7();
    await db
      .insertInto('visit_reasons')
      .values({ id, reason_code: code, reason_name: name, reason_category: 'ILLNESS' })
      .execute();
    return id;
  };
  const reasons = { headache: await reason('HEADACHE', 'Headache'), fever: await reason('FEVER', 'Fever') };
  for (const dose of [1, 2]) {
    await db
      .insertInto('vaccination_schedules')
      .values({
        id: uuidv7(),
        state_code: 'OH',
        vaccine_type: 'MMR',
        dose_number: dose,
        minimum_age_months: dose === 1 ? 12 : 48,
        minimum_interval_days: dose === 1 ? null : 28,
        grade_level: 'K',
        required_for_enrollment: true,
      })
      .execute();
  }
  await db
    .insertInto('vaccinations')
    .values({
      id: uuidv7(),
      student_id: students.ana!,
      school_id: schoolId,
      vaccine_type: 'MMR',
      cvx_code: '03',
      administration_date: '2015-04-01',
      source: 'HISTORICAL',
    })
    .execute();

  let app: FastifyInstance | null = null;
  let port = 0;
  const start = async () => {
    app = buildServer({
      db: h,
      config,
      logStream: { write: () => undefined },
      ...(o.registry ? { registry: o.registry } : {}),
    });
    await app.listen({ port, host: '127.0.0.1' });
    const addr = app.server.address();
    port = typeof addr === 'object' && addr ? addr.port : port;
  };
  await start();
  const url = `http://127.0.0.1:${port}`;
  const adminToken = async () => {
    const res = await fetch(`${url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'district.admin@example.org', password: PASSWORD }),
    });
    if (!res.ok) throw new Error(`admin login: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { accessToken: string }).accessToken;
  };
  return {
    url,
    h,
    schoolId,
    nurse: { id: nurse.id, email: 'nurse.a@example.org' },
    nurse2: { id: nurse2.id, email: 'nurse.b@example.org' },
    admin: { id: admin.id, email: 'district.admin@example.org' },
    students,
    meds,
    orders,
    reasons,
    enrollmentCode: async () => {
      const res = await fetch(`${url}/admin/enrollment-codes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await adminToken()}` },
        body: JSON.stringify({ schoolId }),
      });
      if (!res.ok) throw new Error(`enrollment code: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { code: string }).code;
    },
    stop: async () => {
      await app?.close();
      app = null;
    },
    start,
    close: async () => {
      await app?.close();
      await h.close();
    },
  };
}

/** A clock the test moves: real time plus an offset (the server checks clock drift, so it stays near real time). */
export class TestClock {
  offset = 0;
  readonly now = (): number => Date.now() + this.offset;
  advance(ms: number): void {
    this.offset += ms;
  }
}

export function tempDir(prefix: string): { dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function makeCore(
  dataDir: string,
  overrides: Partial<WorkstationCoreOptions> = {},
): Promise<WorkstationCore> {
  return createWorkstationCore({
    dataDir,
    mode: 'browser',
    passphrase: testPassphrase(),
    keyProtection: 'passphrase',
    syncIntervalMs: 0,
    lockTimer: false,
    syncRetry: { maxAttempts: 1 },
    remoteTimeoutMs: 3_000,
    ...overrides,
  });
}

/** Enrolls a fresh core and waits for its first sync to finish. */
export async function enrollAndSync(
  core: WorkstationCore,
  d: District,
  email = d.nurse.email,
): Promise<void> {
  await core.call('app.enroll', {
    serverUrl: d.url,
    enrollmentCode: await d.enrollmentCode(),
    email,
    password: PASSWORD,
  });
  const s = await core.call('sync.now', {});
  if (s.lastError) throw new Error(`first sync failed: ${s.lastError}`);
}

/** The IpcError a call is refused with (fails the test when the call succeeds or throws something else). */
export async function refusal(p: Promise<unknown>): Promise<IpcError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof IpcError) return e;
    throw e;
  }
  throw new Error('expected the call to be refused');
}
