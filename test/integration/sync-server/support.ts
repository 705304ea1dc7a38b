import { sql } from 'kysely';
import type { JsonValue } from '../../../src-shared/db/column-types';
import { formatHlc } from '../../../src-shared/sync/hlc';
import type { OutboxChange, PushResponse } from '../../../src-shared/sync/protocol';
import type { ServerDb, ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { applyPush } from '../../../server-sync/sync/apply';
import { NEWEST_KNOWN_SCHEMA_VERSION } from '../../../server-sync/sync/device';
import { pullChanges } from '../../../server-sync/sync/pull';
import type { ServerTarget } from '../../support/db';

/** A small district for the sync engine tests: schools A and B, a nurse and devices per school, one student each. */

export const T0 = Date.parse('2026-03-02T08:00:00.000Z');
export const SCHEMA = NEWEST_KNOWN_SCHEMA_VERSION;

export interface World {
  readonly district: string;
  readonly schoolA: string;
  readonly schoolB: string;
  readonly nurseA: string;
  readonly nurseB: string;
  readonly admin: string;
  readonly devA1: string;
  readonly devA2: string;
  readonly devB1: string;
  readonly studentA: string;
  readonly studentA2: string;
  readonly studentB: string;
}

export async function openMigrated(target: ServerTarget): Promise<ServerDbHandle> {
  const h = await target.open();
  await migrateServerToLatest(h.db);
  return h;
}

export async function makeWorld(db: ServerDb): Promise<World> {
  const w: World = {
    district: 'dist-1',
    schoolA: 'school-a',
    schoolB: 'school-b',
    nurseA: 'user-nurse-a',
    nurseB: 'user-nurse-b',
    admin: 'user-admin',
    devA1: 'dev-a1',
    devA2: 'dev-a2',
    devB1: 'dev-b1',
    studentA: 'stu-a',
    studentA2: 'stu-a2',
    studentB: 'stu-b',
  };
  await db
    .insertInto('districts')
    .values({ id: w.district, name: 'Test District', state_code: 'NJ' })
    .execute();
  await db
    .insertInto('schools')
    .values([
      { id: w.schoolA, district_id: w.district, name: 'Alpha', school_code: 'A' },
      { id: w.schoolB, district_id: w.district, name: 'Beta', school_code: 'B' },
    ])
    .execute();
  const user = (id: string, role: 'NURSE' | 'DISTRICT_ADMIN') => ({
    id,
    district_id: w.district,
    email: `${id}@example.org`,
    first_name: 'T',
    last_name: id,
    role,
  });
  await db
    .insertInto('users')
    .values([user(w.nurseA, 'NURSE'), user(w.nurseB, 'NURSE'), user(w.admin, 'DISTRICT_ADMIN')])
    .execute();
  const device = (id: string, school: string, by: string) => ({
    id,
    school_id: school,
    name: id,
    platform: 'LINUX' as const,
    enrolled_by: by,
  });
  await db
    .insertInto('devices')
    .values([
      device(w.devA1, w.schoolA, w.nurseA),
      device(w.devA2, w.schoolA, w.nurseA),
      device(w.devB1, w.schoolB, w.nurseB),
    ])
    .execute();
  const student = (id: string, school: string, n: number) => ({
    id,
    district_id: w.district,
    school_id: school,
    student_number: `N${n}`,
    first_name: 'Sam',
    last_name: `Student${n}`,
    date_of_birth: '2014-03-02',
    grade_level: '6' as const,
  });
  await db
    .insertInto('students')
    .values([
      student(w.studentA, w.schoolA, 1),
      student(w.studentA2, w.schoolA, 2),
      student(w.studentB, w.schoolB, 3),
    ])
    .execute();
  return w;
}

export const hlc = (ms: number, node: string, counter = 0): string =>
  formatHlc({ wallMs: ms, counter, node });

export function allergy(
  seq: number,
  id: string,
  student: string,
  school: string,
  at: number,
  node: string,
  extra: Record<string, JsonValue> = {},
): OutboxChange {
  return {
    seq,
    table: 'allergies',
    rowId: id,
    op: 'UPSERT',
    columns: {
      student_id: student,
      school_id: school,
      allergen: 'Peanut',
      allergen_type: 'FOOD',
      severity: 'SEVERE',
      ...extra,
    },
    hlc: hlc(at, node),
  };
}

export const edit = (
  seq: number,
  table: string,
  id: string,
  columns: Record<string, JsonValue>,
  at: number,
  node: string,
): OutboxChange => ({
  seq,
  table,
  rowId: id,
  op: 'UPSERT',
  columns,
  hlc: hlc(at, node),
});

export const del = (seq: number, table: string, id: string, at: number, node: string): OutboxChange => ({
  seq,
  table,
  rowId: id,
  op: 'DELETE',
  columns: {},
  hlc: hlc(at, node),
});

export function push(
  db: ServerDb,
  w: World,
  device: string,
  changes: OutboxChange[],
  nowMs = T0 + 60_000,
): Promise<PushResponse> {
  const school = device === w.devB1 ? w.schoolB : w.schoolA;
  const user = device === w.devB1 ? w.nurseB : w.nurseA;
  return applyPush(
    db,
    { userId: user, role: 'NURSE', deviceId: device, schoolIds: [school] },
    { schemaVersion: SCHEMA, changes },
    nowMs,
  );
}

export async function pullAll(db: ServerDb, w: World, device: string, after = 0, limit = 1000) {
  const school = device === w.devB1 ? w.schoolB : w.schoolA;
  const user = device === w.devB1 ? w.nurseB : w.nurseA;
  const out = [];
  let cursor = after;
  for (;;) {
    const page = await pullChanges(
      db,
      { userId: user, role: 'NURSE', deviceId: device, schoolIds: [school] },
      { after: cursor, limit },
    );
    out.push(...page.changes);
    cursor = page.nextAfter;
    if (!page.hasMore) return { changes: out, cursor, conflicts: page.conflicts };
  }
}

export async function count(db: ServerDb, table: string, where = sql`true`): Promise<number> {
  const r = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE ${where}`.execute(db);
  return r.rows[0]?.n ?? 0;
}

export async function row(
  db: ServerDb,
  table: string,
  id: string,
): Promise<Record<string, unknown> | undefined> {
  const r = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)} WHERE id = ${id}`.execute(
    db,
  );
  return r.rows[0];
}

export async function maxSeq(db: ServerDb): Promise<number> {
  const r = await sql<{ n: number | null }>`SELECT max(server_seq) AS n FROM sync_changes`.execute(db);
  return r.rows[0]?.n ?? 0;
}
