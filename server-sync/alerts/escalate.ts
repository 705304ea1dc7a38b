import { escalates, nextEscalation } from '../../src-shared/alerts';
import { appendAudit } from '../audit';
import type { ServerDb } from '../db/connect';
import type { Clock } from '../plugins/clock';
import type { JobSender } from '../jobs';
import { instanceInfo, JOB, planDeliveries, scheduleEscalation } from './plan';
import { systemAudit } from './service';

export type EscalationOutcome = 'ESCALATED' | 'STOPPED' | 'ALREADY' | 'NOT_DUE';

/**
 * The alerts.escalate job for one level: if the alert is still not acknowledged (nor closed) when the level is due,
 * it becomes ESCALATED at that level (audited), the level's roles (src-shared/alerts escalationRoles: the configured
 * ones, widened one step up the chain of command per further level) of the school (district-wide roles: of the
 * district) get the level's notice ("ESCALATED (level n): still not acknowledged") on the definition's channels, one
 * delivery per recipient, channel and level (a retry or a second run of the job sends nothing twice), and the next
 * level is scheduled; repeated until acknowledged. A job run twice escalates once (the level is checked
 * under a row lock).
 */
export async function escalateAlert(
  db: ServerDb,
  clock: Clock,
  jobs: JobSender,
  instanceId: string,
  level: number,
): Promise<EscalationOutcome> {
  const now = clock.now();
  const outcome = await db.transaction().execute(async (trx) => {
    const locked = await trx
      .selectFrom('alert_instances')
      .select(['id', 'alert_status', 'escalation_level'])
      .where('id', '=', instanceId)
      .forUpdate()
      .executeTakeFirst();
    if (!locked || !escalates(locked.alert_status)) return 'STOPPED' as const;
    if (locked.escalation_level >= level) return 'ALREADY' as const;
    const info = await instanceInfo(trx, instanceId);
    if (!info) return 'STOPPED' as const;
    const next = nextEscalation(info.definition.escalation, {
      status: info.status,
      level: info.escalationLevel,
      triggeredAt: info.triggeredAt,
      lastEscalatedAt: info.lastEscalatedAt,
    });
    if (!next) return 'STOPPED' as const;
    if (next.at.getTime() > now.getTime()) {
      await jobs.send(
        JOB.escalate,
        { instanceId, level: next.level },
        { key: `${JOB.escalate}:${instanceId}:${next.level}:${next.at.getTime()}`, startAfter: next.at },
      );
      return 'NOT_DUE' as const;
    }
    await trx
      .updateTable('alert_instances')
      .set({
        alert_status: 'ESCALATED',
        escalation_level: next.level,
        last_escalated_at: now,
        updated_at: now,
      })
      .where('id', '=', instanceId)
      .execute();
    const after = {
      ...info,
      status: 'ESCALATED' as const,
      escalationLevel: next.level,
      lastEscalatedAt: now,
    };
    const planned = await planDeliveries(trx, now, after, { roles: next.roles, level: next.level, jobs });
    await scheduleEscalation(jobs, after);
    await appendAudit(
      trx,
      systemAudit(now, {
        action: 'UPDATE',
        tableName: 'alert_instances',
        recordId: instanceId,
        schoolId: info.schoolId,
        details: {
          event: 'alert_escalated',
          level: next.level,
          roles: [...next.roles],
          deliveries: planned.length,
        },
      }),
    );
    return 'ESCALATED' as const;
  });
  return outcome;
}
