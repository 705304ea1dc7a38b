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

/** By time (ISO instants of one format order as strings), then by name (one collator: localeCompare builds one per call). */
const byTimeThenName =
  <T extends { studentName: string }>(time: (x: T) => string) =>
  (x: T, y: T): number => {
    const a = time(x);
    const b = time(y);
    return a < b ? -1 : a > b ? 1 : names.compare(x.studentName, y.studentName);
  };

/** An active scheduled order as the MAR and Today read it: its student's name and its times of day (HH:MM, school time). */
interface ScheduledOrder {
  readonly id: string;
  readonly studentId: string;
  readonly studentName: string;
  readonly medicationId: string;
  readonly medication: string;
  readonly dose: string;
  readonly route: string;
  readonly times: readonly string[];
}

/** The active, scheduled (non-PRN) orders of the school's active students on a date. */
function scheduledOrders(ctx: WorkstationContext, date: string): ScheduledOrder[] {
  return ctx.map(
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
    (o) => ({
      id: o.id,
      studentId: o.student_id,
      studentName: fullName(o),
      medicationId: o.medication_id,
      medication: o.medication,
      dose: o.dose,
      route: o.route,
      times: parseTimes(o.schedule_times).filter((t) => HHMM.test(t)),
    }),
  );
}

/** The school's dose records of one school day that answer a scheduled dose (by order and scheduled time). */
const dayRecords = (ctx: WorkstationContext, day: { from: string; to: string }) =>
  query
    .selectFrom('medication_administrations as a')
    .where('a.school_id', '=', ctx.schoolId)
    .where('a.deleted_at', 'is', null)
    .where('a.scheduled_for', '>=', day.from)
    .where('a.scheduled_for', '<', day.to)
    .where('a.student_medication_id', 'is not', null);

/** The key of a scheduled dose: its order and its instant (ISO, as the MAR writes it). */
const doseKey = (orderId: string, scheduledFor: string): string =>
  `${orderId}|${new Date(scheduledFor).toISOString()}`;

/** One scheduled time of day (HH:MM, school time) as the ISO instant on `date`, converted once per distinct time. */
function instantsOn(date: string, tz: string): (hhmm: string) => string {
  const instants = new Map<string, string>();
  return (t) => {
    let at = instants.get(t);
    if (at === undefined) {
      at = new Date(zonedToUtc(date, t, tz)).toISOString();
      instants.set(t, at);
    }
    return at;
  };
}

export function scheduledDoses(ctx: WorkstationContext, date: string): MarRow[] {
  const tz = ctx.timeZone();
  const orders = scheduledOrders(ctx, date);
  if (orders.length === 0) return [];
  const day = localDayRange(date, tz);
  const administrations = ctx.all(
    dayRecords(ctx, day)
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
      .$narrowType<{ student_medication_id: string; scheduled_for: string }>(),
  );
  const recorded = new Map<string, (typeof administrations)[number]>();
  for (const a of administrations) {
    const k = doseKey(a.student_medication_id, a.scheduled_for);
    // a dose recorded again after a void shows the new record
    if (!recorded.get(k) || recorded.get(k)?.voided_at) recorded.set(k, a);
  }
  const rows: MarRow[] = [];
  const instantOf = instantsOn(date, tz);
  for (const o of orders) {
    for (const t of o.times) {
      const at = instantOf(t);
      const a = recorded.get(`${o.id}|${at}`);
      rows.push({
        administrationId: a?.id,
        studentMedicationId: o.id,
        studentId: o.studentId,
        studentName: o.studentName,
        medicationId: o.medicationId,
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
  return rows.sort(byTimeThenName((r) => r.scheduledAt));
}

export function marToday(ctx: WorkstationContext): MarRow[] {
  return scheduledDoses(ctx, localDate(ctx.now(), ctx.timeZone()));
}

/**
 * Doses not yet recorded that are DUE, OVERDUE or MISSED (src-shared/mar: doseWindow), as the MAR shows them: a
 * dose with any record (given, refused, voided...) is not due. Today asks every few seconds, so this reads only
 * what it needs (the orders and which doses have a record), not the whole MAR.
 */
export function medsDue(ctx: WorkstationContext): TodayResult['medsDue'] {
  const now = ctx.now();
  const tz = ctx.timeZone();
  const date = localDate(now, tz);
  const orders = scheduledOrders(ctx, date);
  if (orders.length === 0) return [];
  const day = localDayRange(date, tz);
  const recorded = new Set(
    ctx.map(
      dayRecords(ctx, day)
        .select(['a.student_medication_id', 'a.scheduled_for'])
        .$narrowType<{ student_medication_id: string; scheduled_for: string }>(),
      (a) => doseKey(a.student_medication_id, a.scheduled_for),
    ),
  );
  const instantOf = instantsOn(date, tz);
  const windows = new Map<string, ReturnType<typeof doseWindow>>(); // one window per distinct time
  const due: TodayResult['medsDue'][number][] = [];
  for (const o of orders) {
    for (const t of o.times) {
      const at = instantOf(t);
      let w = windows.get(at);
      if (w === undefined) {
        w = doseWindow(Date.parse(at), now);
        windows.set(at, w);
      }
      if (w === 'UPCOMING' || recorded.has(`${o.id}|${at}`)) continue;
      due.push({
        studentMedicationId: o.id,
        studentId: o.studentId,
        studentName: o.studentName,
        medication: o.medication,
        dose: o.dose,
        route: o.route,
        dueAt: at,
        status: w,
      });
    }
  }
  return due.sort(byTimeThenName((d) => d.dueAt));
}
