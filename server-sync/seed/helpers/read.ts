import { sql, type Kysely } from 'kysely';

/**
 * What the later sections (integrations, reporting, security) read back from the rows the earlier ones wrote,
 * ordered by id so the result never depends on the physical order of rows.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

export interface DistrictRow {
  id: string;
  name: string;
  state_code: string;
  settings: Record<string, unknown> | null;
}
export interface SchoolRow {
  id: string;
  name: string;
  school_code: string;
  nces_id: string | null;
  address_line1: string | null;
  city: string | null;
  state: string | null;
  postal_code: string | null;
  phone: string | null;
}
export interface UserRow {
  id: string;
  role: string;
  first_name: string;
  last_name: string;
  email: string;
  npi_number: string | null;
  is_active: boolean;
}

export async function readDistrict(db: Db): Promise<DistrictRow> {
  const r =
    await sql<DistrictRow>`SELECT id, name, state_code, settings FROM districts ORDER BY id LIMIT 1`.execute(
      db,
    );
  const d = r.rows[0];
  if (!d) throw new Error('seed: no district (the district section runs first)');
  return d;
}

export async function readSchools(db: Db): Promise<SchoolRow[]> {
  const r =
    await sql<SchoolRow>`SELECT id, name, school_code, nces_id, address_line1, city, state, postal_code, phone
    FROM schools ORDER BY id`.execute(db);
  return r.rows;
}

export async function readUsers(db: Db): Promise<UserRow[]> {
  const r = await sql<UserRow>`SELECT id, role, first_name, last_name, email, npi_number, is_active
    FROM users WHERE deleted_at IS NULL ORDER BY id`.execute(db);
  return r.rows;
}

/** user id -> school ids (ordered), and school id -> user ids (ordered). */
export async function readUserSchools(
  db: Db,
): Promise<{ byUser: Map<string, string[]>; bySchool: Map<string, string[]> }> {
  const r = await sql<{ user_id: string; school_id: string }>`SELECT user_id, school_id FROM user_schools
    ORDER BY user_id, school_id`.execute(db);
  const byUser = new Map<string, string[]>();
  const bySchool = new Map<string, string[]>();
  for (const row of r.rows) {
    byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row.school_id]);
    bySchool.set(row.school_id, [...(bySchool.get(row.school_id) ?? []), row.user_id]);
  }
  return { byUser, bySchool };
}

/** Users of a role, optionally those with access to a school (falls back to the role district-wide). */
export function usersOf(
  users: readonly UserRow[],
  roles: readonly string[],
  school?: string,
  access?: Map<string, string[]>,
): UserRow[] {
  const all = users.filter((u) => roles.includes(u.role) && u.is_active);
  if (school === undefined || access === undefined) return all;
  const here = all.filter((u) => access.get(u.id)?.includes(school));
  return here.length > 0 ? here : all;
}
