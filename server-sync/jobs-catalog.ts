import { alertJobs } from './alerts';
import { reminderJobsFromEnv } from './immunizations';
import { platformJobs, type JobDefinition } from './jobs';
import { raiseOutbreakAlert } from './outbreak-alerts';
import { makeOutbreakJobs } from './outbreaks';
import { makeRegistryJobs } from './registry';
import { makeReportJobs, resolveKek } from './reports';

/**
 * The composition root of the durable jobs: every job this server runs, from every feature. A feature defines its
 * jobs in server-sync/<feature>/jobs.ts, exports them as one array from its index.ts, and adds one import and one
 * spread line here. `white-cross serve` and the demo server start the runner with this list.
 */
export const jobCatalog: readonly JobDefinition[] = [
  ...platformJobs,
  ...alertJobs,
  ...makeOutbreakJobs({ onDetected: raiseOutbreakAlert }),
];

/**
 * The catalog with the jobs that need the server's data folder (the expiry of generated reports' files) or its
 * key-encryption key (the registry's credentials: without a KEK, a connection whose credentials are stored fails
 * each attempt with the reason, and is retried).
 */
export const serverJobCatalog = (o: {
  readonly dataDir: string;
  readonly keyEncryptionKey?: Buffer | undefined;
  readonly production?: boolean;
}): readonly JobDefinition[] => [
  ...jobCatalog,
  ...makeReportJobs({ dataDir: () => o.dataDir }),
  ...reminderJobsFromEnv({ dataDir: () => o.dataDir }),
  ...makeRegistryJobs({
    kek: () =>
      resolveKek(
        { dataDir: o.dataDir, keyEncryptionKey: o.keyEncryptionKey, production: o.production ?? true },
        false,
      ),
  }),
];
