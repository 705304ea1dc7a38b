import { sql } from 'kysely';
import { z } from 'zod';
import { defineJob, type JobRunContext } from '../../../server-sync/jobs';

/**
 * test.crashy: its side effect is keyed by the job's data (an INSERT ... ON CONFLICT DO NOTHING), so a run that
 * is repeated after a crash does not do it twice; every run is recorded in test_job_runs.
 */
export const crashyData = z.object({ key: z.string() });

export const crashyJob = (
  runner: string,
  after: (data: z.infer<typeof crashyData>, ctx: JobRunContext) => Promise<void> = () => Promise.resolve(),
) =>
  defineJob({
    name: 'test.crashy',
    data: crashyData,
    expireInSeconds: 2,
    retryLimit: 3,
    retryDelaySeconds: 0,
    retryBackoff: false,
    async handler(data, ctx) {
      await sql`INSERT INTO test_job_runs (job_id, runner, attempt) VALUES (${ctx.jobId}, ${runner}, ${ctx.attempt})`.execute(
        ctx.db,
      );
      await sql`INSERT INTO test_job_once (key, job_id) VALUES (${data.key}, ${ctx.jobId}) ON CONFLICT (key) DO NOTHING`.execute(
        ctx.db,
      );
      await after(data, ctx);
    },
  });
