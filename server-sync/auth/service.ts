import type { FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import {
  INVALID_CREDENTIALS,
  signInRefusedMessage,
  type LoginRequest,
  type TokenResponse,
} from '../../src-shared/api/auth';
import type { ServerDatabase } from '../../src-shared/db/server-schema.generated';
import type { UserRole } from '../../src-shared/enums';
import { readWorkstationPolicy } from '../admin';
import { auditEntry, appendAudit } from '../audit';
import type { Clock } from '../plugins/clock';
import { HttpError } from '../plugins/errors';
import { verifyAgainstDummy, verifySecret } from './passwords';
import { schoolIdsOf } from './scope';
import { revokeFamily, rotateRefreshToken, startSession, type IssuedRefreshToken } from './sessions';
import type { TokenKeys } from './tokens';

export interface AuthServiceDeps {
  readonly db: Kysely<ServerDatabase>;
  readonly keys: TokenKeys;
  readonly clock: Clock;
  readonly refreshTtlSeconds: number;
  readonly lockoutThreshold: number;
  readonly lockoutMinutes: number;
}

interface UserRow {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  role: UserRole;
  district_id: string;
  is_active: boolean;
  deleted_at: Date | null;
  password_hash: string | null;
  locked_until: Date | null;
}

/**
 * One answer for an unknown account, a wrong password, an inactive account and a locked one (src-shared/api/auth.ts):
 * no way to learn which e-mails exist, or which accounts are locked.
 */
const signInRefused = (deps: AuthServiceDeps) =>
  new HttpError(401, INVALID_CREDENTIALS, signInRefusedMessage(deps.lockoutThreshold, deps.lockoutMinutes));

const selectUser = (db: Kysely<ServerDatabase>) =>
  db
    .selectFrom('users')
    .select([
      'id',
      'email',
      'first_name',
      'last_name',
      'role',
      'district_id',
      'is_active',
      'deleted_at',
      'password_hash',
      'locked_until',
    ]);

async function tokens(
  deps: AuthServiceDeps,
  user: UserRow,
  schoolIds: string[],
  deviceId: string | null,
  issued: IssuedRefreshToken,
  now: Date,
): Promise<TokenResponse> {
  const access = await deps.keys.sign(
    {
      userId: user.id,
      deviceId,
      role: user.role,
      schoolIds,
      districtId: user.district_id,
      familyId: issued.familyId,
    },
    now,
  );
  const workstationPolicy = await readWorkstationPolicy(deps.db, user.district_id);
  return {
    accessToken: access.token,
    tokenType: 'Bearer',
    expiresIn: deps.keys.accessTtlSeconds,
    refreshToken: issued.refreshToken,
    refreshExpiresAt: issued.expiresAt.toISOString(),
    deviceId,
    user: {
      id: user.id,
      email: user.email,
      firstName: user.first_name,
      lastName: user.last_name,
      role: user.role,
      districtId: user.district_id,
      schoolIds,
    },
    workstationPolicy,
  };
}

async function auditFailure(
  deps: AuthServiceDeps,
  request: FastifyRequest,
  now: Date,
  userId: string | null,
  reason: string,
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await appendAudit(
      trx,
      auditEntry(request, now, {
        action: 'LOGIN_FAILED',
        userId,
        deviceId: null,
        tableName: 'users',
        recordId: userId,
        details: { reason },
      }),
    );
  });
}

/**
 * Takes one attempt from the account's budget before its password is checked. failed_login_count counts the attempts
 * not proven right (the wrong ones and those still being checked), raised in one UPDATE ... RETURNING, so parallel
 * attempts never check more than `lockoutThreshold` passwords: the attempt that reaches the threshold arms the lock
 * at once, and every later one finds the account locked without a password check. A right password lifts it
 * (rightPassword); a server that stops mid-check leaves a lock that ends by itself. An expired lock starts the count
 * again. False when the account is locked (no attempt taken).
 */
async function takeAttempt(deps: AuthServiceDeps, userId: string, now: Date): Promise<boolean> {
  const lockEnd = new Date(now.getTime() + deps.lockoutMinutes * 60_000);
  const counted = sql<number>`(CASE WHEN locked_until IS NOT NULL THEN 0 ELSE failed_login_count END) + 1`;
  const row = await deps.db
    .updateTable('users')
    .set({
      failed_login_count: counted,
      locked_until: sql<Date | null>`CASE WHEN ${counted} >= ${deps.lockoutThreshold} THEN ${lockEnd}::timestamptz ELSE NULL END`,
    })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .returning('failed_login_count')
    .executeTakeFirst();
  return row !== undefined;
}

/** A right password: the attempts before it no longer count, and a lock its own attempt armed is lifted. */
async function rightPassword(deps: AuthServiceDeps, userId: string): Promise<void> {
  await deps.db
    .updateTable('users')
    .set({ failed_login_count: 0, locked_until: null })
    .where('id', '=', userId)
    .execute();
}

export async function login(
  deps: AuthServiceDeps,
  request: FastifyRequest,
  body: LoginRequest,
): Promise<TokenResponse> {
  const now = deps.clock.now();
  const email = body.email.trim().toLowerCase();
  const user = await selectUser(deps.db)
    .where(sql<string>`lower(email)`, '=', email)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!user) {
    await verifyAgainstDummy(body.password);
    await auditFailure(deps, request, now, null, 'unknown_account');
    throw signInRefused(deps);
  }
  if (!user.is_active || !user.password_hash) {
    await verifyAgainstDummy(body.password);
    await auditFailure(deps, request, now, user.id, user.is_active ? 'no_password' : 'inactive');
    throw signInRefused(deps);
  }
  if (!(await takeAttempt(deps, user.id, now))) {
    // locked: answered as an unknown account is, after as long (one argon2 verification), the password unchecked
    await verifyAgainstDummy(body.password);
    await auditFailure(deps, request, now, user.id, 'locked');
    throw signInRefused(deps);
  }
  if (!(await verifySecret(user.password_hash, body.password))) {
    await auditFailure(deps, request, now, user.id, 'wrong_password');
    throw signInRefused(deps);
  }
  await rightPassword(deps, user.id);
  let schoolIds = await schoolIdsOf(deps.db, user);
  let deviceId: string | null = null;
  if (body.deviceId !== undefined && body.deviceSecret !== undefined) {
    const d = await deps.db
      .selectFrom('devices')
      .select(['id', 'school_id', 'revoked_at', 'secret_hash'])
      .where('id', '=', body.deviceId)
      .executeTakeFirst();
    const valid =
      d && !d.revoked_at && d.secret_hash
        ? await verifySecret(d.secret_hash, body.deviceSecret)
        : await verifyAgainstDummy(body.deviceSecret);
    if (!d || !valid) {
      await auditFailure(deps, request, now, user.id, 'device_invalid');
      throw new HttpError(
        401,
        'DEVICE_INVALID',
        'the workstation id or secret is not valid, or the workstation was revoked',
      );
    }
    if (!schoolIds.includes(d.school_id)) {
      await auditFailure(deps, request, now, user.id, 'device_school_not_assigned');
      throw new HttpError(
        403,
        'DEVICE_NOT_ALLOWED',
        'this workstation belongs to a school you are not assigned to',
      );
    }
    deviceId = d.id;
    schoolIds = [d.school_id];
  }
  const issued = await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ failed_login_count: 0, locked_until: null, last_login_at: now })
      .where('id', '=', user.id)
      .execute();
    if (deviceId)
      await trx.updateTable('devices').set({ last_seen_at: now }).where('id', '=', deviceId).execute();
    const s = await startSession(trx, { userId: user.id, deviceId, now, ttlSeconds: deps.refreshTtlSeconds });
    await appendAudit(
      trx,
      auditEntry(request, now, {
        action: 'LOGIN',
        userId: user.id,
        deviceId,
        tableName: 'users',
        recordId: user.id,
        details: { session: s.familyId },
      }),
    );
    return s;
  });
  return tokens(deps, user, schoolIds, deviceId, issued, now);
}

const REFRESH_REFUSED: Readonly<Record<string, [string, string]>> = {
  UNKNOWN: ['INVALID_REFRESH_TOKEN', 'refresh token is not valid: log in again'],
  EXPIRED: ['REFRESH_TOKEN_EXPIRED', 'refresh token expired: log in again'],
  REVOKED: ['SESSION_REVOKED', 'this session was signed out or revoked: log in again'],
  REUSED: [
    'REFRESH_TOKEN_REUSED',
    'this refresh token was already used: the session is revoked, log in again',
  ],
  DISABLED: ['ACCOUNT_DISABLED', 'this account is disabled'],
  DEVICE: ['DEVICE_REVOKED', 'this workstation was revoked or is no longer allowed: enroll it again'],
};

export async function refresh(
  deps: AuthServiceDeps,
  request: FastifyRequest,
  presented: string,
): Promise<TokenResponse> {
  const now = deps.clock.now();
  const result = await deps.db.transaction().execute(async (trx) => {
    const r = await rotateRefreshToken(trx, presented, now, deps.refreshTtlSeconds);
    if (!r.ok) {
      if (r.reason === 'REUSED') {
        const e = auditEntry(request, now, {
          action: 'LOGIN_FAILED',
          userId: r.userId,
          deviceId: r.deviceId,
        });
        await appendAudit(trx, {
          ...e,
          tableName: 'users',
          recordId: r.userId,
          details: { reason: 'refresh_token_reuse', session: r.familyId },
        });
      }
      return { ok: false as const, reason: r.reason };
    }
    const user = await selectUser(trx).where('id', '=', r.userId).executeTakeFirst();
    if (!user || !user.is_active || user.deleted_at) {
      await revokeFamily(trx, r.issued.familyId, 'USER_DISABLED', now);
      return { ok: false as const, reason: 'DISABLED' };
    }
    let schoolIds = await schoolIdsOf(trx, user);
    if (r.deviceId) {
      const d = await trx
        .selectFrom('devices')
        .select(['school_id', 'revoked_at'])
        .where('id', '=', r.deviceId)
        .executeTakeFirst();
      if (!d || d.revoked_at || !schoolIds.includes(d.school_id)) {
        await revokeFamily(trx, r.issued.familyId, 'DEVICE_REVOKED', now);
        return { ok: false as const, reason: 'DEVICE' };
      }
      schoolIds = [d.school_id];
      await trx.updateTable('devices').set({ last_seen_at: now }).where('id', '=', r.deviceId).execute();
    }
    return { ok: true as const, user, schoolIds, deviceId: r.deviceId, issued: r.issued };
  });
  if (!result.ok) {
    const [code, message] = REFRESH_REFUSED[result.reason] ?? [
      'INVALID_REFRESH_TOKEN',
      'refresh token is not valid',
    ];
    throw new HttpError(401, code, message);
  }
  return tokens(deps, result.user, result.schoolIds, result.deviceId, result.issued, now);
}
