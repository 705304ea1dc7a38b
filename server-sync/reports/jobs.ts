import { z } from 'zod';
import { defineJob, type JobDefinition } from '../jobs';
import { expireReportFiles } from './service';

/**
 * reports.expire: every night at 02:30 (district time), the generated reports past their retention lose their file
 * and are archived (the row stays as evidence). Idempotent: an archived instance is not touched again.
 */
export const REPORTS_EXPIRE = 'reports.expire';

const expireData = z.strictObject({ districtId: z.string().min(1).max(64).optional() });

export function makeReportJobs(o: { dataDir: () => string }): readonly JobDefinition[] {
  return Object.freeze([
    defineJob<z.infer<typeof expireData>>({
      name: REPORTS_EXPIRE,
      data: expireData,
      async handler(_data, ctx) {
        await expireReportFiles({ db: ctx.db, clock: ctx.clock, dataDir: o.dataDir() });
      },
      retryLimit: 3,
      retryDelaySeconds: 300,
      expireInSeconds: 30 * 60,
      schedule: { cron: '30 2 * * *', data: {} },
    }),
  ]);
}
