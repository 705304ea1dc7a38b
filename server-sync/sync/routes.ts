import type { FastifyRequest } from 'fastify';
import { serializerCompiler, type FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  conflictNotice,
  pullQuery,
  pullResponse,
  pushRequestFromJson,
  pushResponse,
} from '../../src-shared/sync/protocol';
import { auditUploadRequest, auditUploadResponse } from '../../src-shared/sync/audit-upload';
import { authOf, requireDevice } from '../auth/plugin';
import type { ServerDb } from '../db/connect';
import { systemClock, type Clock } from '../plugins/clock';
import { HttpError } from '../plugins/errors';
import { applyPush, type PushApplied } from './apply';
import { uploadAudit } from './audit-upload';
import { conflictsQuery, listConflicts, resolveBody, resolveConflict } from './conflicts';
import { schemaVersionFromHeader } from './device';
import { pullChanges } from './pull';
import { TEXT_CHECKED_BY_ROUTE } from '../plugins/text-check';

export interface SyncRoutesOptions {
  readonly db: ServerDb;
  readonly clock?: Clock;
  /** Called after a push that wrote rows committed (a feature's follow-up, composed in app.ts). */
  readonly onApplied?: PushApplied;
}

/** Error answers of the sync routes: the protocol's syncErrorBody, loosened to every code the server's error handler may send. */
const syncError = z.object({
  error: z.string(),
  message: z.string(),
  expectedSeq: z.number().int().positive().optional(),
  serverTime: z.string().optional(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** For FORBIDDEN: the roles that may make the call. */
  requiredRoles: z.array(z.string()).optional(),
  requestId: z.string().optional(),
});
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, syncError]));

/**
 * GET /sync/pull's 200 answer is built by pullChanges itself, typed as the protocol's PullResponse, from rows the
 * capture triggers logged: it is serialized as it is. Running it through the zod serializer checked every column
 * value of every change against the recursive JSON schema, the pull's largest CPU cost (~35 ms per 1,000 changes);
 * the workstation checks what it receives all the same. Error answers still go through zod.
 */
function pullSerializer(route: {
  schema: unknown;
  method: string;
  url: string;
  httpStatus?: string;
}): (data: unknown) => string {
  if (route.httpStatus === '200') return (data) => JSON.stringify(data);
  // fastify calls a route's serializer compiler once per response schema (its types say the route's whole schema)
  return serializerCompiler(route as Parameters<typeof serializerCompiler>[0]);
}

function caller(request: FastifyRequest) {
  const auth = authOf(request);
  const ua = request.headers['user-agent'];
  return {
    userId: auth.userId,
    role: auth.role,
    deviceId: auth.deviceId,
    schoolIds: auth.schoolIds,
    ip: request.ip || null,
    userAgent: typeof ua === 'string' ? ua : null,
  };
}

/**
 * The sync protocol (docs/sync.md), mounted at /sync. Every route takes a bearer token; push and pull also the
 * x-white-cross-schema header. Push and audit (the workstation's local audit trail) need a device-bound token.
 */
export const syncRoutes: FastifyPluginAsyncZod<SyncRoutesOptions> = (
  app,
  { db, clock = systemClock, onApplied },
) => {
  app.addHook('onRequest', app.authenticate);

  app.post(
    '/push',
    {
      schema: {
        tags: ['sync'],
        summary: "Push a batch of this workstation's outbox (idempotent by per-device seq)",
        security: [{ bearer: [] }],
        body: pushRequestFromJson,
        response: { 200: pushResponse, ...errors(400, 401, 403, 409) },
      },
      // a change holding text PostgreSQL cannot store is rejected alone (validate.ts), never the whole batch
      config: TEXT_CHECKED_BY_ROUTE,
    },
    async (request) => {
      const version = schemaVersionFromHeader(request.headers['x-white-cross-schema']);
      if (version !== request.body.schemaVersion) {
        throw new HttpError(
          400,
          'BAD_REQUEST',
          `body.schemaVersion ${request.body.schemaVersion} differs from header x-white-cross-schema ${version}`,
        );
      }
      return applyPush(db, caller(request), request.body, clock.now().getTime(), onApplied);
    },
  );

  app.post(
    '/audit',
    {
      schema: {
        tags: ['sync'],
        summary:
          "Upload this workstation's local audit trail into audit_logs (hash-chained, idempotent by seq)",
        security: [{ bearer: [] }],
        body: auditUploadRequest,
        response: { 200: auditUploadResponse, ...errors(400, 401, 403, 409, 422) },
      },
      preValidation: requireDevice,
      // the trail is hash-chained as the workstation holds it: text PostgreSQL cannot store is kept escaped, never
      // refused (a refusal would stop the trail's upload for good)
      config: TEXT_CHECKED_BY_ROUTE,
    },
    async (request) => uploadAudit(db, caller(request), request.body, clock.now()),
  );

  app.get(
    '/pull',
    {
      schema: {
        tags: ['sync'],
        summary: "Changes of the caller's schools (and district-wide reference data) after a server sequence",
        security: [{ bearer: [] }],
        querystring: pullQuery,
        response: { 200: pullResponse, ...errors(400, 401, 403) },
      },
      serializerCompiler: pullSerializer,
    },
    async (request) => {
      schemaVersionFromHeader(request.headers['x-white-cross-schema']);
      return pullChanges(db, caller(request), request.query);
    },
  );

  app.get(
    '/conflicts',
    {
      schema: {
        tags: ['sync'],
        summary: "Sync conflicts of the caller's schools, for review",
        security: [{ bearer: [] }],
        querystring: conflictsQuery,
        response: { 200: z.object({ conflicts: z.array(conflictNotice) }), ...errors(400, 401, 403) },
      },
    },
    async (request) => ({ conflicts: await listConflicts(db, caller(request), request.query) }),
  );

  app.post(
    '/conflicts/:id/resolve',
    {
      schema: {
        tags: ['sync'],
        summary: 'Resolve a conflict: keep the winner, or apply the losing value as a new change',
        security: [{ bearer: [] }],
        params: z.strictObject({ id: z.string().min(1).max(64) }),
        body: resolveBody,
        response: { 200: z.object({ conflict: conflictNotice }), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => ({
      conflict: await resolveConflict(db, caller(request), request.params.id, request.body),
    }),
  );
  return Promise.resolve();
};
