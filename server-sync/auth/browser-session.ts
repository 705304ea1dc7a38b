import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { CONSOLE_SESSION_COOKIE, CSRF_HEADER } from '../../src-shared/api/console';
import type { UserRole } from '../../src-shared/enums';
import type { ServerDb } from '../db/connect';
import { HttpError } from '../plugins/errors';
import type { AuthContext } from './context';
import { schoolIdsOf } from './scope';
import { sha256Hex } from './tokens';

/**
 * The district console's browser session (server-sync/console signs in and out): the cookie holds the opaque token
 * of a login session's refresh-token family (auth_refresh_tokens, no device), HttpOnly, so no script of the page
 * ever holds a credential. `app.authenticate` accepts it as it accepts a bearer token; a request that changes
 * something must also carry the session's CSRF token (an HMAC of the session id under a key derived from the
 * server's secret) and come from the server's own origin.
 */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The CSRF key: derived from the token secret, so every server instance of the district computes the same. */
export const csrfKeyFrom = (secret: string): Buffer =>
  createHmac('sha256', secret).update('white-cross console csrf v1').digest();

/** The CSRF token of a session: HMAC-SHA256 of its id, base64url. */
export const csrfTokenFor = (key: Buffer, sessionId: string): string =>
  createHmac('sha256', key).update(sessionId, 'utf8').digest('base64url');

/** Constant-time check of a presented CSRF token. */
export function csrfMatches(key: Buffer, sessionId: string, presented: unknown): boolean {
  if (typeof presented !== 'string' || presented.length === 0 || presented.length > 200) return false;
  const want = Buffer.from(csrfTokenFor(key, sessionId), 'utf8');
  const got = Buffer.from(presented, 'utf8');
  return got.length === want.length && timingSafeEqual(got, want);
}

/** The server's own origin as the browser sees it (scheme, host and port of this request). */
export const ownOrigin = (request: FastifyRequest): string => `${request.protocol}://${request.host}`;

/** True when the request's Origin header is absent or this server's own. */
export function originAllowed(request: FastifyRequest, required: boolean): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return !required;
  return origin === ownOrigin(request);
}

/** The console cookie's value, if the request carries one. */
export function consoleCookie(request: FastifyRequest): string | undefined {
  const v = (request.cookies as Record<string, string | undefined> | undefined)?.[CONSOLE_SESSION_COOKIE];
  return v && v.length >= 20 && v.length <= 200 ? v : undefined;
}

const refused = (code: string, message: string) => new HttpError(401, code, message);

export interface CookieSessionRow {
  readonly tokenId: string;
  readonly familyId: string;
  readonly userId: string;
  readonly expiresAt: Date;
}

/** The live console session a cookie token names (not revoked, not expired, not a workstation's), or null. */
export async function findCookieSession(
  db: ServerDb,
  token: string,
  now: Date,
): Promise<CookieSessionRow | null> {
  const row = await db
    .selectFrom('auth_refresh_tokens')
    .select(['id', 'family_id', 'user_id', 'expires_at', 'revoked_at', 'used_at', 'device_id'])
    .where('token_hash', '=', sha256Hex(token))
    .executeTakeFirst();
  if (!row || row.revoked_at || row.used_at || row.device_id !== null) return null;
  if (row.expires_at.getTime() <= now.getTime()) return null;
  return { tokenId: row.id, familyId: row.family_id, userId: row.user_id, expiresAt: row.expires_at };
}

/**
 * Authenticates a request by its console cookie. For POST, PUT, PATCH and DELETE the Origin must be the server's
 * own and X-CSRF-Token the session's: 403 CSRF otherwise (a page of another site can make the browser send the
 * cookie, never read the token or forge the Origin).
 */
export async function authenticateCookie(
  db: ServerDb,
  csrfKey: Buffer,
  request: FastifyRequest,
  token: string,
  now: Date,
): Promise<AuthContext> {
  const session = await findCookieSession(db, token, now);
  if (!session) throw refused('SESSION_EXPIRED', 'your console session ended: sign in again');
  const r = await sql<{ role: UserRole; district_id: string; active: boolean }>`
    SELECT role, district_id, (is_active AND deleted_at IS NULL) AS active FROM users WHERE id = ${session.userId}`.execute(
    db,
  );
  const user = r.rows[0];
  if (!user?.active) throw refused('ACCOUNT_DISABLED', 'this account is disabled');
  if (!SAFE_METHODS.has(request.method)) {
    if (!originAllowed(request, true))
      throw new HttpError(403, 'CSRF', 'refused: the request does not come from this server’s own pages');
    if (!csrfMatches(csrfKey, session.familyId, request.headers[CSRF_HEADER]))
      throw new HttpError(403, 'CSRF', 'refused: missing or wrong X-CSRF-Token for this session');
  }
  const schoolIds = await schoolIdsOf(db, {
    id: session.userId,
    role: user.role,
    district_id: user.district_id,
  });
  return Object.freeze({
    userId: session.userId,
    districtId: user.district_id,
    role: user.role,
    schoolIds: Object.freeze(schoolIds),
    deviceId: null,
    tokenId: session.tokenId,
    sessionId: session.familyId,
    via: 'cookie' as const,
  });
}
