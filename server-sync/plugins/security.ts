import helmet from '@fastify/helmet';
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { HttpError } from './errors';

export interface SecurityOptions {
  /** Requests per minute per client address, every route. */
  readonly rateLimitMax: number;
}

/** The key of a request whose connection is already gone (request.ip is then undefined): see rateLimitKey. */
export const GONE_CLIENT_KEY = 'client-gone';

/**
 * The rate limit's key: the client's address, normalized as @fastify/rate-limit does by default (an IPv6 address by
 * its subnet). A request whose connection the client reset before its turn came (a server that was frozen, or busy,
 * and resumes) has no address any more: the default key generator then threw "Cannot read properties of undefined
 * (reading 'toLowerCase')" in normalizeIP, a 500 logged as an error. Such requests share one key instead.
 */
export const rateLimitKey = (request: { readonly ip: string | undefined }): string =>
  request.ip ? normalizeIP(request.ip) : GONE_CLIENT_KEY;

/** Answers that may be kept by a cache: the API docs' static assets (no tokens, no health data). */
const CACHEABLE = /^\/docs\/static\//;

/**
 * Security headers on every response, `Cache-Control: no-store` on every response but the docs' static assets
 * (tokens and health data must never be kept by a browser or a proxy), and a per-address rate limit on every route
 * (routes may set a stricter one). Registered on the root instance before any route plugin, so their hooks reach
 * every route, the not-found handler and the error handler.
 */
export function installSecurity(app: FastifyInstance, options: SecurityOptions): void {
  void app.register(helmet, { global: true });
  app.addHook('onSend', (request, reply, payload, done) => {
    if (!CACHEABLE.test(request.url)) void reply.header('cache-control', 'no-store');
    done(null, payload);
  });
  void app.register(rateLimit, {
    global: true,
    keyGenerator: rateLimitKey,
    max: options.rateLimitMax,
    timeWindow: '1 minute',
    errorResponseBuilder: (_request, context) =>
      new HttpError(
        429,
        'RATE_LIMITED',
        `too many requests: at most ${context.max} per ${context.after}; retry in ${Math.ceil(context.ttl / 1000)} s`,
      ),
  });
}

/** Route option for the stricter limit of /auth/login and /devices/enroll. */
export const strictRateLimit = (max: number) => ({ rateLimit: { max, timeWindow: '1 minute' } });
