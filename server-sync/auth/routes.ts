import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { loginRequest, logoutResponse, refreshRequest, tokenResponse } from '../../src-shared/api/auth';
import { auditEntry, appendAudit } from '../audit';
import { errorResponses } from '../plugins/errors';
import { strictRateLimit } from '../plugins/security';
import { authOf } from './plugin';
import { login, refresh, type AuthServiceDeps } from './service';
import { revokeFamily } from './sessions';

export interface AuthRoutesOptions {
  readonly deps: AuthServiceDeps;
  /** Login attempts per minute per client address. */
  readonly loginRateLimitMax: number;
}

/** /auth/login, /auth/refresh, /auth/logout. */
export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = (app, { deps, loginRateLimitMax }) => {
  app.post(
    '/login',
    {
      config: strictRateLimit(loginRateLimitMax),
      schema: {
        tags: ['auth'],
        summary: 'Log in with email and password (and, from a workstation, its device id and secret)',
        body: loginRequest,
        response: { 200: tokenResponse, ...errorResponses(400, 401, 403, 429) },
      },
    },
    (request) => login(deps, request, request.body),
  );

  app.post(
    '/refresh',
    {
      config: strictRateLimit(loginRateLimitMax * 6),
      schema: {
        tags: ['auth'],
        summary: 'Exchange a refresh token for a new access token and the next refresh token',
        body: refreshRequest,
        response: { 200: tokenResponse, ...errorResponses(400, 401, 429) },
      },
    },
    (request) => refresh(deps, request, request.body.refreshToken),
  );

  app.post(
    '/logout',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['auth'],
        summary: 'Sign out: revokes this session (its refresh tokens and access tokens)',
        security: [{ bearer: [] }],
        response: { 200: logoutResponse, ...errorResponses(401) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const now = deps.clock.now();
      const revokedTokens = await deps.db.transaction().execute(async (trx) => {
        const n = auth.sessionId ? await revokeFamily(trx, auth.sessionId, 'LOGOUT', now) : 0;
        await appendAudit(
          trx,
          auditEntry(request, now, {
            action: 'LOGOUT',
            tableName: 'users',
            recordId: auth.userId,
            details: { session: auth.sessionId ?? null },
          }),
        );
        return n;
      });
      return { revokedTokens };
    },
  );
  return Promise.resolve();
};
