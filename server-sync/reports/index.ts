/** District reports (feature 35, server side): definitions with their queries, the runner, files, routes, CLI, jobs. */
export { DISTRICT_REPORT_DEFINITIONS, districtReport, type DistrictReport } from './definitions';
export { ReportError } from './errors';
export { checkRun, expireReportFiles, runDistrictReport, type RunResult } from './service';
export { downloadReportInstance, getReportInstance, listReportInstances } from './instances';
export {
  ALL_REPORT_DEFINITION_SOURCES,
  districtDefinitionSource,
  syncReportDefinitions,
  upsertReportDefinition,
  workstationDefinitionSource,
  type ReportDefinitionSource,
} from './sync-definitions';
export { reportRoutes } from './routes';
export { registerReportCommands, reportListJson } from './cli';
export { makeReportJobs, REPORTS_EXPIRE } from './jobs';
export type { ReportCaller, ReportDeps, ReportRenderer, ReportSigningKey, RenderedReport } from './types';
export { pdfRenderer } from './render';
export { registerKeygenCommand } from './keygen-cli';
export { loadSigningKey, storeSigningKey, resolveKek, SigningKeyError, type KekSource } from './signing';
export { reportDeps, reportOptions } from './setup';
