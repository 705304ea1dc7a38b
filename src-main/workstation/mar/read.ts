import type { MarRow, TodayResult } from '../../../src-shared/ipc/contract';
import { fullName, opt, type WorkstationContext } from '../context';
import { parseTimes } from '../students/read';
import { HHMM, localDate, localDayRange, zonedToUtc } from '../time';

/**
 * Today's medication administration record: every scheduled dose of the active, non-PRN orders of the school's
 * students for the school's local date, with what was recorded for it (matched by order and scheduled time).
 * A dose is DUE from 30 minutes before its time, and MISSED when nothing was recorded 60 minutes after it.
 */

export const DUE_BEFORE_MS = 30 * 60_000;
export const MISSED_AFTER_MS = 60 * 60_000;

interface OrderRow {
  id: string;
  student_id: string;
  first_name: string;
  last_name: string;
  preferred_name: string | null;
  medication: string;
  dose: string;
  route: string;
  schedule_times: string;
}

interface AdminRow {
  id: string;
  student_medication_id: string;
  scheduled_for: string;
  administration_status: MarRow['status'];
  administered_at: string | null;
  updated_at: string;
  by_name: string | null;
  reason_not_given: string | null;
  notes: string | null;
}

export function scheduledDoses(ctx: WorkstationContext, date: string): MarRow[] {
  const tz = ctx.timeZone();
  const orders = ctx
    .stmt(
      `SELECT sm.id, sm.student_id, s.first_name, s.last_name, s.preferred_name, m.name AS medication, sm.dose, sm.route,
              sm.schedule_times
       FROM student_medications sm
       JOIN students s ON s.id = sm.student_id
       JOIN medications m ON m.id = sm.medication_id
       WHERE sm.school_id = ? AND sm.deleted_at IS NULL AND s.deleted_at IS NULL AND sm.order_status = 'ACTIVE'
         AND sm.is_prn = 0 AND sm.start_date <= ? AND (sm.end_date IS NULL OR sm.end_date >= ?)
         AND s.enrollment_status = 'ACTIVE'`,
    )
    .all(ctx.schoolId, date, date) as OrderRow[];
  if (orders.length === 0) return [];
  const day = localDayRange(date, tz);
  const recorded = new Map<string, AdminRow>();
  for (const a of ctx
    .stmt(
      `SELECT a.id, a.student_medication_id, a.scheduled_for, a.administration_status, a.administered_at, a.updated_at,
              u.first_name || ' ' || u.last_name AS by_name, a.reason_not_given, a.notes
       FROM medication_administrations a LEFT JOIN users u ON u.id = a.administered_by
       WHERE a.school_id = ? AND a.deleted_at IS NULL AND a.scheduled_for >= ? AND a.scheduled_for < ?
         AND a.student_medication_id IS NOT NULL`,
    )
    .all(ctx.schoolId, day.from, day.to) as AdminRow[]) {
    recorded.set(`${a.student_medication_id}|${new Date(a.scheduled_for).toISOString()}`, a);
  }
  const rows: MarRow[] = [];
  const instants = new Map<string, string>(); // one time-zone conversion per distinct time of day
  for (const o of orders) {
    for (const t of parseTimes(o.schedule_times)) {
      if (!HHMM.test(t)) continue;
      let at = instants.get(t);
      if (at === undefined) {
        at = new Date(zonedToUtc(date, t, tz)).toISOString();
        instants.set(t, at);
      }
      const a = recorded.get(`${o.id}|${at}`);
      rows.push({
        administrationId: a?.id,
        studentMedicationId: o.id,
        studentId: o.student_id,
        studentName: fullName(o),
        medication: o.medication,
        dose: o.dose,
        route: o.route,
        scheduledAt: at,
        status: a ? a.administration_status : 'SCHEDULED',
        by: opt(a?.by_name),
        at: a ? (a.administered_at ?? a.updated_at) : undefined,
        note: opt(a?.reason_not_given ?? a?.notes),
      });
    }
  }
  rows.sort(
    (x, y) => x.scheduledAt.localeCompare(y.scheduledAt) || x.studentName.localeCompare(y.studentName),
  );
  return rows;
}

export function marToday(ctx: WorkstationContext): MarRow[] {
  return scheduledDoses(ctx, localDate(ctx.now(), ctx.timeZone()));
}

/** Doses not yet recorded: DUE (from 30 minutes before) or MISSED (60 minutes after, nothing recorded). */
export function medsDue(ctx: WorkstationContext): TodayResult['medsDue'] {
  const now = ctx.now();
  return marToday(ctx)
    .filter((r) => r.status === 'SCHEDULED' && Date.parse(r.scheduledAt) - DUE_BEFORE_MS <= now)
    .map((r) => ({
      studentMedicationId: r.studentMedicationId,
      studentId: r.studentId,
      studentName: r.studentName,
      medication: r.medication,
      dose: r.dose,
      route: r.route,
      dueAt: r.scheduledAt,
      status: now > Date.parse(r.scheduledAt) + MISSED_AFTER_MS ? ('MISSED' as const) : ('DUE' as const),
    }));
}
