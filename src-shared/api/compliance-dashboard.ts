import { z } from 'zod';
import { ComplianceDashboardView } from '../immunizations';

/**
 * The HTTP contract of the compliance dashboard (server-sync/immunizations/dashboard/routes.ts, issue 12): a school's
 * dashboard (counts by grade and vaccine, the school year's trend, the students needing action), the state-report
 * CSV, the list of the caller's schools and an on-demand refresh. NURSE, SCHOOL_ADMIN and DISTRICT_ADMIN read their
 * schools (names of students only for NURSE and SCHOOL_ADMIN); the administrators export and refresh.
 */
const id = z.string().regex(/^[0-9A-Za-z-]{1,64}$/, 'a school id');

export const dashboardQuery = z.strictObject({ schoolId: id });
export const dashboardResponse = ComplianceDashboardView;
export const dashboardSchoolsResponse = z.object({
  schools: z.array(z.object({ id: z.string(), name: z.string(), snapshotDate: z.string().nullable() })),
});
export type DashboardSchoolsResponse = z.infer<typeof dashboardSchoolsResponse>;
export const dashboardRefreshBody = z.strictObject({ schoolId: id });
export const dashboardRefreshResponse = z.object({
  schoolId: z.string(),
  snapshotDate: z.string(),
  state: z.string().nullable(),
  studentsEvaluated: z.number().int().nonnegative(),
  rows: z.number().int().nonnegative(),
});

export const dashboardEndpoints = Object.freeze({
  dashboard: { method: 'GET', path: '/immunizations/dashboard' },
  schools: { method: 'GET', path: '/immunizations/dashboard/schools' },
  stateReport: { method: 'GET', path: '/immunizations/dashboard/state-report.csv' },
  refresh: { method: 'POST', path: '/immunizations/dashboard/refresh' },
} as const);
