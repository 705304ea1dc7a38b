import { randomInt } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { ServerDatabase } from '../../src-shared/db/server-schema.generated';
import { hashSecret } from '../auth/passwords';
import { newOpaqueToken, sha256Hex } from '../auth/tokens';
import { HttpError } from '../plugins/errors';
import type { DevicePlatform } from '../../src-shared/api/admin';

/**
 * Device enrollment: an administrator issues a one-time code for a school (stored as its SHA-256, valid
 * 7 days); a workstation presents it once and receives its device id and secret (stored as argon2id).
 */

export const ENROLLMENT_CODE_TTL_DAYS = 7;
/** Crockford base32 without I, L, O, U: nothing to misread when typed from paper. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_GROUPS = 4;
const GROUP_LENGTH = 4;

/** 16 random characters (80 bits), shown as XXXX-XXXX-XXXX-XXXX. */
export function newEnrollmentCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < CODE_GROUPS; g++) {
    let s = '';
    for (let i = 0; i < GROUP_LENGTH; i++) s += ALPHABET[randomInt(ALPHABET.length)] ?? '0';
    groups.push(s);
  }
  return groups.join('-');
}

/** Case, spaces and dashes do not matter when a code is typed back. */
export const normalizeEnrollmentCode = (code: string): string => code.toUpperCase().replace(/[\s-]/g, '');

export const enrollmentCodeHash = (code: string): string => sha256Hex(normalizeEnrollmentCode(code));

export interface IssuedEnrollmentCode {
  readonly id: string;
  readonly code: string;
  readonly schoolId: string;
  readonly expiresAt: Date;
}

/** Inserts a new code for the school (the caller checked the school is the issuer's to manage). */
export async function issueEnrollmentCode(
  db: Kysely<ServerDatabase>,
  input: { schoolId: string; createdBy: string; now: Date },
): Promise<IssuedEnrollmentCode> {
  const code = newEnrollmentCode();
  const id = uuidv7();
  const expiresAt = new Date(input.now.getTime() + ENROLLMENT_CODE_TTL_DAYS * 86_400_000);
  await db
    .insertInto('device_enrollment_codes')
    .values({
      id,
      school_id: input.schoolId,
      code_hash: enrollmentCodeHash(code),
      created_by: input.createdBy,
      expires_at: expiresAt,
      created_at: input.now,
      updated_at: input.now,
    })
    .execute();
  return { id, code, schoolId: input.schoolId, expiresAt };
}

export interface EnrolledDevice {
  readonly deviceId: string;
  readonly deviceSecret: string;
  readonly schoolId: string;
  readonly codeId: string;
  readonly authorizedBy: string;
}

/**
 * Consumes a code and registers the device, in the caller's transaction. The row lock makes a code
 * usable once even when two workstations present it at the same moment (the second gets 409).
 */
export async function enrollDevice(
  trx: Transaction<ServerDatabase>,
  input: { code: string; name: string; platform: DevicePlatform; now: Date },
): Promise<EnrolledDevice> {
  const deviceId = uuidv7();
  const deviceSecret = newOpaqueToken();
  const secretHash = await hashSecret(deviceSecret); // before the row lock: hashing takes a while
  const row = await trx
    .selectFrom('device_enrollment_codes')
    .select(['id', 'school_id', 'created_by', 'expires_at', 'used_at'])
    .where('code_hash', '=', enrollmentCodeHash(input.code))
    .forUpdate()
    .executeTakeFirst();
  if (!row)
    throw new HttpError(
      404,
      'ENROLLMENT_CODE_UNKNOWN',
      'this enrollment code does not exist: check it, or ask for a new one',
    );
  if (row.used_at)
    throw new HttpError(
      409,
      'ENROLLMENT_CODE_USED',
      'this enrollment code was already used: ask for a new one',
    );
  if (row.expires_at.getTime() <= input.now.getTime()) {
    throw new HttpError(
      410,
      'ENROLLMENT_CODE_EXPIRED',
      `this enrollment code expired at ${row.expires_at.toISOString()}: ask for a new one`,
    );
  }
  await trx
    .insertInto('devices')
    .values({
      id: deviceId,
      school_id: row.school_id,
      name: input.name,
      platform: input.platform,
      enrolled_by: row.created_by,
      enrolled_at: input.now,
      secret_hash: secretHash,
      created_at: input.now,
      updated_at: input.now,
    })
    .execute();
  await trx
    .updateTable('device_enrollment_codes')
    .set({ used_at: input.now, used_by_device_id: deviceId, updated_at: input.now })
    .where('id', '=', row.id)
    .execute();
  return { deviceId, deviceSecret, schoolId: row.school_id, codeId: row.id, authorizedBy: row.created_by };
}
