import type { Transaction } from 'kysely';
import { alertKey } from '../src-shared/alerts';
import type { ServerDatabase } from '../src-shared/db/server-schema.generated';
import { raiseAlert } from './alerts';
import type { DetectedOutbreak } from './outbreaks';
import type { Clock } from './plugins/clock';

/**
 * Composition of two features: a new outbreak (server-sync/outbreaks, from the daily scan, an on-demand scan or the
 * console's "scan now") raises OUTBREAK_DETECTED (server-sync/alerts) in the same transaction, so the outbreak alert
 * and the alert that reaches people exist together or not at all. One alert per outbreak alert row (its dedupe key);
 * an ongoing outbreak's daily update raises nothing new. An EPIDEMIC-severity pattern raises it at EMERGENCY
 * priority (quiet hours do not hold it back).
 */
export async function raiseOutbreakAlert(
  trx: Transaction<ServerDatabase>,
  d: DetectedOutbreak,
  clock: Clock,
): Promise<void> {
  const row = await trx
    .selectFrom('outbreak_alerts as a')
    .innerJoin('schools as s', 's.id', 'a.school_id')
    .leftJoin('outbreak_patterns as p', 'p.id', 'a.pattern_id')
    .select(['s.name as school', 'a.percentage_affected', 'p.time_window_days'])
    .where('a.id', '=', d.alertId)
    .executeTakeFirstOrThrow();
  await raiseAlert(trx, clock, {
    code: 'OUTBREAK_DETECTED',
    schoolId: d.schoolId,
    target: { type: 'SCHOOL', id: d.schoolId },
    event: `outbreak_scan:${d.method}`,
    data: {
      outbreak_alert_id: d.alertId,
      pattern: d.patternName,
      school: row.school,
      count: d.affectedStudents,
      days: row.time_window_days ?? null,
      percent: row.percentage_affected ?? null,
      method: d.method,
      date: d.date,
      day_count: d.count,
      expected: d.expected,
      statistic: d.statistic,
      reportable: d.reportable,
      case_count: d.caseIds.length,
    },
    dedupeKey: alertKey.outbreak(d.alertId),
    ...(d.severity === 'EPIDEMIC' ? { priority: 'EMERGENCY' as const } : {}),
  });
}
