import type { Faker } from '@faker-js/faker';
import type { CatalogIds } from '../helpers';
import type { ImmunizationPlan, MissingDose } from './types';
import type { StudentRec } from '../students';
import {
  insertMany,
  json,
  addDays,
  addMinutes,
  addMonths,
  ageOn,
  chance,
  daysBetween,
  localTime,
  newId,
  stamps,
  weighted,
  type SeedContext,
  type NewRow,
  type ColumnOf,
} from '../helpers';

/**
 * immunization_reminders (overdue required doses, upcoming 7th- and 12th-grade requirements, the
 * HPV second dose, catch-ups completed at school) and reminder_delivery_status (one row per channel
 * a sent reminder went out on).
 */

export interface CatchUp {
  readonly student: StudentRec;
  readonly date: string;
  readonly at: Date;
  readonly nurseId: string;
}

interface Reminder {
  readonly student: StudentRec;
  readonly vaccine: string;
  readonly dose: number;
  readonly scheduleId: string;
  readonly due: string;
  readonly createdAt: Date;
  readonly completed?: { readonly date: string; readonly by: string; readonly at: Date };
  readonly note: string;
}

const before = (ctx: SeedContext, t: Date): boolean => t.getTime() <= ctx.options.asOf.getTime();

export async function seedReminders(
  ctx: SeedContext,
  f: Faker,
  catalogs: CatalogIds,
  students: readonly StudentRec[],
  planOf: ReadonlyMap<string, ImmunizationPlan>,
  overdue: readonly { readonly student: StudentRec; readonly missing: readonly MissingDose[] }[],
  datesByStudent: ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<string>>>,
  catchUps: readonly CatchUp[],
): Promise<void> {
  const year = ctx.years[ctx.years.length - 1];
  if (!year) return;
  const nextYearStart = `${year.startYear + 1}-08-15`;
  const reminders: Reminder[] = [];
  const nightly = (date: string) => localTime(date, 6, 0);

  // Required doses missing this school year.
  for (const { student: s, missing } of overdue) {
    const from = s.enrollmentDate > year.start ? s.enrollmentDate : year.start;
    const createdAt = nightly(addDays(from, 1));
    if (!before(ctx, createdAt)) continue;
    for (const m of missing) {
      reminders.push({
        student: s,
        vaccine: m.vaccine,
        dose: m.dose,
        scheduleId: m.scheduleId,
        due: addDays(from, 14),
        createdAt,
        note: `Required for ${s.grade === 'K' ? 'kindergarten' : `grade ${s.grade}`} entry (Ohio school-entry requirement).`,
      });
    }
  }

  // Catch-up doses given at the school clinic close their reminder.
  for (const c of catchUps) {
    const scheduleId = catalogs.schedules.get('Tdap:1');
    const createdAt = nightly(addDays(year.start, 1));
    if (!scheduleId || c.date < year.start || !before(ctx, createdAt)) continue;
    reminders.push({
      student: c.student,
      vaccine: 'Tdap',
      dose: 1,
      scheduleId,
      due: addDays(year.start, 14),
      createdAt,
      completed: { date: c.date, by: c.nurseId, at: c.at },
      note: 'Tdap given at the school vaccination clinic with parent consent.',
    });
  }

  // Upcoming requirements and the HPV series.
  for (const s of students) {
    if (s.status !== 'ACTIVE') continue;
    const plan = planOf.get(s.id);
    if (plan === 'EXEMPT_NONMEDICAL') continue;
    const dates = datesByStudent.get(s.id);
    const has = (v: string) => dates?.get(v)?.size ?? 0;
    const createdAt = nightly(addDays(ctx.today, -f.number.int({ min: 1, max: 25 })));
    const upcoming = (vaccine: string, dose: number, due: string, note: string) => {
      const scheduleId = catalogs.schedules.get(`${vaccine}:${dose}`);
      if (scheduleId && createdAt.getTime() >= s.createdAt.getTime())
        reminders.push({ student: s, vaccine, dose, scheduleId, due, createdAt, note });
    };
    if (s.grade === '6' && ageOn(s.dob, ctx.today) >= 10) {
      if (has('Tdap') === 0)
        upcoming(
          'Tdap',
          1,
          nextYearStart,
          'Required before 7th grade; can be given at the 11-year well visit.',
        );
      if (has('MenACWY') === 0) upcoming('MenACWY', 1, nextYearStart, 'Required before 7th grade.');
    }
    if (s.grade === '11' && has('MenACWY') === 1)
      upcoming('MenACWY', 2, nextYearStart, 'Booster required before 12th grade (age 16 or older).');
    const hpv = [...(dates?.get('HPV') ?? [])].sort();
    const hpv1 = hpv[0];
    if (hpv.length === 1 && hpv1) {
      const due = addMonths(hpv1, 6);
      if (daysBetween(ctx.today, due) < 120)
        upcoming('HPV', 2, due, 'Second HPV dose 6-12 months after the first (recommended, not required).');
    }
  }

  const reminderRows: NewRow<'immunization_reminders'>[] = [];
  const deliveryRows: NewRow<'reminder_delivery_status'>[] = [];
  for (const r of reminders) {
    const s = r.student;
    const daysLate = daysBetween(r.due, ctx.today);
    const type = daysLate > 45 ? 'URGENT' : daysLate > 0 ? 'OVERDUE' : 'UPCOMING';
    const farAway = daysLate < -60;
    let status: ColumnOf<'immunization_reminders', 'reminder_status'> = r.completed
      ? 'COMPLETED'
      : farAway
        ? 'PENDING'
        : weighted(f, [
            ['SENT', 60],
            ['ACKNOWLEDGED', 30],
            ['DISMISSED', 5],
            ['PENDING', 5],
          ]);
    const sentAt = status === 'PENDING' ? null : addMinutes(r.createdAt, f.number.int({ min: 2, max: 40 }));
    let ackAt: Date | null = null;
    if (status === 'ACKNOWLEDGED' && sentAt) {
      ackAt = addMinutes(
        sentAt,
        60 * 24 * f.number.int({ min: 1, max: 6 }) + f.number.int({ min: 0, max: 600 }),
      );
      if (!before(ctx, ackAt)) {
        ackAt = null;
        status = 'SENT';
      }
    }
    const primary = s.guardians[0];
    const channels: ColumnOf<'reminder_delivery_status', 'delivery_channel'>[] = primary?.email
      ? ['EMAIL', 'SMS']
      : ['SMS'];
    const updated = r.completed?.at ?? ackAt ?? sentAt ?? r.createdAt;
    const id = newId(f, r.createdAt);
    reminderRows.push({
      id,
      student_id: s.id,
      vaccination_schedule_id: r.scheduleId,
      vaccine_type: r.vaccine,
      dose_number: r.dose,
      due_date: r.due,
      reminder_type: type,
      reminder_status: status,
      sent_date: sentAt,
      channels_sent: sentAt ? json(channels) : null,
      parent_acknowledged: ackAt !== null,
      acknowledgment_date: ackAt,
      vaccination_completed_date: r.completed?.date ?? null,
      completion_verified_by: r.completed?.by ?? null,
      notes:
        status === 'DISMISSED'
          ? `${r.note} Parent reports an appointment with the pediatrician is scheduled.`
          : r.note,
      school_id: s.school.id,
      ...stamps(r.createdAt, updated),
    });
    if (!sentAt || !primary) continue;
    for (const channel of channels) {
      const email = channel === 'EMAIL';
      const outcome: ColumnOf<'reminder_delivery_status', 'delivery_status'> = weighted(
        f,
        email
          ? [
              ['DELIVERED', 90],
              ['BOUNCED', 5],
              ['SENT', 5],
            ]
          : [
              ['DELIVERED', 94],
              ['FAILED', 4],
              ['SENT', 2],
            ],
      );
      const deliveredAt =
        outcome === 'DELIVERED' ? addMinutes(sentAt, f.number.float({ min: 0.05, max: 3 })) : null;
      const readAt =
        email && deliveredAt && chance(f, 0.6)
          ? addMinutes(deliveredAt, f.number.int({ min: 5, max: 60 * 30 }))
          : null;
      const clickedAt =
        readAt && chance(f, 0.35) ? addMinutes(readAt, f.number.int({ min: 1, max: 20 })) : null;
      const keep = (t: Date | null) => (t && before(ctx, t) ? t : null);
      deliveryRows.push({
        id: newId(f, sentAt),
        reminder_id: id,
        delivery_channel: channel,
        recipient_type:
          primary.relationship === 'Mother' || primary.relationship === 'Father' ? 'PARENT' : 'GUARDIAN',
        recipient_contact: email ? primary.email : primary.phone,
        sent_at: sentAt,
        delivery_status: outcome,
        delivered_at: deliveredAt,
        read_at: keep(readAt),
        clicked_at: keep(clickedAt),
        failure_reason:
          outcome === 'BOUNCED'
            ? '550 5.1.1 Recipient address rejected: mailbox unavailable'
            : outcome === 'FAILED'
              ? 'Carrier rejected: number unreachable or landline'
              : null,
        school_id: s.school.id,
        ...stamps(sentAt, deliveredAt ?? sentAt),
      });
    }
  }
  await insertMany(ctx.db, 'immunization_reminders', reminderRows, ctx.progress);
  await insertMany(ctx.db, 'reminder_delivery_status', deliveryRows, ctx.progress);
}
