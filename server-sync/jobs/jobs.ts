import { sql } from 'kysely';
import { z } from 'zod';
import { defineJob, type JobDefinition } from './types';

/** The materialized views of district analytics (0009_clinic-visits, 0010_immunizations). */
export const ANALYTICS_VIEWS = ['visit_frequency_analytics', 'compliance_dashboard_cache'] as const;

/** Idempotency keys are kept this long after their job was sent (a resend within it is still refused). */
export const JOB_KEY_RETENTION_DAYS = 90;

const districtData = z.object({ districtId: z.string().min(1).max(64) });

/**
 * Refreshes the analytics materialized views every night at 02:30 in the district's time zone, CONCURRENTLY (readers
 * keep the old rows until the new ones are in; each view has the unique index that needs); a view never populated
 * is filled plainly first (CONCURRENTLY refuses one).
 */
export const refreshAnalyticsViews = defineJob({
  name: 'platform.refresh-analytics-views',
  data: districtData,
  retryLimit: 3,
  retryDelaySeconds: 300,
  expireInSeconds: 30 * 60,
  schedule: { cron: '30 2 * * *' },
  async handler(_data, ctx) {
    for (const view of ANALYTICS_VIEWS) {
      const r = await sql<{
        populated: boolean;
      }>`SELECT ispopulated AS populated FROM pg_matviews WHERE matviewname = ${view}`.execute(ctx.db);
      if (r.rows[0]?.populated)
        await sql`REFRESH MATERIALIZED VIEW CONCURRENTLY ${sql.table(view)}`.execute(ctx.db);
      else await sql`REFRESH MATERIALIZED VIEW ${sql.table(view)}`.execute(ctx.db);
    }
  },
});

/** Deletes idempotency keys older than JOB_KEY_RETENTION_DAYS, every night at 03:15 in the district's time zone. */
export const pruneJobKeys = defineJob({
  name: 'platform.prune-job-keys',
  data: districtData,
  schedule: { cron: '15 3 * * *' },
  async handler(_data, ctx) {
    const before = new Date(ctx.clock.now().getTime() - JOB_KEY_RETENTION_DAYS * 86_400_000);
    await ctx.db.deleteFrom('job_keys').where('created_at', '<', before).execute();
  },
});

/** The platform's own jobs (listed in server-sync/jobs-catalog.ts with every feature's). */
export const platformJobs: readonly JobDefinition[] = [refreshAnalyticsViews, pruneJobKeys];
