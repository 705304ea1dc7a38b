import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import {
  autoLockMinutes,
  DEFAULT_AUTO_LOCK_MINUTES,
  type WorkstationPolicy,
} from '../../src-shared/api/admin';
import type { ServerDatabase } from '../../src-shared/db/server-schema.generated';

/**
 * The district's workstation policy: today the inactivity lock. Stored in `districts.settings` under
 * `workstation` (jsonb, next to the district's other settings) and sent to every workstation with its tokens
 * (/auth/login, /auth/refresh), which applies it to the running session.
 */

export {
  DEFAULT_AUTO_LOCK_MINUTES,
  MAX_AUTO_LOCK_MINUTES,
  MIN_AUTO_LOCK_MINUTES,
  workstationPolicy,
  type WorkstationPolicy,
} from '../../src-shared/api/admin';

/** The stored shape, read tolerantly: a missing or out-of-range key is the default, unknown keys are kept. */
const storedPolicy = z.looseObject({
  autoLockMinutes: autoLockMinutes.optional().catch(undefined),
});

/** The policy in a district's `settings` (an absent key is the default). */
export function policyOfSettings(settings: unknown): WorkstationPolicy {
  const ws =
    settings && typeof settings === 'object'
      ? (settings as Record<string, unknown>)['workstation']
      : undefined;
  const r = storedPolicy.safeParse(ws ?? {});
  return { autoLockMinutes: (r.success ? r.data.autoLockMinutes : undefined) ?? DEFAULT_AUTO_LOCK_MINUTES };
}

/** The policy of a district (the default when the district has not set it). */
export async function readWorkstationPolicy(
  db: Kysely<ServerDatabase>,
  districtId: string,
): Promise<WorkstationPolicy> {
  const row = await db
    .selectFrom('districts')
    .select('settings')
    .where('id', '=', districtId)
    .executeTakeFirst();
  return policyOfSettings(row?.settings);
}

/** Merges the policy into `settings.workstation` (the other keys, there and beside it, are kept). */
export async function writeWorkstationPolicy(
  db: Kysely<ServerDatabase>,
  districtId: string,
  policy: WorkstationPolicy,
  now: Date,
): Promise<void> {
  const patch = JSON.stringify(policy);
  await db
    .updateTable('districts')
    .set({
      settings: sql<string>`settings || jsonb_build_object('workstation',
        CASE WHEN jsonb_typeof(settings -> 'workstation') = 'object' THEN settings -> 'workstation' ELSE '{}'::jsonb END
        || ${patch}::jsonb)`,
      updated_at: now,
    })
    .where('id', '=', districtId)
    .execute();
}
