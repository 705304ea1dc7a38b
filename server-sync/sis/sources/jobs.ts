import { z } from 'zod';
import type { ServerDb } from '../../db/connect';
import { defineJob, enqueueInTransaction, latestSlot, type JobDefinition } from '../../jobs';
import type { ApplyRoster, ReadRosterFile } from './handoff';
import type { RetryPolicy } from './http';
import { runSync } from './run';
import { listSourceConfigs } from './store';
import { readyZips } from './watched-folder';

/**
 * The SIS sync jobs (server-sync/jobs runs them):
 * - sis.sync ({configId, trigger, userId?, file?, dryRun?, full?}): one sync of a configuration (run.ts). A source
 *   that failed (service down, SFTP refused) fails the job, which the queue retries; a missing hand-off does not.
 * - sis.schedule: every minute, per district: each enabled configuration whose cron (in the district's time zone) has
 *   a slot later than the one it last ran gets one sis.sync for that slot (compare-and-set on
 *   sis_sync_sources.last_scheduled_slot and the job in one transaction, keyed by the slot: once however many servers
 *   tick; a slot missed while every server was down runs once; a new schedule starts at its latest slot without
 *   running it), and each watched folder's ready zips get one sis.sync each (keyed by name, size and time).
 */
export const SIS_SYNC = 'sis.sync';
export const SIS_SCHEDULE = 'sis.schedule';

const id = z.string().min(1).max(64);
export const sisSyncData = z.strictObject({
  configId: id,
  trigger: z.enum(['SCHEDULED', 'MANUAL']),
  userId: id.optional(),
  file: z.string().min(1).max(255).optional(),
  dryRun: z.boolean().optional(),
  full: z.boolean().optional(),
});
export type SisSyncData = z.infer<typeof sisSyncData>;
const scheduleData = z.strictObject({ districtId: id.optional() });

export interface SisSourceJobDeps {
  /** The server's key-encryption key (opens stored credentials). */
  readonly kek: () => Buffer;
  /** Scratch space for downloads (under the server's data folder). */
  readonly workDir: () => string;
  /** The CSV reader and the apply step of the import (handoff.ts); the composition root wires them. */
  readonly readRosterFile?: ReadRosterFile;
  readonly applyRoster?: ApplyRoster;
  readonly retry?: Partial<RetryPolicy>;
}

/** Enqueues what is due now; returns how many sis.sync jobs it sent. */
export async function tickSisSchedules(
  db: ServerDb,
  def: JobDefinition<SisSyncData>,
  now: Date,
  districtId: string | null,
): Promise<number> {
  let sent = 0;
  const failures: string[] = [];
  for (const c of await listSourceConfigs(db, districtId)) {
    try {
      if (!c.enabled) continue;
      if (c.scheduleCron && c.source.kind !== 'CSV_UPLOAD') {
        const slot = latestSlot(c.scheduleCron, c.timeZone, now);
        const last = c.lastScheduledSlot;
        if (last === null || slot.getTime() > last.getTime()) {
          const id = await db.transaction().execute(async (trx) => {
            let q = trx
              .updateTable('sis_sync_sources')
              .set({ last_scheduled_slot: slot })
              .where('config_id', '=', c.id);
            q =
              last === null
                ? q.where('last_scheduled_slot', 'is', null)
                : q.where('last_scheduled_slot', '=', last);
            const moved = await q.executeTakeFirst();
            if (Number(moved.numUpdatedRows) !== 1 || last === null) return null; // taken, or a new schedule
            // a watched folder is polled below; its schedule only moves the slot
            if (c.source.kind === 'WATCHED_FOLDER') return null;
            return enqueueInTransaction(
              trx,
              def,
              { configId: c.id, trigger: 'SCHEDULED' },
              {
                key: `${c.id}:${slot.toISOString()}`,
                now,
              },
            );
          });
          if (id) sent += 1;
        }
      }
      if (c.source.kind === 'WATCHED_FOLDER') {
        let ready;
        try {
          ready = readyZips(c.source, now);
        } catch {
          continue; // a missing folder shows in "test connection" and in the console; the tick carries on
        }
        for (const z of ready) {
          const id = await db
            .transaction()
            .execute((trx) =>
              enqueueInTransaction(
                trx,
                def,
                { configId: c.id, trigger: 'SCHEDULED', file: z.name },
                { key: `${c.id}:folder:${z.name}:${z.size}:${z.modifiedAt.toISOString()}`, now },
              ),
            );
          if (id) sent += 1;
        }
      }
    } catch (e) {
      // one configuration's bad cron (changed by hand) does not hold up the others; this job's error names it
      failures.push(`${c.id}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (failures.length) throw new Error(`sis.schedule: ${failures.join('; ')}`);
  return sent;
}

export function makeSisSourceJobs(deps: SisSourceJobDeps): readonly JobDefinition[] {
  const sync = defineJob<SisSyncData>({
    name: SIS_SYNC,
    data: sisSyncData,
    retryLimit: 2,
    retryDelaySeconds: 300,
    expireInSeconds: 60 * 60,
    handler: async (data, ctx) => {
      const out = await runSync(
        {
          db: ctx.db,
          kek: deps.kek,
          workDir: deps.workDir,
          readRosterFile: deps.readRosterFile,
          applyRoster: deps.applyRoster,
          ...(deps.retry ? { retry: deps.retry } : {}),
        },
        {
          configId: data.configId,
          trigger: data.trigger,
          now: () => ctx.clock.now(),
          ...(data.userId ? { userId: data.userId } : {}),
          ...(data.file ? { file: data.file } : {}),
          ...(data.dryRun !== undefined ? { dryRun: data.dryRun } : {}),
          ...(data.full ? { full: true } : {}),
        },
      );
      // the run's row holds the reason either way; a source failure is worth the queue's retry, a missing step is not
      if (out.status === 'FAILED' && out.retryable) throw new Error(out.reason);
    },
  });
  const schedule = defineJob<z.infer<typeof scheduleData>>({
    name: SIS_SCHEDULE,
    data: scheduleData,
    retryLimit: 0,
    expireInSeconds: 5 * 60,
    schedule: { cron: '* * * * *', data: {} },
    handler: async (data, ctx) => {
      await tickSisSchedules(ctx.db, sync, ctx.clock.now(), data.districtId ?? null);
    },
  });
  return Object.freeze([sync, schedule]);
}
