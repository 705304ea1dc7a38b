import type { MarRow, TodayResult } from '../../../src-shared/ipc/contract';
import { sql } from 'kysely';
import { fullName, opt, query, type WorkstationContext } from '../context';
import { parseTimes } from '../students';
import { HHMM, localDate, localDayRange, zonedToUtc } from '../../../src-shared/time';
import { doseWindow } from '../../../src-shared/mar';

/**
 * Today's medication administration record: every scheduled dose of the active, non-PRN orders of the school's
 * students for the school's local date, with what was recorded for it (matched by order and scheduled time).
 * Where a dose not yet recorded stands (due, overdue, missed) is the MAR's one rule, src-shared/mar/dose-window.ts.
 */

const names = new Intl.Collator('en-US');

export function scheduledDoses(ctx: WorkstationContext, date: string): MarRow[] {
  const tz = ctx.timeZone();
  const orders = ctx.all(
    query
      .selectFrom('student_medications as sm')
      .innerJoin('students as s', 's.id', 'sm.student_id')
      .innerJoin('medications as m', 'm.id', 'sm.medication_id')
      .select([
        'sm.id',
        'sm.student_id',
        's.first_name',
        's.last_name',
        's.preferred_name',
        'm.id as medication_id',
        'm.name as medication',
        'sm.dose',
        'sm.route',
        'sm.schedule_times',
      ])
      .where('sm.school_id', '=', ctx.schoolId)
      .where('sm.deleted_at', 'is', null)
      .where('s.deleted_at', 'is', null)
      .where('sm.order_status', '=', 'ACTIVE')
      .where('sm.is_prn', '=', 0)
      .where('sm.start_date', '<=', date)
      .where((eb) => eb.or([eb('sm.end_date', 'is', null), eb('sm.end_date', '>=', date)]))
      .where('s.enrollment_status', '=', 'ACTIVE'),
  );
  if (orders.length === 0) return [];
  const day = localDayRange(date, tz);
  const administrations = ctx.all(
    query
      .selectFrom('medication_administrations as a')
      .leftJoin('users as u', 'u.id', 'a.administered_by')
      .select([
        'a.id',
        'a.student_medication_id',
        'a.scheduled_for',
        'a.administration_status',
        'a.administered_at',
        'a.updated_at',
        sql<string | null>`u.first_name || ' ' || u.last_name`.as('by_name'),
        'a.reason_not_given',
        'a.notes',
        'a.dose_given',
        'a.dose_timing',
        'a.voided_at',
      ])
      .select((eb) =>
        eb
          .selectFrom('medication_administration_corrections as c')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('c.administration_id', '=', 'a.id')
          .as('corrections'),
      )
      .where('a.school_id', '=', ctx.schoolId)
      .where('a.deleted_at', 'is', null)
      .where('a.scheduled_for', '>=', day.from)
      .where('a.scheduled_for', '<', day.to)
      .where('a.student_medication_id', 'is not', null)
      .$narrowType<{ student_medication_id: string; scheduled_for: string }>(),
  );
  const recorded = new Map<string, (typeof administrations)[number]>();
  for (const a of administrations) {
    const k = `${a.student_medication_id}|${new Date(a.scheduled_for).toISOString()}`;
    // a dose recorded again after a void shows the new record
    if (!recorded.get(k) || recorded.get(k)?.voided_at) recorded.set(k, a);
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
        medicationId: o.medication_id,
        medication: o.medication,
        dose: o.dose,
        route: o.route,
        scheduledAt: at,
        status: a ? a.administration_status : 'SCHEDULED',
        by: opt(a?.by_name),
        at: a ? (a.administered_at ?? a.updated_at) : undefined,
        note: opt(a?.reason_not_given ?? a?.notes),
        doseGiven: opt(a?.dose_given),
        timing: opt(a?.dose_timing),
        voided: a ? a.voided_at !== null : undefined,
        corrections: a ? Number(a.corrections ?? 0) : undefined,
      });
    }
  }
  // ISO instants of one format order as strings; names with one collator (localeCompare builds one per call)
  rows.sort((x, y) =>
    x.scheduledAt < y.scheduledAt
      ? -1
      : x.scheduledAt > y.scheduledAt
        ? 1
        : names.compare(x.studentName, y.studentName),
  );
  return rows;
}

export function marToday(ctx: WorkstationContext): MarRow[] {
  return scheduledDoses(ctx, localDate(ctx.now(), ctx.timeZone()));
}

/** Doses not yet recorded that are DUE, OVERDUE or MISSED (src-shared/mar: doseWindow). */
export function medsDue(ctx: WorkstationContext): TodayResult['medsDue'] {
  const now = ctx.now();
  return marToday(ctx).flatMap((r) => {
    if (r.status !== 'SCHEDULED') return [];
    const w = doseWindow(Date.parse(r.scheduledAt), now);
    if (w === 'UPCOMING') return [];
    return [
      {
        studentMedicationId: r.studentMedicationId,
        studentId: r.studentId,
        studentName: r.studentName,
        medication: r.medication,
        dose: r.dose,
        route: r.route,
        dueAt: r.scheduledAt,
        status: w,
      },
    ];
  });
}
