import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer } from '../../../server-sync/app';
import { reportOptions, syncReportDefinitions } from '../../../server-sync/reports';
import { createUser } from '../../../server-sync/auth/users';
import { openServerDb, type ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { seedDemo } from '../../../server-sync/seed/demo';
import { simConfig } from '../../sim/sim';

/**
 * The real district server for the end-to-end run: PGlite in memory, migrated, the demo district (one school,
 * a few dozen students), a district admin and a nurse with passwords, and a known student with a penicillin
 * allergy. It listens on loopback; stop() and start() take it off the network and bring it back on the same
 * port with the same database (the workstation's "offline" scenario).
 */

export const E2E_PASSWORD = 'correct horse battery staple 42';

export interface FixtureStudent {
  readonly id: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly studentNumber: string;
  readonly birthDate: string;
}

export interface E2eDistrict {
  readonly h: ServerDbHandle;
  url(): string;
  readonly schoolId: string;
  readonly schoolName: string;
  /** the school's IANA time zone (the browser runs in it, like a nurse's computer) */
  readonly timeZone: string;
  /** Ana's daily medication order, due 10 minutes after the district started (shows on Today and the MAR) */
  readonly dueOrder: { readonly id: string; readonly medication: string; readonly time: string };
  readonly nurse: { readonly email: string; readonly password: string; readonly id: string };
  readonly admin: { readonly email: string; readonly password: string };
  /** a student of the nurse's school with drug allergies: penicillin (severe) and NSAIDs (moderate) */
  readonly allergic: FixtureStudent;
  /** an over-the-counter stock medication of the NSAID class (ibuprofen) */
  readonly ibuprofen: { readonly id: string; readonly name: string };
  /** a one-time enrollment code for the school (issued by the admin through the API) */
  enrollmentCode(): Promise<string>;
  /** POST as the admin or as a device-bound nurse session (for the second workstation). */
  inject<T>(method: 'GET' | 'POST', url: string, payload?: unknown, token?: string): Promise<T>;
  adminToken(): Promise<string>;
  stop(): Promise<void>;
  start(): Promise<void>;
  readonly running: boolean;
  close(): Promise<void>;
}

async function injectJson<T>(
  app: FastifyInstance,
  method: 'GET' | 'POST',
  url: string,
  payload?: unknown,
  token?: string,
): Promise<T> {
  const r = await app.inject({
    method,
    url,
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
  });
  if (r.statusCode >= 300) throw new Error(`e2e district: ${method} ${url}: ${r.statusCode} ${r.body}`);
  return r.json<T>();
}

export async function startE2eDistrict(options: { students?: number } = {}): Promise<E2eDistrict> {
  const h = await openServerDb({ pgliteDir: ':memory:' });
  await migrateServerToLatest(h.db);
  await seedDemo(h.db, { seed: 7, students: options.students ?? 40, years: 1, schools: 1, asOf: new Date() });
  // as `serve` and the demo server do at start: the district's and the workstation's report definitions
  await syncReportDefinitions(h.db, new Date());
  const school = await h.db
    .selectFrom('schools')
    .select(['id', 'name', 'school_code', 'district_id', 'timezone'])
    .orderBy('id')
    .executeTakeFirstOrThrow();

  const now = new Date();
  const adminEmail = 'dana.admin@e2e.example';
  const nurseEmail = 'nora.nurse@e2e.example';
  await createUser(h.db, {
    email: adminEmail,
    role: 'DISTRICT_ADMIN',
    password: E2E_PASSWORD,
    firstName: 'Dana',
    lastName: 'Admin',
  });
  const nurse = await createUser(h.db, {
    email: nurseEmail,
    role: 'NURSE',
    password: E2E_PASSWORD,
    firstName: 'Nora',
    lastName: 'Whitfield',
    schools: [school.id],
  });

  // The known student: written as the database owner, so the capture triggers log it for the pull.
  const allergic: FixtureStudent = {
    id: uuidv7(),
    firstName: 'Ana',
    lastName: 'Diaz',
    studentNumber: 'E2E-1001',
    birthDate: '2014-03-09',
  };
  await h.db
    .insertInto('students')
    .values({
      id: allergic.id,
      district_id: school.district_id,
      school_id: school.id,
      student_number: allergic.studentNumber,
      first_name: allergic.firstName,
      last_name: allergic.lastName,
      date_of_birth: allergic.birthDate,
      grade_level: '5',
      created_at: now,
      updated_at: now,
    })
    .execute();
  await h.db
    .insertInto('allergies')
    .values({
      id: uuidv7(),
      student_id: allergic.id,
      school_id: school.id,
      allergen: 'Penicillin',
      allergen_type: 'DRUG',
      severity: 'SEVERE',
      reaction: 'Hives and facial swelling',
      verified: true,
      created_at: now,
      updated_at: now,
    })
    .execute();

  await h.db
    .insertInto('allergies')
    .values({
      id: uuidv7(),
      student_id: allergic.id,
      school_id: school.id,
      allergen: 'NSAIDs',
      allergen_type: 'DRUG',
      severity: 'MODERATE',
      reaction: 'Wheezing',
      verified: true,
      created_at: now,
      updated_at: now,
    })
    .execute();

  // The school's stock (over the counter, given under the standing order) includes ibuprofen.
  let ibuprofen = await h.db
    .selectFrom('medications')
    .select(['id', 'name'])
    .where(sql<boolean>`lower(coalesce(generic_name, name)) like '%ibuprofen%'`)
    .where('is_otc', '=', true)
    .where('is_active', '=', true)
    .where('deleted_at', 'is', null)
    .orderBy('name')
    .executeTakeFirst();
  if (!ibuprofen) {
    ibuprofen = { id: uuidv7(), name: 'Ibuprofen 200 mg tablet' };
    await h.db
      .insertInto('medications')
      .values({
        id: ibuprofen.id,
        name: ibuprofen.name,
        generic_name: 'ibuprofen',
        strength: '200 mg',
        route: 'oral',
        drug_class: 'ANALGESIC',
        is_otc: true,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }

  // A daily order of Ana's, due in 10 minutes (school time): Today lists it as due, the MAR records it.
  const dueMed = await h.db
    .selectFrom('medications')
    .select(['id', 'name'])
    .where('is_active', '=', true)
    .where('deleted_at', 'is', null)
    .where(
      sql<boolean>`lower(coalesce(generic_name, name)) like '%albuterol%' or lower(name) like '%cetirizine%'`,
    )
    .orderBy('name')
    .executeTakeFirst();
  const med = dueMed ?? { id: uuidv7(), name: 'Cetirizine 10 mg tablet' };
  if (!dueMed)
    await h.db
      .insertInto('medications')
      .values({ id: med.id, name: med.name, generic_name: 'cetirizine', created_at: now, updated_at: now })
      .execute();
  // the core falls back to the computer's zone when the school has none
  const timeZone = school.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const due = new Date(now.getTime() + 10 * 60_000);
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(due);
  const localDay = new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
  const dueOrder = { id: uuidv7(), medication: med.name, time };
  await h.db
    .insertInto('student_medications')
    .values({
      id: dueOrder.id,
      student_id: allergic.id,
      medication_id: med.id,
      dose: /albuterol/i.test(med.name) ? '2 puffs' : '1 tablet',
      route: /albuterol/i.test(med.name) ? 'inhaled' : 'oral',
      frequency: 'daily at school',
      schedule_times: JSON.stringify([time]),
      start_date: localDay,
      prescriber_name: 'Dr. Priya Raman',
      parent_consent_on_file: true,
      school_id: school.id,
      created_at: now,
      updated_at: now,
    })
    .execute();

  // generated report PDFs (district reports) go under this folder, removed on close
  const reportsDir = mkdtempSync(join(tmpdir(), 'wc-e2e-reports-'));
  let app: FastifyInstance | undefined;
  let port = 0;
  let baseUrl = '';
  const listen = async () => {
    const next = buildServer({
      db: h,
      config: simConfig(),
      logStream: { write: () => undefined },
      reports: reportOptions({ dataDir: reportsDir, keyEncryptionKey: undefined, production: false }),
    });
    baseUrl = await next.listen({ port, host: '127.0.0.1' });
    port = Number(new URL(baseUrl).port);
    app = next;
  };
  await listen();
  const current = (): FastifyInstance => {
    if (!app) throw new Error('e2e district: the server is stopped');
    return app;
  };
  const adminToken = async () =>
    (
      await injectJson<{ accessToken: string }>(current(), 'POST', '/auth/login', {
        email: adminEmail,
        password: E2E_PASSWORD,
      })
    ).accessToken;

  return {
    h,
    url: () => baseUrl,
    schoolId: school.id,
    schoolName: school.name,
    timeZone,
    dueOrder,
    nurse: { email: nurseEmail, password: E2E_PASSWORD, id: nurse.id },
    admin: { email: adminEmail, password: E2E_PASSWORD },
    allergic,
    ibuprofen,
    adminToken,
    enrollmentCode: async () =>
      (
        await injectJson<{ code: string }>(
          current(),
          'POST',
          '/admin/enrollment-codes',
          { schoolId: school.id },
          await adminToken(),
        )
      ).code,
    inject: (method, url, payload, token) => injectJson(current(), method, url, payload, token),
    stop: async () => {
      const a = app;
      app = undefined;
      await a?.close();
    },
    start: async () => {
      if (!app) await listen();
    },
    get running() {
      return app !== undefined;
    },
    close: async () => {
      await app?.close();
      app = undefined;
      await h.close();
      rmSync(reportsDir, { recursive: true, force: true });
    },
  };
}
