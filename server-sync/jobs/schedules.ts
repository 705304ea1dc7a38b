import parser from 'cron-parser';
import type { ServerDb } from '../db/connect';
import type { Transaction } from 'kysely';
import type { ServerDatabase } from '../../src-shared/db/server-schema.generated';
import type { JobDefinition } from './types';

/**
 * Schedules, our own (pg-boss's cron does not catch up a missed run): job_schedules keeps, per scheduled job and
 * district, the last slot enqueued. A tick (every instance, at start and every 30 s) takes the latest slot of the
 * cron at or before now, in the district's time zone; when it is later than the stored one, it moves the stored one
 * forward (compare and set) and enqueues the job keyed by that slot, in the same transaction. So the slots missed
 * while every server was down run once (the latest of them, not one per missed slot), and two instances ticking
 * together enqueue it once. A schedule seen for the first time (or whose cron or time zone changed) starts at its
 * latest slot without running it.
 */

/** The latest slot of `cron` at or before `now`, in time zone `tz`. Throws on a bad cron or time zone. */
export function latestSlot(cron: string, tz: string, now: Date): Date {
  const it = parser.parseExpression(cron, { currentDate: new Date(now.getTime() + 1), tz });
  let slot = it.prev().toDate();
  while (slot.getTime() > now.getTime()) slot = it.prev().toDate();
  return slot;
}

/** The key a scheduled slot's job is sent with. */
export const slotKey = (districtId: string, slot: Date): string =>
  `schedule:${districtId}:${slot.toISOString()}`;

export type EnqueueInTransaction = (
  trx: Transaction<ServerDatabase>,
  def: JobDefinition<unknown>,
  data: unknown,
  key: string,
) => Promise<string | null>;

/** One tick: enqueues every due slot; returns how many jobs it enqueued. */
export async function tickSchedules(
  db: ServerDb,
  definitions: readonly JobDefinition<unknown>[],
  now: Date,
  enqueue: EnqueueInTransaction,
): Promise<number> {
  const scheduled = definitions.filter((d) => d.schedule);
  if (scheduled.length === 0) return 0;
  const districts = await db.selectFrom('districts').select(['id', 'timezone']).orderBy('id').execute();
  let sent = 0;
  for (const def of scheduled) {
    const cron = def.schedule?.cron ?? '';
    for (const district of districts) {
      const slot = latestSlot(cron, district.timezone, now);
      const row = await db
        .selectFrom('job_schedules')
        .select(['cron', 'timezone', 'last_slot'])
        .where('name', '=', def.name)
        .where('district_id', '=', district.id)
        .executeTakeFirst();
      if (!row) {
        await db
          .insertInto('job_schedules')
          .values({
            name: def.name,
            district_id: district.id,
            cron,
            timezone: district.timezone,
            last_slot: slot,
            updated_at: now,
          })
          .onConflict((oc) => oc.columns(['name', 'district_id']).doNothing())
          .execute();
        continue;
      }
      if (row.cron !== cron || row.timezone !== district.timezone) {
        await db
          .updateTable('job_schedules')
          .set({ cron, timezone: district.timezone, last_slot: slot, updated_at: now })
          .where('name', '=', def.name)
          .where('district_id', '=', district.id)
          .where('last_slot', '=', row.last_slot)
          .execute();
        continue;
      }
      if (slot.getTime() <= row.last_slot.getTime()) continue;
      const data = { ...(def.schedule?.data as object | undefined), districtId: district.id };
      const id = await db.transaction().execute(async (trx) => {
        const moved = await trx
          .updateTable('job_schedules')
          .set({ last_slot: slot, updated_at: now })
          .where('name', '=', def.name)
          .where('district_id', '=', district.id)
          .where('last_slot', '=', row.last_slot)
          .executeTakeFirst();
        if (Number(moved.numUpdatedRows) !== 1) return null; // another instance took this slot
        return enqueue(trx, def, data, slotKey(district.id, slot));
      });
      if (id) sent += 1;
    }
  }
  return sent;
}
