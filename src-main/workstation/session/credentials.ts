import type Database from 'better-sqlite3-multiple-ciphers';
import type { Selectable } from 'kysely';
import type { LocalCredentialsTable } from '../../../src-shared/db/workstation-schema.generated';
import { UserRole } from '../../../src-shared/enums';
import { first, query } from '../../store/read';
import type { RemoteTokens } from '../remote';
import { makeVerifier, matchesVerifier } from './verifier';

/**
 * Nurses' credentials cached on the workstation for offline sign-in and unlock. The verifier is an argon2id hash
 * of the password, computed here right after the district server accepted that password (the server's own hash
 * never leaves it). A wrong password counts toward a local lockout (5 failures: 15 minutes); a password the server
 * refuses removes the cached verifier, so an old password stops working offline too.
 */

export const LOCAL_LOCKOUT_THRESHOLD = 5;
export const LOCAL_LOCKOUT_MS = 15 * 60_000;

export interface CachedUser {
  readonly userId: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly role: UserRole;
  readonly schoolIds: readonly string[];
  readonly verifier: string;
  readonly refreshToken: string | null;
  readonly failedCount: number;
  readonly lockedUntil: string | null;
}

const ROLES: ReadonlySet<string> = new Set(UserRole);
const isRole = (r: string): r is UserRole => ROLES.has(r);

const toUser = (r: Selectable<LocalCredentialsTable>, role: UserRole): CachedUser => ({
  userId: r.user_id,
  email: r.email,
  firstName: r.first_name,
  lastName: r.last_name,
  role,
  schoolIds: JSON.parse(r.school_ids) as string[],
  verifier: r.verifier,
  refreshToken: r.refresh_token,
  failedCount: r.failed_count,
  lockedUntil: r.locked_until,
});

export function findCachedUser(
  sqlite: Database.Database,
  by: { email: string } | { userId: string },
): CachedUser | null {
  const r = first(
    sqlite,
    'email' in by
      ? query
          .selectFrom('local_credentials')
          .selectAll()
          .where((eb) =>
            eb(eb.fn<string>('lower', ['email']), '=', eb.fn<string>('lower', [eb.val(by.email)])),
          )
      : query.selectFrom('local_credentials').selectAll().where('user_id', '=', by.userId),
  );
  // The role came from the server's (validated) sign-in answer; a role this version does not know is no cached
  // sign-in: the nurse signs in online, which caches her again.
  return r && isRole(r.role) ? toUser(r, r.role) : null;
}

/** After the server accepted `password`: cache the verifier, the profile and the refresh token. */
export async function cacheCredentials(
  sqlite: Database.Database,
  tokens: RemoteTokens,
  password: string,
  nowIso: string,
): Promise<CachedUser> {
  const verifier = await makeVerifier(password);
  const u = tokens.user;
  sqlite
    .prepare(`DELETE FROM local_credentials WHERE lower(email) = lower(?) AND user_id <> ?`)
    .run(u.email, u.id);
  sqlite
    .prepare(
      `INSERT INTO local_credentials (user_id, email, first_name, last_name, role, school_ids, verifier, refresh_token,
         refresh_expires_at, cached_at, last_online_at, failed_count, locked_until)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL)
       ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, first_name = excluded.first_name,
         last_name = excluded.last_name, role = excluded.role, school_ids = excluded.school_ids,
         verifier = excluded.verifier, refresh_token = excluded.refresh_token,
         refresh_expires_at = excluded.refresh_expires_at, last_online_at = excluded.last_online_at,
         failed_count = 0, locked_until = NULL`,
    )
    .run(
      u.id,
      u.email,
      u.firstName,
      u.lastName,
      u.role,
      JSON.stringify(u.schoolIds),
      verifier,
      tokens.refreshToken,
      tokens.refreshExpiresAt,
      nowIso,
      nowIso,
    );
  return findCachedUser(sqlite, { userId: u.id })!;
}

export function storeRefreshToken(
  sqlite: Database.Database,
  userId: string,
  tokens: RemoteTokens,
  nowIso: string,
): void {
  sqlite
    .prepare(
      `UPDATE local_credentials SET refresh_token = ?, refresh_expires_at = ?, last_online_at = ? WHERE user_id = ?`,
    )
    .run(tokens.refreshToken, tokens.refreshExpiresAt, nowIso, userId);
}

/** The server refused this password: the cached verifier and the nurse's unlock PIN stop working here. */
export function forgetCredentials(sqlite: Database.Database, email: string): void {
  sqlite.transaction(() => {
    sqlite
      .prepare(
        `DELETE FROM local_pins WHERE user_id IN (SELECT user_id FROM local_credentials WHERE lower(email) = lower(?))`,
      )
      .run(email);
    sqlite.prepare(`DELETE FROM local_credentials WHERE lower(email) = lower(?)`).run(email);
  })();
}

export type VerifyOutcome = 'OK' | 'WRONG' | 'LOCKED_OUT';

/** Checks the password against the cached verifier, counting failures toward the local lockout. */
export async function verifyCached(
  sqlite: Database.Database,
  user: CachedUser,
  password: string,
  now: number,
): Promise<VerifyOutcome> {
  if (user.lockedUntil && Date.parse(user.lockedUntil) > now) return 'LOCKED_OUT';
  if (await matchesVerifier(user.verifier, password)) {
    sqlite
      .prepare(`UPDATE local_credentials SET failed_count = 0, locked_until = NULL WHERE user_id = ?`)
      .run(user.userId);
    return 'OK';
  }
  const count = (user.lockedUntil ? 0 : user.failedCount) + 1;
  const lockedUntil =
    count >= LOCAL_LOCKOUT_THRESHOLD ? new Date(now + LOCAL_LOCKOUT_MS).toISOString() : null;
  sqlite
    .prepare(`UPDATE local_credentials SET failed_count = ?, locked_until = ? WHERE user_id = ?`)
    .run(lockedUntil ? 0 : count, lockedUntil, user.userId);
  return lockedUntil ? 'LOCKED_OUT' : 'WRONG';
}
