import { sql } from 'kysely';
import { WORKSTATION_SYNC_SCHEMA_VERSION } from '../../migrations/workstation/index';
import type { TenantTx } from '../db/tenant';
import { HttpError } from '../plugins/errors';

/** The workstation schema versions this server reads: 1 (the first workstation migration) up to the newest it ships. */
export const OLDEST_SUPPORTED_SCHEMA_VERSION = 1;
export const NEWEST_KNOWN_SCHEMA_VERSION = WORKSTATION_SYNC_SCHEMA_VERSION;

/** Refuses only what the server cannot read: a newer workstation schema than it knows, or one older than it supports. */
export function checkSchemaVersion(version: number): void {
  if (version > NEWEST_KNOWN_SCHEMA_VERSION) {
    throw new HttpError(
      400,
      'SCHEMA_UNSUPPORTED',
      `this workstation's schema version ${version} is newer than the district server knows (${NEWEST_KNOWN_SCHEMA_VERSION}): update the district server before syncing this workstation`,
    );
  }
  if (version < OLDEST_SUPPORTED_SCHEMA_VERSION) {
    throw new HttpError(
      400,
      'SCHEMA_UNSUPPORTED',
      `this workstation's schema version ${version} is older than the oldest the district server supports (${OLDEST_SUPPORTED_SCHEMA_VERSION}): update White Cross on this workstation`,
    );
  }
}

/** Parses the x-white-cross-schema header (required on every sync call). */
export function schemaVersionFromHeader(value: string | string[] | undefined): number {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw === '') {
    throw new HttpError(
      400,
      'BAD_REQUEST',
      'header x-white-cross-schema (the workstation schema version) is required on every sync call',
    );
  }
  if (!/^\d{1,6}$/.test(raw)) {
    throw new HttpError(
      400,
      'BAD_REQUEST',
      `header x-white-cross-schema must be a positive integer, got ${JSON.stringify(raw.slice(0, 20))}`,
    );
  }
  const v = Number(raw);
  checkSchemaVersion(v);
  return v;
}

export interface SyncDevice {
  readonly deviceId: string;
  readonly schoolId: string;
}

/**
 * The enrolled, unrevoked device the token is bound to, read under the token's schools (a device of another school
 * is invisible), and narrows the transaction's row-level security scope to that device's school.
 */
export async function bindDevice(
  trx: TenantTx,
  deviceId: string | null,
  tokenSchools: readonly string[],
): Promise<SyncDevice> {
  if (deviceId === null) {
    throw new HttpError(
      403,
      'DEVICE_REQUIRED',
      'sync needs a device-bound token: enroll this workstation, then sign in on it',
    );
  }
  const d = await trx
    .selectFrom('devices')
    .select(['id', 'school_id', 'revoked_at'])
    .where('id', '=', deviceId)
    .executeTakeFirst();
  if (!d || !tokenSchools.includes(d.school_id)) {
    throw new HttpError(
      403,
      'DEVICE_REVOKED',
      `device ${deviceId} is not enrolled in any school of this token`,
    );
  }
  if (d.revoked_at !== null) {
    throw new HttpError(
      403,
      'DEVICE_REVOKED',
      `device ${deviceId} was revoked: enroll it again with a new code`,
    );
  }
  await sql`SELECT set_config('app.school_ids', ${d.school_id}, true)`.execute(trx);
  return { deviceId: d.id, schoolId: d.school_id };
}
