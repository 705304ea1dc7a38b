export {
  dashboardJob,
  dashboardJobs,
  dashboardRefreshAfterPush,
  dashboardSchoolJob,
  DASHBOARD_INPUT_TABLES,
  DASHBOARD_JOB,
  DASHBOARD_SCHOOL_JOB,
  enqueueDashboardRefresh,
} from './jobs';
export { readSchoolDashboard, dashboardSchools, type SchoolDashboard } from './read';
export {
  dashboardRefreshId,
  snapshotValues,
  refreshCacheView,
  refreshDistrictDashboard,
  refreshMissingDashboards,
  refreshSchoolDashboard,
  type SchoolRefreshResult,
} from './refresh';
export { dashboardRoutes, type DashboardRoutesOptions } from './routes';
