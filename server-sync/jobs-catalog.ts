import { alertJobs } from './alerts';
import { dashboardJobs, reminderJobsFromEnv } from './immunizations';
import { platformJobs, type JobDefinition } from './jobs';
import { raiseOutbreakAlert } from './outbreak-alerts';
import { makeOutbreakJobs } from './outbreaks';
import { makeReportJobs, pdfRenderer } from './reports';

/**
 * The composition root of the durable jobs: every job this server runs, from every feature. A feature defines its
 * jobs in server-sync/<feature>/jobs.ts, exports them as one array from its index.ts, and adds one import and one
 * spread line here. `white-cross serve` and the demo server start the runner with this list.
 */
export const jobCatalog: readonly JobDefinition[] = [
  ...platformJobs,
  ...alertJobs,
  ...dashboardJobs,
  ...makeOutbreakJobs({ onDetected: raiseOutbreakAlert }),
];

/** The catalog with the jobs that need the server's data folder (the expiry of generated reports' files). */
export const serverJobCatalog = (o: { readonly dataDir: string }): readonly JobDefinition[] => [
  ...jobCatalog,
  ...makeReportJobs({ dataDir: () => o.dataDir }),
  ...reminderJobsFromEnv({ dataDir: () => o.dataDir, render: pdfRenderer() }),
];
