import {
  correctionText,
  monthDays,
  type MarAdministration,
  type MarSheetInput,
} from '../../../src-shared/reports/workstation';
import { localDayRange } from '../../../src-shared/time';
import { query, type WorkstationContext } from '../context';
import { parseTimes } from '../students';
import { reportStudent } from './read';

/**
 * A student's month of medication administration (the MAR sheet): the orders in force some day of the month, the
 * month's administrations (scheduled for a day of the month, or given in it when not scheduled; voided ones
 * included) and their corrections and voids. The month is the school's (time zone) calendar month.
 */
export function marSheetRows(
  ctx: WorkstationContext,
  studentId: string,
  month: string,
): Omit<MarSheetInput, 'print'> {
  const st = reportStudent(ctx, studentId);
  const tz = ctx.timeZone();
  const days = monthDays(month);
  const first = days[0]!;
  const last = days[days.length - 1]!;
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = `${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}-01`;
  const from = localDayRange(first, tz).from;
  const to = localDayRange(next, tz).from;
  const orders = ctx.all(
    query
      .selectFrom('student_medications as sm')
      .innerJoin('medications as md', 'md.id', 'sm.medication_id')
      .select([
        'sm.id',
        'md.name',
        'sm.dose',
        'sm.route',
        'sm.schedule_times',
        'sm.is_prn',
        'sm.prn_instructions',
        'sm.prescriber_name',
        'sm.start_date',
        'sm.end_date',
        'sm.order_status',
      ])
      .where('sm.student_id', '=', st.row.id)
      .where('sm.school_id', '=', ctx.schoolId)
      .where('sm.deleted_at', 'is', null)
      .where('sm.start_date', '<=', last)
      .where((eb) => eb.or([eb('sm.end_date', 'is', null), eb('sm.end_date', '>=', first)]))
      .orderBy('md.name'),
  );
  const administrations = ctx.all(
    query
      .selectFrom('medication_administrations as a')
      .innerJoin('medications as md', 'md.id', 'a.medication_id')
      .leftJoin('users as u', 'u.id', 'a.administered_by')
      .select([
        'a.id',
        'a.student_medication_id',
        'md.name',
        'a.scheduled_for',
        'a.administered_at',
        'a.created_at',
        'a.administration_status',
        'a.dose_given',
        'a.route',
        'u.first_name',
        'u.last_name',
        'a.voided_at',
        'a.reason_not_given',
        'a.notes',
      ])
      .where('a.student_id', '=', st.row.id)
      .where('a.school_id', '=', ctx.schoolId)
      .where('a.deleted_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb.and([eb('a.scheduled_for', '>=', from), eb('a.scheduled_for', '<', to)]),
          eb.and([
            eb('a.scheduled_for', 'is', null),
            eb('a.administered_at', '>=', from),
            eb('a.administered_at', '<', to),
          ]),
        ]),
      ),
  );
  const ids = administrations.map((a) => a.id);
  const corrections =
    ids.length === 0
      ? []
      : ctx.all(
          query
            .selectFrom('medication_administration_corrections as c')
            .innerJoin('users as u', 'u.id', 'c.corrected_by')
            .select(['c.administration_id', 'c.kind', 'c.reason', 'c.changes', 'c.corrected_at', 'u.first_name', 'u.last_name'])
            .where('c.administration_id', 'in', ids)
            .where('c.deleted_at', 'is', null)
            .orderBy('c.corrected_at'),
        );
  const allergies = ctx.all(
    query
      .selectFrom('allergies')
      .select(['allergen', 'severity'])
      .where('student_id', '=', st.row.id)
      .where('deleted_at', 'is', null)
      .orderBy('allergen'),
  );
  return {
    student: { name: st.name, studentNumber: st.studentNumber, birthDate: st.birthDate, grade: st.grade },
    month,
    orders: orders.map((o) => ({
      id: o.id,
      medication: o.name,
      dose: o.dose,
      route: o.route,
      scheduleTimes: parseTimes(o.schedule_times),
      prn: o.is_prn === 1,
      prnInstructions: o.prn_instructions,
      prescriber: o.prescriber_name,
      startDate: o.start_date,
      endDate: o.end_date,
      status: o.order_status,
    })),
    administrations: administrations.map(
      (a): MarAdministration => ({
        id: a.id,
        orderId: a.student_medication_id,
        medication: a.name,
        scheduledFor: a.scheduled_for,
        administeredAt: a.administered_at,
        recordedAt: a.created_at,
        status: a.administration_status,
        doseGiven: a.dose_given,
        route: a.route,
        by: a.first_name !== null ? { first: a.first_name, last: a.last_name ?? '' } : null,
        voided: a.voided_at !== null,
        reasonNotGiven: a.reason_not_given,
        notes: a.notes,
      }),
    ),
    corrections: corrections.map((c) => ({
      administrationId: c.administration_id,
      kind: c.kind,
      reason: c.reason,
      changes: correctionText(c.kind, c.changes, tz),
      by: { first: c.first_name, last: c.last_name },
      at: c.corrected_at,
    })),
    allergies: allergies.map((a) => `${a.allergen} (${a.severity.toLowerCase().replace(/_/g, ' ')})`),
  };
}
