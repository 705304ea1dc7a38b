import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { HttpError } from './errors';

export interface SecurityOptions {
  /** Requests per minute per client address, every route. */
  readonly rateLimitMax: number;
}

/**
 * Security headers on every response, and a per-address rate limit on every route (routes may set a
 * stricter one). Registered on the root instance before any route plugin, so their hooks reach every route.
 */
export function installSecurity(app: FastifyInstance, options: SecurityOptions): void {
  void app.register(helmet, { global: true });
  void app.register(rateLimit, {
    global: true,
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
