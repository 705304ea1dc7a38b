import type { FastifyRequest } from 'fastify';
import { findUnstorableText, textPathLabel } from '../../src-shared/text/storable';
import { HttpError } from '../plugins/errors';

/**
 * Text PostgreSQL cannot store (src-shared/text/storable.ts) in a sync request. The server refuses it in every
 * request's body, query string and path parameters with a 400 naming the field; a route that handles such text
 * itself says so with `config: { textCheck: 'route' }` (POST /sync/push rejects the change holding it, alone;
 * POST /sync/audit keeps it escaped). The sync routes make the same check themselves (`refuseUnstorableText`), so
 * they never answer 500 for it whatever the server's global hooks.
 */

declare module 'fastify' {
  interface FastifyContextConfig {
    /** 'route': the route handles text a database cannot store itself (no 400 from the global check). */
    textCheck?: 'route';
  }
}

/** The route option of a route that handles unstorable text itself. */
export const TEXT_CHECKED_BY_ROUTE = Object.freeze({ textCheck: 'route' as const });

/** preValidation hook: 400 naming the first field of the query string, path parameters or body that holds such text. */
export function refuseUnstorableText(request: FastifyRequest): Promise<void> {
  if (request.routeOptions.config.textCheck === 'route') return Promise.resolve();
  for (const [where, value] of [
    ['query', request.query],
    ['params', request.params],
    ['body', request.body],
  ] as const) {
    const found = findUnstorableText(value);
    if (found) {
      const field = textPathLabel(
        where,
        found.path.map((p) => (typeof p === 'string' ? JSON.stringify(p).slice(1, -1) : p)),
      );
      return Promise.reject(
        new HttpError(400, 'BAD_REQUEST', `${field}: ${found.reason}`, {
          issues: [{ path: field, message: found.reason }],
        }),
      );
    }
  }
  return Promise.resolve();
}
