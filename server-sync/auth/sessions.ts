import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { ServerDatabase } from '../../src-shared/db/server-schema.generated';
import { newOpaqueToken, sha256Hex } from './tokens';

/**
 * Login sessions as refresh-token families (auth_refresh_tokens, migration 0017_auth).
 * A login starts a family; a refresh marks the presented token used and issues its successor in the
 * same family; presenting a used token again (a stolen copy, or a replay) revokes the whole family.
 * These run as the table owner: the authentication layer works before any school scope exists.
 */

type Db = Kysely<ServerDatabase>;
export type RevokeReason = 'LOGOUT' | 'REUSE_DETECTED' | 'ADMIN' | 'DEVICE_REVOKED' | 'USER_DISABLED';

export interface IssuedRefreshToken {
  readonly refreshToken: string;
  readonly tokenId: string;
  readonly familyId: string;
  readonly expiresAt: Date;
}

async function insertToken(
  db: Db,
  input: { familyId: string; userId: string; deviceId: string | null; now: Date; ttlSeconds: number },
): Promise<IssuedRefreshToken> {
  const refreshToken = newOpaqueToken();
  const tokenId = uuidv7();
  const expiresAt = new Date(input.now.getTime() + input.ttlSeconds * 1000);
  await db
    .insertInto('auth_refresh_tokens')
    .values({
      id: tokenId,
      family_id: input.familyId,
      user_id: input.userId,
      device_id: input.deviceId,
      token_hash: sha256Hex(refreshToken),
      issued_at: input.now,
      expires_at: expiresAt,
    })
    .execute();
  return { refreshToken, tokenId, familyId: input.familyId, expiresAt };
}

/** Starts a new family (a login). */
export function startSession(
  db: Db,
  input: { userId: string; deviceId: string | null; now: Date; ttlSeconds: number },
): Promise<IssuedRefreshToken> {
  return insertToken(db, { ...input, familyId: uuidv7() });
}

export type RotateResult =
  | { ok: true; userId: string; deviceId: string | null; issued: IssuedRefreshToken }
  | { ok: false; reason: 'UNKNOWN' | 'EXPIRED' | 'REVOKED' }
  | { ok: false; reason: 'REUSED'; userId: string; deviceId: string | null; familyId: string };

/**
 * Exchanges a refresh token for its successor, in the caller's transaction (the row lock makes two
 * concurrent uses of one token a reuse). A reuse revokes the family; commit the transaction either way.
 */
export async function rotateRefreshToken(
  trx: Db,
  presented: string,
  now: Date,
  ttlSeconds: number,
): Promise<RotateResult> {
  const row = await trx
    .selectFrom('auth_refresh_tokens')
    .selectAll()
    .where('token_hash', '=', sha256Hex(presented))
    .forUpdate()
    .executeTakeFirst();
  if (!row) return { ok: false, reason: 'UNKNOWN' };
  if (row.revoked_at) return { ok: false, reason: 'REVOKED' };
  if (row.used_at) {
    await revokeFamily(trx, row.family_id, 'REUSE_DETECTED', now);
    return {
      ok: false,
      reason: 'REUSED',
      userId: row.user_id,
      deviceId: row.device_id,
      familyId: row.family_id,
    };
  }
  if (row.expires_at.getTime() <= now.getTime()) return { ok: false, reason: 'EXPIRED' };
  const issued = await insertToken(trx, {
    familyId: row.family_id,
    userId: row.user_id,
    deviceId: row.device_id,
    now,
    ttlSeconds,
  });
  await trx
    .updateTable('auth_refresh_tokens')
    .set({ used_at: now, replaced_by: issued.tokenId })
    .where('id', '=', row.id)
    .execute();
  return { ok: true, userId: row.user_id, deviceId: row.device_id, issued };
}

/** Revokes every not yet revoked token of a family; returns how many. */
export async function revokeFamily(
  db: Db,
  familyId: string,
  reason: RevokeReason,
  now: Date,
): Promise<number> {
  const r = await db
    .updateTable('auth_refresh_tokens')
    .set({ revoked_at: now, revoked_reason: reason })
    .where('family_id', '=', familyId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Revokes every session of a user (or of a device); returns the number of families revoked. */
export async function revokeSessionsOf(
  db: Db,
  who: { userId: string } | { deviceId: string },
  reason: RevokeReason,
  now: Date,
): Promise<number> {
  const r = await db
    .updateTable('auth_refresh_tokens')
    .set({ revoked_at: now, revoked_reason: reason })
    .where('userId' in who ? 'user_id' : 'device_id', '=', 'userId' in who ? who.userId : who.deviceId)
    .where('revoked_at', 'is', null)
    .returning('family_id')
    .execute();
  return new Set(r.map((x) => x.family_id)).size;
}
