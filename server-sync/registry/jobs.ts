import { z } from 'zod';
import { defineJob, type JobDefinition, type JobSender } from '../jobs';
import type { ServerDb } from '../db/connect';
import { queueDoseSubmissions, readyConnections, type QueueResult } from './queue';
import { submitSubmission, type SubmitDeps } from './submit';

/**
 * The registry's jobs. registry.sweep (every minute): doses that synced to the district and must reach the
 * registry get their submission (queue.ts), then every PENDING submission whose next attempt is due (and a SENT
 * one whose answer never came) gets a registry.submit job, keyed by the submission and its attempt so two servers
 * sweeping at once enqueue it once. registry.submit sends one submission (submit.ts); it does its own retrying
 * through next_attempt_at, so the queue never retries it.
 */

export const REGISTRY_SWEEP = 'registry.sweep';
export const REGISTRY_SUBMIT = 'registry.submit';

export const registrySubmitData = z.strictObject({ submissionId: z.string().min(1).max(100) });

export async function sweepRegistry(
  db: ServerDb,
  now: Date,
  jobs: JobSender,
  districtId?: string,
): Promise<QueueResult & { readonly enqueued: number }> {
  const q = await queueDoseSubmissions(db, now, districtId);
  // only through connections that are ready (a demo district's connection without stored credentials is not)
  const ready = (await readyConnections(db, districtId)).map((c) => c.id);
  if (ready.length === 0) return { ...q, enqueued: 0 };
  const due = await db
    .selectFrom('registry_submissions as s')
    .innerJoin('registry_connections as c', 'c.id', 's.registry_connection_id')
    .select(['s.id', 's.retry_count'])
    .$if(districtId !== undefined, (w) => w.where('c.district_id', '=', districtId ?? ''))
    .where('s.registry_connection_id', 'in', ready)
    .where('s.submission_status', 'in', ['PENDING', 'SENT'])
    .where('s.hold_reasons', 'is', null)
    .where('s.next_attempt_at', '<=', now)
    .orderBy('s.next_attempt_at')
    .limit(500)
    .execute();
  let enqueued = 0;
  for (const s of due) {
    const id = await jobs.send(
      REGISTRY_SUBMIT,
      { submissionId: s.id },
      { key: `${REGISTRY_SUBMIT}:${s.id}:${s.retry_count}` },
    );
    if (id) enqueued++;
  }
  return { ...q, enqueued };
}

export function makeRegistryJobs(deps: SubmitDeps): readonly JobDefinition[] {
  return [
    defineJob({
      name: REGISTRY_SWEEP,
      data: z.strictObject({ districtId: z.string().optional() }),
      schedule: { cron: '* * * * *' },
      retryLimit: 0,
      handler: async (d, ctx) => {
        await sweepRegistry(ctx.db, ctx.clock.now(), ctx.jobs, d.districtId);
      },
    }),
    defineJob({
      name: REGISTRY_SUBMIT,
      data: registrySubmitData,
      retryLimit: 0,
      expireInSeconds: 15 * 60,
      handler: async (d, ctx) => {
        await submitSubmission(ctx.db, () => ctx.clock.now(), d.submissionId, deps);
      },
    }),
  ];
}
