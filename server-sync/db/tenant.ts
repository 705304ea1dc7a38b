import { sql, type Transaction } from 'kysely';
import type { ServerDatabase } from '../../src-shared/db/server-schema.generated';
import type { AuthContext } from '../auth/context';
import type { ServerDb } from './connect';

/** The non-superuser role row-level security applies to (created by migration 0018_tenancy). */
export const APP_ROLE = 'white_cross_app';

export type TenantTx = Transaction<ServerDatabase>;

export interface TenantScope {
  readonly schoolIds: readonly string[];
  readonly userId: string | null;
  readonly deviceId: string | null;
}

export const scopeOf = (auth: AuthContext): TenantScope => ({
  schoolIds: auth.schoolIds,
  userId: auth.userId,
  deviceId: auth.deviceId,
});

/**
 * Runs fn in one transaction as the application role, with the caller's schools set for row-level security.
 * Every read and write of student data goes through here; RLS, not only WHERE clauses, keeps schools apart.
 */
export async function withTenant<T>(
  db: ServerDb,
  scope: TenantScope,
  fn: (trx: TenantTx) => Promise<T>,
): Promise<T> {
  for (const id of scope.schoolIds) {
    if (!/^[0-9A-Za-z-]{1,64}$/.test(id))
      throw new Error(`invalid school id in tenant scope: ${JSON.stringify(id)}`);
  }
  return db.transaction().execute(async (trx) => {
    await sql`SELECT set_config('app.school_ids', ${scope.schoolIds.join(',')}, true),
                     set_config('app.user_id', ${scope.userId ?? ''}, true),
                     set_config('app.device_id', ${scope.deviceId ?? ''}, true)`.execute(trx);
    await sql.raw(`SET LOCAL ROLE ${APP_ROLE}`).execute(trx);
    return fn(trx);
  });
}
