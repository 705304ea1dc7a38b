import { z } from 'zod';
import { reminderNeedSchema, type ReminderNeed } from '../../../src-shared/immunizations/reminders';
import { localDate } from '../../../src-shared/time';
import type { DeliveryChannels } from '../../alerts';
import type { ServerDb } from '../../db/connect';
import type { Clock } from '../../plugins/clock';
import type { ReportRenderer } from '../../../src-shared/reports';
import { deliverSchool } from './deliver';
import { printLetters, type LetterBatch } from './letters';
import { needsByKey, planSchool, type SchoolPlanCounts } from './plan-write';
import type { ReminderSource } from './source';

/** What the reminder job needs besides the database and the clock. */
export interface ReminderDeps {
  readonly source: ReminderSource;
  readonly channels: () => DeliveryChannels;
  readonly render: ReportRenderer;
  /** the folder the letters' PDFs go under (`<dir>/immunization-reminders/<school>/`) */
  readonly lettersDir: () => string;
  /** the acknowledgment link of an e-mail delivery (ack.ts), or none when the server has no public address */
  readonly ackUrl?: (deliveryId: string) => string | null;
}

export interface ReminderRunResult {
  readonly date: string;
  readonly schools: number;
  readonly created: number;
  readonly escalated: number;
  readonly completed: number;
  readonly dismissed: number;
  readonly unscheduled: number;
  readonly sent: number;
  readonly failed: number;
  readonly languageFallbacks: number;
  readonly letters: readonly LetterBatch[];
}

/** Checks what a source returned: a bad need names its index and field. */
export function checkNeeds(raw: unknown): ReminderNeed[] {
  const r = z.array(reminderNeedSchema).safeParse(raw);
  if (r.success) return r.data;
  const i = r.error.issues[0];
  throw new Error(`reminder source: needs.${i?.path.join('.') ?? ''}: ${i?.message ?? 'invalid'}`);
}

/**
 * The day's reminders of one district: the needs from the source (for the district's day), then per active school:
 * its plan in one transaction, its e-mails and SMS, its letters. A school that fails does not stop the others; the
 * run then throws at the end (the job is retried; what was done is not redone).
 */
export async function runReminders(
  db: ServerDb,
  clock: Clock,
  deps: ReminderDeps,
  districtId: string,
): Promise<ReminderRunResult> {
  const district = await db
    .selectFrom('districts')
    .select(['id', 'timezone', 'state_code'])
    .where('id', '=', districtId)
    .executeTakeFirstOrThrow();
  const today = localDate(clock.now().getTime(), district.timezone);
  const needs = checkNeeds(await deps.source(db, today, { districtId }));
  const schools = await db
    .selectFrom('schools')
    .select(['id', 'name', 'phone', 'state'])
    .where('district_id', '=', districtId)
    .where('is_active', '=', true)
    .orderBy('id')
    .execute();
  const total = {
    created: 0,
    escalated: 0,
    completed: 0,
    dismissed: 0,
    unscheduled: 0,
    sent: 0,
    failed: 0,
    languageFallbacks: 0,
  };
  const letters: LetterBatch[] = [];
  const errors: string[] = [];
  const foreign = needs.filter((n) => !schools.some((s) => s.id === n.schoolId));
  if (foreign.length > 0)
    errors.push(`${foreign.length} needs name a school not active in district ${districtId}`);
  for (const school of schools) {
    try {
      const mine = needs.filter((n) => n.schoolId === school.id);
      const counts: SchoolPlanCounts = await planSchool(
        db,
        clock,
        // the school's state's schedule rows (the district's when the school has none on record)
        { id: school.id, stateCode: school.state ?? district.state_code },
        today,
        mine,
      );
      const delivered = await deliverSchool(
        db,
        clock,
        deps.channels(),
        school,
        needsByKey(mine),
        deps.ackUrl ?? null,
      );
      const batch = await printLetters(
        db,
        clock,
        deps.render,
        deps.lettersDir(),
        school,
        today,
        delivered.letters,
      );
      if (batch) letters.push(batch);
      total.created += counts.created;
      total.escalated += counts.escalated;
      total.completed += counts.completed;
      total.dismissed += counts.dismissed;
      total.unscheduled += counts.unscheduled;
      total.sent += delivered.sent;
      total.failed += delivered.failed;
      total.languageFallbacks += delivered.languageFallbacks;
    } catch (err) {
      errors.push(`school ${school.id}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (errors.length > 0) throw new Error(`immunization reminders ${today}: ${errors.join('; ')}`);
  return { date: today, schools: schools.length, ...total, letters };
}
