/**
 * A server instance that dies mid-job (restart.test.ts): runs the runner on DATABASE_URL with test.crashy, whose
 * handler does its side effect and then never finishes; the test kills this process with SIGKILL.
 */
import { sql } from 'kysely';
import { openServerDb } from '../../../server-sync/db/connect';
import { startJobs } from '../../../server-sync/jobs';
import { crashyJob } from './crashy';

const h = await openServerDb({ databaseUrl: process.env.DATABASE_URL });
await startJobs({
  db: h,
  definitions: [
    crashyJob('child', async (_data, ctx) => {
      await sql`SELECT 1`.execute(ctx.db);
      process.stdout.write(`running ${ctx.jobId}\n`);
      await new Promise(() => undefined); // hangs until killed
    }),
  ],
  timings: { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 },
  schedules: false,
});
process.stdout.write('ready\n');
