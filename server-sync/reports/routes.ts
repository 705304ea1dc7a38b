import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  reportDefinitionsResponse,
  reportInstanceParams,
  reportInstancesQuery,
  reportInstancesResponse,
  reportInstanceView,
  reportNameParams,
  runReportRequest,
} from '../../src-shared/api/reports';
import { DISTRICT_REPORTS } from '../../src-shared/reports/district';
import { authOf } from '../auth/plugin';
import { errorResponses, HttpError } from '../plugins/errors';
import { HTTP_STATUS, ReportError } from './errors';
import { downloadReportInstance, getReportInstance, listReportInstances } from './instances';
import { runDistrictReport } from './service';
import type { ReportCaller, ReportDeps } from './types';

const SECURITY = [{ bearer: [] }];

function callerOf(request: FastifyRequest): ReportCaller {
  const a = authOf(request);
  const ua = request.headers['user-agent'];
  return {
    userId: a.userId,
    role: a.role,
    districtId: a.districtId,
    schoolIds: a.schoolIds,
    deviceId: a.deviceId,
    ip: request.ip || null,
    userAgent: typeof ua === 'string' ? ua : null,
  };
}

/** A ReportError as the app's error answer (the parameter at fault is the path of its one issue). */
async function answer<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ReportError)
      throw new HttpError(
        HTTP_STATUS[e.code],
        e.code,
        e.message,
        e.parameter ? { issues: [{ path: e.parameter, message: e.message }] } : {},
      );
    throw e;
  }
}

/**
 * District reports: the definitions the caller may run, a run (synchronous: the answer is the finished or failed
 * instance), the instances, and the download of an instance's PDF (counted and audited).
 */
export const reportRoutes: FastifyPluginAsyncZod<{ deps: ReportDeps }> = (app, { deps }) => {
  app.addHook('onRequest', app.authenticate);

  app.get(
    '/definitions',
    {
      schema: {
        tags: ['reports'],
        summary: 'The district reports the caller may run, with their parameters',
        security: SECURITY,
        response: { 200: reportDefinitionsResponse, ...errorResponses(401) },
      },
    },
    (request) => {
      const role = authOf(request).role;
      return Promise.resolve({
        reports: DISTRICT_REPORTS.filter((r) => r.roles.includes(role)).map((r) => ({
          name: r.name,
          code: r.code,
          title: r.title,
          category: r.category,
          description: r.description,
          parameters: r.parameters.map((p) => ({ ...p })),
          oneOf: (r.oneOf ?? []).map((o) => [...o]),
          roles: [...r.roles],
          retentionDays: r.retentionDays,
          archival: r.archival,
          signed: r.signed,
        })),
      });
    },
  );

  app.post(
    '/:name/runs',
    {
      schema: {
        tags: ['reports'],
        summary: 'Run a report: the generated (COMPLETED) or FAILED instance',
        security: SECURITY,
        params: reportNameParams,
        body: runReportRequest,
        response: { 201: reportInstanceView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const view = await answer(async () => {
        const r = await runDistrictReport(deps, caller, request.params.name, request.body.parameters);
        return getReportInstance(deps, caller, r.instanceId);
      });
      return reply.code(201).send(view);
    },
  );

  app.get(
    '/instances',
    {
      schema: {
        tags: ['reports'],
        summary: 'Generated reports the caller may see, newest first',
        security: SECURITY,
        querystring: reportInstancesQuery,
        response: { 200: reportInstancesResponse, ...errorResponses(400, 401) },
      },
    },
    async (request) => ({
      instances: await listReportInstances(deps, callerOf(request), request.query),
    }),
  );

  app.get(
    '/instances/:id',
    {
      schema: {
        tags: ['reports'],
        summary: 'One generated report (its status while it runs)',
        security: SECURITY,
        params: reportInstanceParams,
        response: { 200: reportInstanceView, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => answer(() => getReportInstance(deps, callerOf(request), request.params.id)),
  );

  app.get(
    '/instances/:id/pdf',
    {
      schema: {
        tags: ['reports'],
        summary: "The report's PDF (counted and audited)",
        security: SECURITY,
        params: reportInstanceParams,
        response: { 200: z.any(), ...errorResponses(400, 401, 404, 410) },
      },
    },
    async (request, reply) => {
      const f = await answer(() => downloadReportInstance(deps, callerOf(request), request.params.id));
      return reply
        .header('content-type', 'application/pdf')
        .header(
          'content-disposition',
          `attachment; filename="${f.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
        )
        .header('cache-control', 'no-store')
        .send(f.bytes);
    },
  );
  return Promise.resolve();
};
