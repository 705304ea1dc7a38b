import { z } from 'zod';
import { defineJob, type JobDefinition } from '../jobs';
import { scanOutbreaks, type ScanOptions } from './service';

/**
 * Outbreak jobs (server-sync/jobs runs them):
 * - outbreaks.daily-scan: every day at 06:00 in the district's time zone, every school and active pattern, on
 *   today's date (the day's cases so far are the scan's "today"; the alert of an ongoing outbreak is updated).
 * - outbreaks.scan: on demand ({asOf?, schoolIds?}), e.g. after a bulk import of symptom records.
 * The composition root builds them with makeOutbreakJobs({ onDetected }) so a new outbreak raises OUTBREAK_DETECTED
 * (server-sync/alerts) without this feature importing alerts; outbreakJobs is the same without a hook.
 */
export const OUTBREAK_DAILY_SCAN = 'outbreaks.daily-scan';
export const OUTBREAK_SCAN = 'outbreaks.scan';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
export const outbreakScanData = z.strictObject({
  asOf: isoDate.optional(),
  schoolIds: z.array(z.string().min(1).max(64)).min(1).max(500).optional(),
  /** Added by the job platform to a scheduled run: that district's schools only. */
  districtId: z.string().min(1).max(64).optional(),
});
export type OutbreakScanData = z.infer<typeof outbreakScanData>;

export interface OutbreakJobHooks {
  readonly onDetected?: ScanOptions['onDetected'];
}

export function makeOutbreakJobs(hooks: OutbreakJobHooks = {}): readonly JobDefinition[] {
  const run = async (
    data: OutbreakScanData,
    ctx: { db: Parameters<typeof scanOutbreaks>[0]; clock: Parameters<typeof scanOutbreaks>[1] },
  ) => {
    await scanOutbreaks(ctx.db, ctx.clock, {
      ...(data.asOf ? { asOf: data.asOf } : {}),
      ...(data.schoolIds ? { schoolIds: data.schoolIds } : {}),
      ...(data.districtId ? { districtId: data.districtId } : {}),
      ...(hooks.onDetected ? { onDetected: hooks.onDetected } : {}),
    });
  };
  const daily = defineJob<OutbreakScanData>({
    name: OUTBREAK_DAILY_SCAN,
    data: outbreakScanData,
    handler: run,
    retryLimit: 3,
    retryDelaySeconds: 300,
    retryBackoff: true,
    expireInSeconds: 30 * 60,
    schedule: { cron: '0 6 * * *', data: {} },
  });
  const onDemand = defineJob<OutbreakScanData>({
    name: OUTBREAK_SCAN,
    data: outbreakScanData,
    handler: run,
    retryLimit: 2,
    retryDelaySeconds: 60,
    expireInSeconds: 30 * 60,
  });
  return Object.freeze([daily, onDemand]);
}

export const outbreakJobs: readonly JobDefinition[] = makeOutbreakJobs();
