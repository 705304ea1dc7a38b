import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  jobActionResponse,
  jobIdParams,
  jobListQuery,
  jobListResponse,
  type JobSummary,
} from '../../src-shared/api/jobs';
import { appendAudit, auditEntry } from '../audit';
import { authOf, requireRole } from '../auth/plugin';
import type { ServerDb } from '../db/connect';
import type { Clock } from '../plugins/clock';
import { errorResponses, HttpError } from '../plugins/errors';
import { cancelJob, listJobs, retryJob, type JobActionResult } from './admin';

export interface JobRoutesOptions {
  readonly db: ServerDb;
  readonly clock: Clock;
}

/**
 * /jobs: the district console's jobs page. A DISTRICT_ADMIN lists the jobs (of their district, and the server's
 * own: jobs whose data names no district), retries a failed or cancelled one, cancels a queued or running one;
 * retry and cancel are audited (ADMIN).
 */
export const jobRoutes: FastifyPluginAsyncZod<JobRoutesOptions> = (app, { db, clock }) => {
  app.addHook('onRequest', app.authenticate);

  app.get(
    '/',
    {
      preHandler: requireRole('DISTRICT_ADMIN'),
      schema: {
        tags: ['jobs'],
        summary: 'List jobs, newest first: queued, running, failed (with the error), finished, cancelled',
        security: [{ bearer: [] }],
        querystring: jobListQuery,
        response: { 200: jobListResponse, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const { state, name, limit } = request.query;
      return { jobs: await listJobs(db, { state, name, limit, districtId: auth.districtId }) };
    },
  );

  /** The change and its audit row commit together. */
  const action = (
    verb: 'retry' | 'cancel',
    run: (trx: ServerDb, id: string, districtId: string) => Promise<JobActionResult>,
    summary: string,
  ) =>
    app.post(
      `/:id/${verb}`,
      {
        preHandler: requireRole('DISTRICT_ADMIN'),
        schema: {
          tags: ['jobs'],
          summary,
          security: [{ bearer: [] }],
          params: jobIdParams,
          response: { 200: jobActionResponse, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const auth = authOf(request);
        const now = clock.now();
        const job = await db.transaction().execute(async (trx): Promise<JobSummary> => {
          const r = await run(trx, request.params.id, auth.districtId);
          if (!r.ok) {
            if (r.reason === 'not-found') throw new HttpError(404, 'NOT_FOUND', r.message);
            throw new HttpError(409, 'CONFLICT', r.message);
          }
          await appendAudit(
            trx,
            auditEntry(request, now, {
              action: 'ADMIN',
              tableName: 'pgboss.job',
              recordId: r.job.id,
              details: { event: `job_${verb}`, job: r.job.name },
            }),
          );
          return r.job;
        });
        return { job };
      },
    );

  action(
    'retry',
    (trx, id, districtId) => retryJob(trx, id, { districtId }),
    'Run a failed (or cancelled) job again',
  );
  action(
    'cancel',
    (trx, id, districtId) => cancelJob(trx, id, { districtId }),
    'Cancel a queued or running job',
  );
  return Promise.resolve();
};
