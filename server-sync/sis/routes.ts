import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  importQuery,
  importResult,
  resolveReviewRequest,
  resolveReviewResponse,
  runErrorsQuery,
  runErrorsResponse,
  runsQuery,
  runsResponse,
  reviewsResponse,
  sisIdParams,
  withdrawalDecisionResponse,
  withdrawalsQuery,
  withdrawalsResponse,
} from '../../src-shared/api/sis';
import { authOf, requireRole } from '../auth/plugin';
import { auditEntry, appendAudit } from '../audit';
import type { ServerDb } from '../db/connect';
import { scopeOf, withTenant } from '../db/tenant';
import type { Clock } from '../plugins/clock';
import { errorResponses, HttpError } from '../plugins/errors';
import { decideWithdrawal, resolveReview, type Actor } from './decisions';
import { readRosterZip, RosterFileError } from './files';
import { runImport } from './run';
import { jobErrors, listJobs, listReviews, listWithdrawals } from './views';

export interface SisRoutesOptions {
  readonly db: ServerDb;
  readonly clock: Clock;
}

/** Largest zip the console may upload. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

/**
 * /sis/...: the district console's SIS import (DISTRICT_ADMIN only): upload a OneRoster CSV zip for a dry run or an
 * import, the runs with their counts and rejected records, the manual review queue, and held withdrawals. Everything
 * runs under row-level security for the caller's schools (a district administrator's: every school of the
 * district) and is audited.
 */
export const sisRoutes: FastifyPluginAsyncZod<SisRoutesOptions> = (app, { db, clock }) => {
  app.addHook('onRequest', app.authenticate);
  app.addHook('preHandler', requireRole('DISTRICT_ADMIN'));
  app.addContentTypeParser(
    ['application/zip', 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES },
    (_req, body, done) => {
      done(null, body);
    },
  );

  const actorOf = (request: Parameters<typeof authOf>[0], at: Date): Actor => {
    const auth = authOf(request);
    return {
      userId: auth.userId,
      districtId: auth.districtId,
      schoolIds: auth.schoolIds,
      audit: (e) => auditEntry(request, at, { ...e, userId: auth.userId }),
    };
  };

  app.post(
    '/imports',
    {
      bodyLimit: MAX_UPLOAD_BYTES,
      schema: {
        tags: ['sis'],
        summary:
          'Import a OneRoster CSV zip (or plan it: dryRun=true), with the counts and every rejected record',
        security: [{ bearer: [] }],
        querystring: importQuery,
        response: { 200: importResult, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      if (!Buffer.isBuffer(request.body))
        throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the OneRoster zip as application/zip');
      let files;
      try {
        files = readRosterZip(new Uint8Array(request.body), 'upload.zip');
      } catch (e) {
        if (e instanceof RosterFileError) throw new HttpError(400, 'BAD_REQUEST', e.message);
        throw e;
      }
      return runImport(db, {
        files,
        source: 'console upload',
        districtId: auth.districtId,
        configId: request.query.configId,
        dryRun: request.query.dryRun === 'true',
        userId: auth.userId,
        trigger: 'MANUAL',
        at: clock.now(),
      });
    },
  );

  app.get(
    '/runs',
    {
      schema: {
        tags: ['sis'],
        summary: 'Import runs of the district, newest first, with their counts',
        security: [{ bearer: [] }],
        querystring: runsQuery,
        response: { 200: runsResponse, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      return withTenant(db, scopeOf(auth), async (trx) => ({
        runs: await listJobs(trx, auth.districtId, request.query.limit),
      }));
    },
  );

  app.get(
    '/runs/:id/errors',
    {
      schema: {
        tags: ['sis'],
        summary: "A run's rejected records: file, line, record id, field and reason",
        security: [{ bearer: [] }],
        params: sisIdParams,
        querystring: runErrorsQuery,
        response: {
          200: runErrorsResponse,
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const now = clock.now();
      return withTenant(db, scopeOf(auth), async (trx) => {
        const errors = await jobErrors(trx, auth.districtId, request.params.id, request.query.limit);
        if (errors === null)
          throw new HttpError(404, 'NOT_FOUND', `no import run ${request.params.id} in your district`);
        await appendAudit(
          trx,
          auditEntry(request, now, {
            action: 'READ',
            tableName: 'sis_sync_errors',
            recordId: request.params.id,
            details: { event: 'sis_run_errors', count: errors.length },
          }),
        );
        return { errors };
      });
    },
  );

  app.get(
    '/reviews',
    {
      schema: {
        tags: ['sis'],
        summary: 'The manual review queue: fields where the SIS and White Cross differ, with both values',
        security: [{ bearer: [] }],
        response: { 200: reviewsResponse, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const now = clock.now();
      return withTenant(db, scopeOf(auth), async (trx) => {
        const reviews = await listReviews(trx, auth.districtId);
        const bySchool = new Map<string, string[]>();
        for (const r of reviews) bySchool.set(r.schoolId, [...(bySchool.get(r.schoolId) ?? []), r.studentId]);
        for (const [schoolId, ids] of bySchool)
          await appendAudit(
            trx,
            auditEntry(request, now, {
              action: 'READ',
              tableName: 'students',
              schoolId,
              details: { event: 'sis_review_queue', recordIds: ids },
            }),
          );
        return { reviews };
      });
    },
  );

  app.post(
    '/reviews/:id/resolve',
    {
      schema: {
        tags: ['sis'],
        summary: "Resolve a review item: take the SIS value, or keep White Cross's",
        security: [{ bearer: [] }],
        params: sisIdParams,
        body: resolveReviewRequest,
        response: {
          200: resolveReviewResponse,
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => {
      const now = clock.now();
      return resolveReview(
        db,
        request.params.id,
        request.body.action,
        request.body.notes ?? null,
        actorOf(request, now),
        now,
      );
    },
  );

  app.get(
    '/withdrawals',
    {
      schema: {
        tags: ['sis'],
        summary: 'Withdrawals held because they exceeded the threshold share of a school',
        security: [{ bearer: [] }],
        querystring: withdrawalsQuery,
        response: {
          200: withdrawalsResponse,
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const auth = authOf(request);
      return withTenant(db, scopeOf(auth), async (trx) => ({
        withdrawals: await listWithdrawals(trx, auth.districtId, request.query.status),
      }));
    },
  );

  for (const [path, decision] of [
    ['approve', 'APPROVE'],
    ['reject', 'REJECT'],
  ] as const) {
    app.post(
      `/withdrawals/:id/${path}`,
      {
        schema: {
          tags: ['sis'],
          summary:
            decision === 'APPROVE'
              ? 'Approve a held withdrawal: the students still active are withdrawn'
              : 'Reject a held withdrawal: nobody is withdrawn',
          security: [{ bearer: [] }],
          params: sisIdParams,
          response: {
            200: withdrawalDecisionResponse,
            ...errorResponses(400, 401, 403, 404, 409),
          },
        },
      },
      async (request) => {
        const now = clock.now();
        return decideWithdrawal(db, request.params.id, decision, actorOf(request, now), now);
      },
    );
  }
  return Promise.resolve();
};
