/** Outbreak detection on the district server: the scan, the workflow, patterns, routes and jobs (feature 37). */
export { scanOutbreaks, type DetectedOutbreak, type ScanOptions, type ScanResult } from './service';
export { activePatterns, installDefaultPatterns, type ActivePattern } from './patterns';
export { registerOutbreakCommands } from './cli';
export { outbreakRoutes, type OutbreakRoutesOptions } from './routes';
export {
  makeOutbreakJobs,
  outbreakJobs,
  outbreakScanData,
  OUTBREAK_DAILY_SCAN,
  OUTBREAK_SCAN,
  type OutbreakJobHooks,
  type OutbreakScanData,
} from './jobs';
