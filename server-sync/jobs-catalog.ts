import { alertJobs } from './alerts';
import { dashboardJobs, reminderJobsFromEnv } from './immunizations';
import { platformJobs, type JobDefinition } from './jobs';
import { raiseOutbreakAlert } from './outbreak-alerts';
import { makeOutbreakJobs } from './outbreaks';
import { makeRegistryJobs } from './registry';
import { makeReportJobs, pdfRenderer, resolveKek } from './reports';
import { applyFetchedRoster, makeSisSourceJobs, readRosterBundle, sisKek, sisWorkDir } from './sis';

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

/**
 * The catalog with the jobs that need the server's data folder (the expiry of generated reports' files, SIS
 * downloads) or its key-encryption key (SIS credentials; the registry's credentials: without a KEK, a registry
 * connection whose credentials are stored fails each attempt with the reason, and is retried).
 */
export const serverJobCatalog = (o: {
  readonly dataDir: string;
  /** The server's configuration gives both; without them, the KEK is the data folder's (not in production). */
  readonly keyEncryptionKey?: Buffer | undefined;
  readonly production?: boolean;
}): readonly JobDefinition[] => [
  ...jobCatalog,
  ...makeReportJobs({ dataDir: () => o.dataDir }),
  ...reminderJobsFromEnv({ dataDir: () => o.dataDir, render: pdfRenderer() }),
  ...makeSisSourceJobs({
    kek: () =>
      sisKek({ dataDir: o.dataDir, keyEncryptionKey: o.keyEncryptionKey, production: o.production ?? false }),
    workDir: () => sisWorkDir(o.dataDir),
    // the one call site of both steps: a fetched roster is read and imported as an upload is
    readRosterFile: readRosterBundle,
    applyRoster: applyFetchedRoster,
  }),
  ...makeRegistryJobs({
    kek: () =>
      resolveKek(
        { dataDir: o.dataDir, keyEncryptionKey: o.keyEncryptionKey, production: o.production ?? true },
        false,
      ),
  }),
];
