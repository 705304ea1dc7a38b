import { sql } from 'kysely';
import { z } from 'zod';
import type { ServerDb } from '../../db/connect';
import { defineJob, enqueueInTransaction, PGBOSS_SCHEMA, type JobDefinition } from '../../jobs';
import { refreshDistrictDashboard, refreshSchoolDashboard } from './refresh';

export const DASHBOARD_JOB = 'immunizations.compliance-dashboard';
export const DASHBOARD_SCHOOL_JOB = 'immunizations.compliance-dashboard-school';

/** How long changes to one school's doses and exemptions are gathered into one refresh. */
export const REFRESH_WINDOW_MS = 60_000;
/** A refresh starts this long after its window ends (a push still committing within its window is in it). */
export const REFRESH_DELAY_MS = 15_000;

const id = z.string().min(1).max(64);

/**
 * immunizations.compliance-dashboard: every night at 02:00 in the district's time zone, the dashboard of every
 * active school of the district (a new daily snapshot, the trend's point of the day). Throws at the end when a school
 * failed (the others are written), so the run is retried.
 */
export const dashboardJob = defineJob({
  name: DASHBOARD_JOB,
  data: z.object({ districtId: id }),
  schedule: { cron: '0 2 * * *' },
  retryLimit: 3,
  retryDelaySeconds: 300,
  expireInSeconds: 3600,
  async handler({ districtId }, ctx) {
    const r = await refreshDistrictDashboard(ctx.db, ctx.clock, districtId);
    if (r.failed.length > 0)
      throw new Error(
        `compliance dashboard: ${r.failed.length} school(s) failed: ${r.failed.map((f) => `${f.schoolId}: ${f.error}`).join('; ')}`,
      );
  },
});

/** immunizations.compliance-dashboard-school: one school's dashboard, after a dose or an exemption was recorded. */
export const dashboardSchoolJob = defineJob({
  name: DASHBOARD_SCHOOL_JOB,
  data: z.object({ schoolId: id }),
  retryLimit: 3,
  retryDelaySeconds: 60,
  expireInSeconds: 1800,
  async handler({ schoolId }, ctx) {
    await refreshSchoolDashboard(ctx.db, ctx.clock, schoolId);
  },
});

export const dashboardJobs: readonly JobDefinition[] = [dashboardJob, dashboardSchoolJob];

/** The tables whose change makes a school's dashboard stale. */
export const DASHBOARD_INPUT_TABLES: ReadonlySet<string> = new Set([
  'vaccinations',
  'immunization_exemptions',
  'students',
]);

/**
 * Enqueues the refresh of a school's dashboard, deduplicated: one job per school and minute (the idempotency key
 * names the window), starting 15 s after the minute ends, so a burst of pushes makes one refresh that sees them all.
 * Nothing is enqueued while pg-boss's schema does not exist (no job runner ever started on this database: the
 * nightly refresh is the only one then). Returns the job's id, or null when it was already enqueued.
 */
export async function enqueueDashboardRefresh(
  db: ServerDb,
  schoolId: string,
  now: Date,
): Promise<string | null> {
  const window = Math.floor(now.getTime() / REFRESH_WINDOW_MS);
  const startAfter = new Date((window + 1) * REFRESH_WINDOW_MS + REFRESH_DELAY_MS);
  return db.transaction().execute(async (trx) => {
    const r = await sql<{
      ok: boolean;
    }>`SELECT to_regclass(${`${PGBOSS_SCHEMA}.job`}) IS NOT NULL AS ok`.execute(trx);
    if (!r.rows[0]?.ok) return null;
    return enqueueInTransaction(
      trx,
      dashboardSchoolJob,
      { schoolId },
      { key: `${schoolId}@${new Date(window * REFRESH_WINDOW_MS).toISOString()}`, startAfter, now },
    );
  });
}

/**
 * The sync push's follow-up (composed in app.ts): a push that wrote doses, exemptions or students of a school
 * enqueues that school's refresh. A failure is logged, never the push's (the nightly refresh catches up).
 */
export function dashboardRefreshAfterPush(db: ServerDb, log: (msg: string, err: unknown) => void) {
  return async (applied: {
    readonly schoolId: string;
    readonly tables: ReadonlySet<string>;
    readonly at: Date;
  }) => {
    if (![...applied.tables].some((t) => DASHBOARD_INPUT_TABLES.has(t))) return;
    try {
      await enqueueDashboardRefresh(db, applied.schoolId, applied.at);
    } catch (e) {
      log(`compliance dashboard refresh of school ${applied.schoolId} not enqueued`, e);
    }
  };
}
