import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CONSOLE_SESSION_COOKIE,
  CONSOLE_SESSION_HOURS,
  consoleSessionResponse,
  consoleSignInRequest,
  consoleSignOutResponse,
  isConsoleRole,
  type ConsoleSessionResponse,
} from '../../src-shared/api/console';
import { auditEntry, appendAudit } from '../audit';
import { consoleCookie, csrfTokenFor, findCookieSession, originAllowed } from '../auth/browser-session';
import { authOf } from '../auth/plugin';
import { login, type AuthServiceDeps } from '../auth/service';
import { revokeFamily } from '../auth/sessions';
import { errorResponses, HttpError } from '../plugins/errors';
import { strictRateLimit } from '../plugins/security';

export interface ConsoleSessionOptions {
  readonly deps: AuthServiceDeps;
  readonly csrfKey: Buffer;
  readonly loginRateLimitMax: number;
}

const DEFAULT_TIME_ZONE = 'America/New_York';

/** The cookie's attributes: HttpOnly, SameSite=Strict, Path=/, Secure when the request came over TLS. */
function cookieOptions(request: FastifyRequest, expires?: Date) {
  return {
    httpOnly: true,
    secure: request.protocol === 'https',
    sameSite: 'strict' as const,
    path: '/',
    ...(expires ? { expires } : {}),
  };
}

async function sessionAnswer(
  opts: ConsoleSessionOptions,
  userId: string,
  sessionId: string,
  schoolIds: readonly string[],
  expiresAt: Date,
): Promise<ConsoleSessionResponse> {
  const u = await opts.deps.db
    .selectFrom('users as u')
    .innerJoin('districts as d', 'd.id', 'u.district_id')
    .select([
      'u.id',
      'u.email',
      'u.first_name',
      'u.last_name',
      'u.role',
      'u.district_id',
      'd.name as district_name',
      'd.timezone',
    ])
    .where('u.id', '=', userId)
    .executeTakeFirstOrThrow();
  return {
    user: {
      id: u.id,
      email: u.email,
      firstName: u.first_name,
      lastName: u.last_name,
      role: u.role,
      districtId: u.district_id,
      schoolIds: [...schoolIds],
    },
    csrfToken: csrfTokenFor(opts.csrfKey, sessionId),
    districtTimeZone: u.timezone || DEFAULT_TIME_ZONE,
    districtName: u.district_name,
    expiresAt: expiresAt.toISOString(),
  };
}

const crossOrigin = () =>
  new HttpError(403, 'CSRF', 'refused: the request does not come from this server’s own pages');

/**
 * /console/session: the console's sign-in (POST: e-mail and password through the auth service, with its lockout,
 * rate limit and audit; sets the session cookie), the current session (GET: the user and the CSRF token, after a
 * reload) and sign-out (DELETE: revokes the session, clears the cookie).
 */
export const consoleSessionRoutes: FastifyPluginAsyncZod<ConsoleSessionOptions> = (app, opts) => {
  const { deps } = opts;
  const sessionTtlSeconds = Math.min(deps.refreshTtlSeconds, CONSOLE_SESSION_HOURS * 3600);

  app.post(
    '/session',
    {
      config: strictRateLimit(opts.loginRateLimitMax),
      schema: {
        tags: ['console'],
        summary: 'Sign in to the district console: sets the HttpOnly session cookie, answers the CSRF token',
        body: consoleSignInRequest,
        response: { 200: consoleSessionResponse, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      if (!originAllowed(request, false)) throw crossOrigin();
      const t = await login({ ...deps, refreshTtlSeconds: sessionTtlSeconds }, request, request.body);
      const now = deps.clock.now();
      const session = await findCookieSession(deps.db, t.refreshToken, now);
      if (!session) throw new HttpError(500, 'INTERNAL', 'the new session was not found');
      if (!isConsoleRole(t.user.role)) {
        await deps.db.transaction().execute(async (trx) => {
          await revokeFamily(trx, session.familyId, 'LOGOUT', now);
          await appendAudit(
            trx,
            auditEntry(request, now, {
              action: 'LOGOUT',
              userId: t.user.id,
              tableName: 'users',
              recordId: t.user.id,
              details: { session: session.familyId, reason: 'console_role_not_allowed' },
            }),
          );
        });
        throw new HttpError(
          403,
          'CONSOLE_NOT_ALLOWED',
          'the district console is for administrators, billing and auditors: nurses work at a clinic workstation',
        );
      }
      void reply.setCookie(CONSOLE_SESSION_COOKIE, t.refreshToken, cookieOptions(request, session.expiresAt));
      return sessionAnswer(opts, t.user.id, session.familyId, t.user.schoolIds, session.expiresAt);
    },
  );

  app.get(
    '/session',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['console'],
        summary: 'The console session of this browser: the user, the CSRF token, the district time zone',
        response: { 200: consoleSessionResponse, ...errorResponses(401) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const cookie = consoleCookie(request);
      const session = cookie ? await findCookieSession(deps.db, cookie, deps.clock.now()) : null;
      if (auth.via !== 'cookie' || !session || !auth.sessionId)
        throw new HttpError(401, 'UNAUTHENTICATED', 'no console session: sign in at /console');
      return sessionAnswer(opts, auth.userId, auth.sessionId, auth.schoolIds, session.expiresAt);
    },
  );

  app.delete(
    '/session',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['console'],
        summary: 'Sign out of the console: revokes the session and clears the cookie',
        response: { 200: consoleSignOutResponse, ...errorResponses(401, 403) },
      },
    },
    async (request, reply: FastifyReply) => {
      const auth = authOf(request);
      const now = deps.clock.now();
      await deps.db.transaction().execute(async (trx) => {
        if (auth.sessionId) await revokeFamily(trx, auth.sessionId, 'LOGOUT', now);
        await appendAudit(
          trx,
          auditEntry(request, now, {
            action: 'LOGOUT',
            tableName: 'users',
            recordId: auth.userId,
            details: { session: auth.sessionId ?? null, via: auth.via ?? 'bearer' },
          }),
        );
      });
      void reply.clearCookie(CONSOLE_SESSION_COOKIE, cookieOptions(request));
      return { signedOut: true as const };
    },
  );
  return Promise.resolve();
};
