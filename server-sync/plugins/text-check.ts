import type { FastifyInstance, FastifyRequest } from 'fastify';
import { findUnstorableText, textPathLabel } from '../../src-shared/text/storable';
import { HttpError } from './errors';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * 'route': this route handles text a database cannot store itself (POST /sync/push rejects the offending change
     * per row, so a workstation is never wedged), and the app-wide check below leaves its request alone.
     */
    textCheck?: 'route';
  }
}

/** Route option of a route that checks text itself: `{ config: { ...TEXT_CHECKED_BY_ROUTE } }`. */
export const TEXT_CHECKED_BY_ROUTE = Object.freeze({ textCheck: 'route' as const });

/** The parts of a request the check reads, in the order it reads them (and names them in the answer). */
const PARTS = Object.freeze(['params', 'querystring', 'body'] as const);

const partOf = (request: FastifyRequest, part: (typeof PARTS)[number]): unknown =>
  part === 'params' ? request.params : part === 'querystring' ? request.query : request.body;

/**
 * Text PostgreSQL cannot store (a NUL character, a lone UTF-16 surrogate: src-shared/text/storable.ts) is refused at
 * the door: 400 naming the field (`body.entries.3.details.reason`, `querystring.after`, `params.id`), in the app's
 * error format, before the route's own validation and handler, so it never reaches the database as a 500.
 *
 * Registered on the root instance before any route plugin, so it covers every route. Over HTTP a lone surrogate can
 * only arrive in a JSON body (`"\ud800"`): in a URL it has no UTF-8 form (a path with one is a malformed URL, a query
 * string keeps it as the literal `%ED%A0%80`); a NUL (`%00`) arrives anywhere.
 */
export function installTextCheck(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    if (request.routeOptions.config?.textCheck === 'route') return done();
    for (const part of PARTS) {
      const found = findUnstorableText(partOf(request, part));
      if (found) {
        const field = textPathLabel(part, found.path);
        return done(
          new HttpError(400, 'BAD_REQUEST', `${field} ${found.reason}`, {
            issues: [{ path: field, message: found.reason }],
          }),
        );
      }
    }
    return done();
  });
}
