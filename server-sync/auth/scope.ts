import type { Kysely } from 'kysely';
import type { ServerDatabase } from '../../src-shared/db/server-schema.generated';
import type { UserRole } from '../../src-shared/enums';
import { isDistrictWide } from '../../src-shared/auth';

type Db = Kysely<ServerDatabase>;

/** Roles that see every school of their district (src-shared/auth/roles.ts); the others see the schools granted in user_schools. */
export { DISTRICT_WIDE_ROLES, isDistrictWide } from '../../src-shared/auth';

/** The school ids a user may see, in a stable order. */
export async function schoolIdsOf(
  db: Db,
  user: { id: string; role: UserRole; district_id: string },
): Promise<string[]> {
  if (isDistrictWide(user.role)) {
    const rows = await db
      .selectFrom('schools')
      .select('id')
      .where('district_id', '=', user.district_id)
      .orderBy('id')
      .execute();
    return rows.map((r) => r.id);
  }
  const rows = await db
    .selectFrom('user_schools as us')
    .innerJoin('schools as s', 's.id', 'us.school_id')
    .select('s.id')
    .where('us.user_id', '=', user.id)
    .where('s.district_id', '=', user.district_id)
    .orderBy('s.id')
    .execute();
  return rows.map((r) => r.id);
}
