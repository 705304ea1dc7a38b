import { sql, type Selectable } from 'kysely';
import type { ServerDatabase } from '../../../src-shared/db/server-schema.generated';
import type { SeedDb } from './db';

/**
 * What the later sections (billing, registry, SIS, reports, sharing, exports, encryption, tamper alerts, audit)
 * read back from the rows the earlier ones wrote, ordered by id so the result never depends on the physical
 * order of rows.
 */

type Row<T extends keyof ServerDatabase> = Selectable<ServerDatabase[T]>;

export type DistrictRow = Pick<Row<'districts'>, 'id' | 'name' | 'state_code' | 'settings'>;
export type SchoolRow = Pick<
  Row<'schools'>,
  'id' | 'name' | 'school_code' | 'nces_id' | 'address_line1' | 'city' | 'state' | 'postal_code' | 'phone'
>;
export type UserRow = Pick<
  Row<'users'>,
  'id' | 'role' | 'first_name' | 'last_name' | 'email' | 'npi_number' | 'is_active'
>;
export type Role = UserRow['role'];
/** A student as the integrations (billing, registry, SIS) read them back. */
export type StudentRow = Pick<
  Row<'students'>,
  | 'id'
  | 'school_id'
  | 'student_number'
  | 'sis_id'
  | 'first_name'
  | 'middle_name'
  | 'last_name'
  | 'date_of_birth'
  | 'sex'
  | 'grade_level'
  | 'homeroom'
  | 'enrollment_status'
  | 'enrollment_date'
  | 'address_line1'
  | 'city'
  | 'state'
  | 'postal_code'
  | 'created_at'
>;

export async function readDistrict(db: SeedDb): Promise<DistrictRow> {
  const d = await db
    .selectFrom('districts')
    .select(['id', 'name', 'state_code', 'settings'])
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (!d) throw new Error('seed: no district (the district section runs first)');
  return d;
}

/** A text setting of the district (districts.settings), or undefined. */
export function districtSetting(district: DistrictRow, key: string): string | undefined {
  const s = district.settings;
  if (s === null || typeof s !== 'object' || Array.isArray(s)) return undefined;
  const v = s[key];
  return typeof v === 'string' ? v : undefined;
}

export async function readSchools(db: SeedDb): Promise<SchoolRow[]> {
  return db
    .selectFrom('schools')
    .select([
      'id',
      'name',
      'school_code',
      'nces_id',
      'address_line1',
      'city',
      'state',
      'postal_code',
      'phone',
    ])
    .orderBy('id')
    .execute();
}

export async function readUsers(db: SeedDb): Promise<UserRow[]> {
  return db
    .selectFrom('users')
    .select(['id', 'role', 'first_name', 'last_name', 'email', 'npi_number', 'is_active'])
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .execute();
}

/** user id -> school ids (ordered), and school id -> user ids (ordered). */
export async function readUserSchools(
  db: SeedDb,
): Promise<{ byUser: Map<string, string[]>; bySchool: Map<string, string[]> }> {
  const rows = await db
    .selectFrom('user_schools')
    .select(['user_id', 'school_id'])
    .orderBy('user_id')
    .orderBy('school_id')
    .execute();
  const byUser = new Map<string, string[]>();
  const bySchool = new Map<string, string[]>();
  for (const row of rows) {
    byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row.school_id]);
    bySchool.set(row.school_id, [...(bySchool.get(row.school_id) ?? []), row.user_id]);
  }
  return { byUser, bySchool };
}

/** Users of a role, optionally those with access to a school (falls back to the role district-wide). */
export function usersOf(
  users: readonly UserRow[],
  roles: readonly Role[],
  school?: string,
  access?: Map<string, string[]>,
): UserRow[] {
  const all = users.filter((u) => roles.includes(u.role) && u.is_active);
  if (school === undefined || access === undefined) return all;
  const here = all.filter((u) => access.get(u.id)?.includes(school));
  return here.length > 0 ? here : all;
}

/** The district's students (not deleted), by id. */
export async function readStudents(db: SeedDb): Promise<StudentRow[]> {
  return db
    .selectFrom('students')
    .select([
      'id',
      'school_id',
      'student_number',
      'sis_id',
      'first_name',
      'middle_name',
      'last_name',
      'date_of_birth',
      'sex',
      'grade_level',
      'homeroom',
      'enrollment_status',
      'enrollment_date',
      'address_line1',
      'city',
      'state',
      'postal_code',
      'created_at',
    ])
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .execute();
}

/** Columns of the public schema, for skipping a sample whose table or column does not exist. */
export async function columnsOf(db: SeedDb): Promise<Set<string>> {
  const r = await sql<{
    t: string;
    c: string;
  }>`SELECT table_name AS t, column_name AS c FROM information_schema.columns
    WHERE table_schema = current_schema() ORDER BY 1, 2`.execute(db);
  return new Set(r.rows.map((x) => `${x.t}.${x.c}`));
}

/** The district's Director of Health Services (the first DISTRICT_ADMIN) and its privacy officer (the first AUDITOR, else the director). */
export function districtOfficers(users: readonly UserRow[]): { director: UserRow; auditor: UserRow } {
  const director = users.find((u) => u.role === 'DISTRICT_ADMIN') ?? users[0];
  const auditor = users.find((u) => u.role === 'AUDITOR') ?? director;
  if (!director || !auditor) throw new Error('seed: no users (the district section runs first)');
  return { director, auditor };
}
