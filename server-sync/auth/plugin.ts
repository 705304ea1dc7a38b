import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { UserRole } from '../../src-shared/enums';
import type { ServerDb } from '../db/connect';
import type { Clock } from '../plugins/clock';
import { HttpError } from '../plugins/errors';
import { authenticateCookie, consoleCookie } from './browser-session';
import type { AuthContext } from './context';
import type { TokenKeys } from './tokens';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Verifies the bearer access token and sets request.auth: the token's signature and expiry, its
     * session not revoked, the user active, the device (if the token is bound to one) not revoked. Without an
     * Authorization header, the district console's session cookie is accepted instead (browser-session.ts: a
     * request that changes something then needs the session's CSRF token and the server's own Origin).
     * Use as a route hook: `{ onRequest: app.authenticate }` (or preHandler).
     */
    authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
}

export interface AuthDeps {
  readonly db: ServerDb;
  readonly keys: TokenKeys;
  readonly clock: Clock;
  /** the key of the console's CSRF tokens (browser-session.ts csrfKeyFrom) */
  readonly csrfKey: Buffer;
}

const unauthenticated = (code: string, message: string) => new HttpError(401, code, message);

async function authenticateRequest(deps: AuthDeps, request: FastifyRequest): Promise<AuthContext> {
  const header = request.headers.authorization;
  if (header === undefined) {
    const cookie = consoleCookie(request);
    if (cookie !== undefined)
      return authenticateCookie(deps.db, deps.csrfKey, request, cookie, deps.clock.now());
  }
  const m = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!m?.[1])
    throw unauthenticated('UNAUTHENTICATED', 'missing bearer access token (Authorization: Bearer <token>)');
  const verified = await deps.keys.verify(m[1], deps.clock.now());
  if (!verified.ok) {
    throw verified.reason === 'expired'
      ? unauthenticated('TOKEN_EXPIRED', 'access token expired: refresh it at /auth/refresh')
      : unauthenticated('INVALID_TOKEN', 'access token is not valid');
  }
  const c = verified.claims;
  const r = await sql<{ active: boolean; device_revoked: boolean; session_revoked: boolean }>`
    SELECT (u.is_active AND u.deleted_at IS NULL AND u.district_id = ${c.dis}) AS active,
           COALESCE((SELECT d.revoked_at IS NOT NULL FROM devices d WHERE d.id = ${c.did}), ${c.did !== null}) AS device_revoked,
           EXISTS (SELECT 1 FROM auth_refresh_tokens t WHERE t.family_id = ${c.fam} AND t.revoked_at IS NOT NULL) AS session_revoked
    FROM users u WHERE u.id = ${c.sub}`.execute(deps.db);
  const row = r.rows[0];
  if (!row?.active) throw unauthenticated('ACCOUNT_DISABLED', 'this account is disabled');
  if (row.session_revoked)
    throw unauthenticated('SESSION_REVOKED', 'this session was signed out or revoked: log in again');
  if (row.device_revoked)
    throw unauthenticated('DEVICE_REVOKED', 'this workstation was revoked: enroll it again');
  return Object.freeze({
    userId: c.sub,
    districtId: c.dis,
    role: c.role,
    schoolIds: Object.freeze([...c.sch]),
    deviceId: c.did,
    tokenId: c.jti,
    sessionId: c.fam,
    via: 'bearer' as const,
  });
}

/** Decorates the app with `authenticate` and every request with `auth` (null until authenticated). */
export function installAuth(app: FastifyInstance, deps: AuthDeps): void {
  app.decorateRequest('auth', null);
  app.decorate('authenticate', async (request: FastifyRequest) => {
    request.auth = await authenticateRequest(deps, request);
  });
}

/** The authenticated caller (throws 401 on a route that forgot `authenticate`). */
export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw unauthenticated('UNAUTHENTICATED', 'authentication required');
  return request.auth;
}

/** Route hook: 403 unless the caller has one of the roles. Runs after `authenticate`. */
export function requireRole(...roles: UserRole[]) {
  return (request: FastifyRequest): Promise<void> => {
    if (!request.auth) return Promise.reject(unauthenticated('UNAUTHENTICATED', 'authentication required'));
    if (!roles.includes(request.auth.role)) {
      return Promise.reject(
        new HttpError(403, 'FORBIDDEN', `this action requires the role ${roles.join(' or ')}`),
      );
    }
    return Promise.resolve();
  };
}

/** Route hook: 403 DEVICE_REQUIRED unless the token is bound to an enrolled workstation (sync routes). */
export function requireDevice(request: FastifyRequest): Promise<void> {
  if (!request.auth) return Promise.reject(unauthenticated('UNAUTHENTICATED', 'authentication required'));
  if (!request.auth.deviceId) {
    return Promise.reject(
      new HttpError(
        403,
        'DEVICE_REQUIRED',
        'this call needs a token bound to an enrolled workstation: log in with deviceId and deviceSecret',
      ),
    );
  }
  return Promise.resolve();
}
