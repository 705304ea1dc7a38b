import { stringify } from 'csv-stringify/sync';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  dashboardQuery,
  dashboardRefreshBody,
  dashboardRefreshResponse,
  dashboardResponse,
  dashboardSchoolsResponse,
} from '../../../src-shared/api/compliance-dashboard';
import {
  schoolYearOf,
  stateReportLayout,
  stateReportTable,
} from '../../../src-shared/immunizations/dashboard';
import { appendAudit, auditEntry } from '../../audit';
import { authOf, requireRole } from '../../auth/plugin';
import type { ServerDb } from '../../db/connect';
import { scopeOf, withTenant } from '../../db/tenant';
import type { Clock } from '../../plugins/clock';
import { errorResponses, HttpError } from '../../plugins/errors';
import { dashboardSchools, readSchoolDashboard } from './read';
import { refreshSchoolDashboard } from './refresh';

export interface DashboardRoutesOptions {
  readonly db: ServerDb;
  readonly clock: Clock;
}

const READERS = ['DISTRICT_ADMIN', 'SCHOOL_ADMIN', 'NURSE'] as const;
const ADMINS = ['DISTRICT_ADMIN', 'SCHOOL_ADMIN'] as const;
const SECURITY = [{ bearer: [] }];
const TAGS = ['immunizations'];

const noSnapshot = (schoolId: string) =>
  new HttpError(
    404,
    'NOT_FOUND',
    `no compliance dashboard of school ${schoolId} among your schools (not refreshed yet?)`,
  );

/**
 * The compliance dashboard's routes (src-shared/api/compliance-dashboard.ts), mounted at /immunizations. Reads run
 * under row-level security with the caller's schools and are audited in the same transaction (READ; the CSV EXPORT).
 */
export const dashboardRoutes: FastifyPluginAsyncZod<DashboardRoutesOptions> = (app, { db, clock }) => {
  app.addHook('onRequest', app.authenticate);

  app.get(
    '/dashboard/schools',
    {
      preHandler: requireRole(...READERS),
      schema: {
        tags: TAGS,
        summary: "The caller's schools and the date of each one's newest compliance snapshot",
        security: SECURITY,
        response: { 200: dashboardSchoolsResponse, ...errorResponses(401, 403) },
      },
    },
    async (request) =>
      withTenant(db, scopeOf(authOf(request)), async (trx) => ({
        schools: (await dashboardSchools(trx, authOf(request).schoolIds)).map((s) => ({
          id: s.id,
          name: s.name,
          snapshotDate: s.snapshot_date,
        })),
      })),
  );

  app.get(
    '/dashboard',
    {
      preHandler: requireRole(...READERS),
      schema: {
        tags: TAGS,
        summary:
          "A school's immunization compliance: by grade, by vaccine, the trend, the students needing action",
        security: SECURITY,
        querystring: dashboardQuery,
        response: { 200: dashboardResponse, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const { schoolId } = request.query;
      const withNames = auth.role === 'NURSE' || auth.role === 'SCHOOL_ADMIN';
      return withTenant(db, scopeOf(auth), async (trx) => {
        const d = await readSchoolDashboard(trx, schoolId, { withNames });
        if (!d) throw noSnapshot(schoolId);
        await appendAudit(
          trx,
          auditEntry(request, clock.now(), {
            action: 'READ',
            tableName: 'compliance_dashboard_snapshots',
            schoolId,
            details: {
              event: 'compliance_dashboard',
              snapshotDate: d.view.snapshotDate,
              resultCount: d.view.needingAction.length,
              recordIds: d.view.needingAction.map((s) => s.studentId),
              names: withNames,
            },
          }),
        );
        return d.view;
      });
    },
  );

  app.get(
    '/dashboard/state-report.csv',
    {
      preHandler: requireRole(...ADMINS),
      schema: {
        tags: TAGS,
        summary:
          "The state's annual kindergarten / 7th-grade immunization report of a school, as CSV (counts only)",
        security: SECURITY,
        querystring: dashboardQuery,
        response: { 200: z.string(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const { schoolId } = request.query;
      const csv = await withTenant(db, scopeOf(auth), async (trx) => {
        const d = await readSchoolDashboard(trx, schoolId, { withNames: false });
        if (!d) throw noSnapshot(schoolId);
        const state = d.view.school.state ?? '';
        const table = stateReportTable(
          {
            schoolCode: d.schoolCode,
            schoolName: d.view.school.name,
            state,
            schoolYear: schoolYearOf(d.view.snapshotDate),
            asOf: d.view.snapshotDate,
          },
          d.rows,
        );
        await appendAudit(
          trx,
          auditEntry(request, clock.now(), {
            action: 'EXPORT',
            tableName: 'compliance_dashboard_snapshots',
            schoolId,
            details: {
              event: 'compliance_state_report',
              snapshotDate: d.view.snapshotDate,
              report: stateReportLayout(state).report,
            },
          }),
        );
        return {
          text: stringify(table, { record_delimiter: 'windows' }),
          code: d.schoolCode,
          date: d.view.snapshotDate,
        };
      });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="immunization-state-report_${csv.code.replace(/[^0-9A-Za-z-]/g, '_')}_${csv.date}.csv"`,
        )
        .send(csv.text);
    },
  );

  app.post(
    '/dashboard/refresh',
    {
      preHandler: requireRole(...ADMINS),
      schema: {
        tags: TAGS,
        summary:
          "Refreshes a school's compliance dashboard now (it is refreshed nightly and after each synced dose)",
        security: SECURITY,
        body: dashboardRefreshBody,
        response: { 200: dashboardRefreshResponse, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const { schoolId } = request.body;
      if (!auth.schoolIds.includes(schoolId))
        throw new HttpError(404, 'NOT_FOUND', `no school ${schoolId} among your schools`);
      const r = await refreshSchoolDashboard(db, clock, schoolId);
      await withTenant(db, scopeOf(auth), (trx) =>
        appendAudit(
          trx,
          auditEntry(request, clock.now(), {
            action: 'UPDATE',
            tableName: 'compliance_dashboard_snapshots',
            schoolId,
            details: {
              event: 'compliance_dashboard_refresh',
              snapshotDate: r.snapshotDate,
              students: r.studentsEvaluated,
            },
          }),
        ),
      );
      return r;
    },
  );
  return Promise.resolve();
};
