import { sql } from 'kysely';
import type { ServerDb } from '../db/connect';
import type { Clock } from '../plugins/clock';
import { CLAIM_MS } from './delivery';
import type { JobSender } from '../jobs';
import { JOB, instanceInfo, planDeliveries, scheduleEscalation } from './plan';

/** How far back the sweep looks for open alerts without deliveries (a workstation offline for a week included). */
const SWEEP_DAYS = 14;

/**
 * The alerts.sweep job (every minute, on any server): (1) open alerts that have no delivery row, such as those
 * raised on a workstation and pushed by sync, get their deliveries planned and their escalation scheduled, by the
 * same code as raiseAlert's; (2) PENDING deliveries overdue by more than a claim (their job lost, or a server
 * crashed mid-send) are enqueued again. Idempotent: the rows are unique per recipient and channel, the jobs keyed.
 */
export async function sweepAlerts(
  db: ServerDb,
  clock: Clock,
  jobs: JobSender,
): Promise<{ planned: number; requeued: number }> {
  const now = clock.now();
  const since = new Date(now.getTime() - SWEEP_DAYS * 86_400_000);
  const unplanned = await db
    .selectFrom('alert_instances as i')
    .select('i.id')
    .where('i.alert_status', 'in', ['ACTIVE', 'ESCALATED', 'ACKNOWLEDGED'])
    .where('i.deleted_at', 'is', null)
    .where('i.triggered_at', '>=', since)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('alert_delivery_log as l')
            .select(sql.lit(1).as('one'))
            .whereRef('l.alert_instance_id', '=', 'i.id'),
        ),
      ),
    )
    .orderBy('i.triggered_at')
    .limit(500)
    .execute();
  let planned = 0;
  for (const { id } of unplanned) {
    const info = await instanceInfo(db, id);
    if (!info) continue;
    planned += (await planDeliveries(db, now, info, { jobs })).length;
    await scheduleEscalation(jobs, info);
  }
  const overdue = await db
    .selectFrom('alert_delivery_log')
    .select(['id', 'retry_count'])
    .where('delivery_status', '=', 'PENDING')
    .where('next_retry_at', '<=', new Date(now.getTime() - CLAIM_MS))
    .limit(500)
    .execute();
  const minute = Math.floor(now.getTime() / 60_000);
  for (const d of overdue) {
    await jobs.send(
      JOB.deliver,
      { deliveryId: d.id },
      { key: `${JOB.deliver}:${d.id}:${d.retry_count}:sweep:${minute}` },
    );
  }
  return { planned, requeued: overdue.length };
}
