import { addDays } from '../status';
import {
  REMINDER_TYPES,
  UPCOMING_WINDOW_DAYS,
  URGENT_AFTER_DAYS,
  type ExemptionInForce,
  type ExistingReminder,
  type RecordedDose,
  type ReminderNeed,
  type ReminderType,
} from './types';

/**
 * Planning of one school's reminders for one day (pure). A reminder is one (student, vaccine, dose number).
 *
 * - type of a need today: URGENT past its state deadline or more than URGENT_AFTER_DAYS past due; OVERDUE past due;
 *   UPCOMING due within UPCOMING_WINDOW_DAYS; none further ahead (no reminder yet);
 * - create: a need with a type and no reminder of its key (an open one, or a COMPLETED one: a dose was recorded);
 *   a DISMISSED one (exemption) is followed by a new one once the exemption has ended and the dose is still due;
 * - escalate: an open reminder (PENDING, SENT, ACKNOWLEDGED) whose need's type ranks above its own; never down;
 * - complete: an open reminder whose dose is recorded (the student has at least dose-number doses of the vaccine,
 *   one per day): COMPLETED with the date of that dose; this wins over a source still listing the need;
 * - dismiss: an open reminder with an exemption in force for its vaccine (or every vaccine), or whose need is gone
 *   without a dose (the source no longer lists it: withdrawn, schedule changed), with the reason.
 * Running it again on the same day with its own result as the existing reminders plans nothing.
 */

export interface PlanInput {
  readonly today: string;
  readonly needs: readonly ReminderNeed[];
  readonly existing: readonly ExistingReminder[];
  readonly doses: readonly RecordedDose[];
  readonly exemptions: readonly ExemptionInForce[];
}

export interface PlannedCreate {
  readonly need: ReminderNeed;
  readonly type: ReminderType;
}
export interface PlannedEscalation {
  readonly id: string;
  readonly from: ReminderType;
  readonly to: ReminderType;
}
export interface PlannedCompletion {
  readonly id: string;
  readonly completedOn: string;
}
export interface PlannedDismissal {
  readonly id: string;
  readonly reason: 'EXEMPTION' | 'NO_LONGER_DUE';
}

export interface ReminderPlan {
  readonly create: readonly PlannedCreate[];
  readonly escalate: readonly PlannedEscalation[];
  readonly complete: readonly PlannedCompletion[];
  readonly dismiss: readonly PlannedDismissal[];
}

const OPEN = new Set(['PENDING', 'SENT', 'ACKNOWLEDGED']);
const rank = (t: ReminderType): number => REMINDER_TYPES.indexOf(t);

export const reminderKey = (studentId: string, vaccine: string, doseNumber: number | null): string =>
  `${studentId}\u0000${vaccine}\u0000${doseNumber ?? 0}`;

/** The type a need has today, or null while it is more than UPCOMING_WINDOW_DAYS ahead. */
export function reminderTypeOn(
  today: string,
  need: Pick<ReminderNeed, 'dueDate' | 'deadline'>,
): ReminderType | null {
  if (need.deadline !== undefined && today > need.deadline) return 'URGENT';
  if (today > addDays(need.dueDate, URGENT_AFTER_DAYS)) return 'URGENT';
  if (today > need.dueDate) return 'OVERDUE';
  if (addDays(today, UPCOMING_WINDOW_DAYS) >= need.dueDate) return 'UPCOMING';
  return null;
}

/** The days (sorted, one per day) of each student's doses of each vaccine, keyed by reminderKey(student, vaccine, null). */
function doseDays(doses: readonly RecordedDose[]): Map<string, string[]> {
  const sets = new Map<string, Set<string>>();
  for (const d of doses) {
    const k = reminderKey(d.studentId, d.vaccine, null);
    const set = sets.get(k) ?? new Set<string>();
    set.add(d.administeredOn);
    sets.set(k, set);
  }
  return new Map([...sets].map(([k, v]) => [k, [...v].sort()]));
}

const exempt = (ex: readonly ExemptionInForce[], studentId: string, vaccine: string): boolean =>
  ex.some((e) => e.studentId === studentId && (e.vaccine === null || e.vaccine === vaccine));

export function planReminders(input: PlanInput): ReminderPlan {
  const needs = new Map<string, ReminderNeed>();
  for (const n of input.needs) {
    const k = reminderKey(n.studentId, n.vaccine, n.doseNumber);
    const prev = needs.get(k);
    // the same dose listed twice (forecast and deadline): the earlier due date, the earlier deadline
    if (!prev) needs.set(k, n);
    else
      needs.set(k, {
        ...prev,
        dueDate: n.dueDate < prev.dueDate ? n.dueDate : prev.dueDate,
        ...(n.deadline !== undefined && (prev.deadline === undefined || n.deadline < prev.deadline)
          ? { deadline: n.deadline, kind: n.kind }
          : {}),
      });
  }
  const byKey = new Map<string, ExistingReminder[]>();
  for (const r of input.existing) {
    const k = reminderKey(r.studentId, r.vaccine, r.doseNumber);
    byKey.set(k, [...(byKey.get(k) ?? []), r]);
  }

  const days = doseDays(input.doses);
  /** the date of the n-th dose (one per day, in date order) of a vaccine, or null when fewer are recorded */
  const nthDoseOn = (studentId: string, vaccine: string, n: number): string | null =>
    days.get(reminderKey(studentId, vaccine, null))?.[n - 1] ?? null;
  const complete: PlannedCompletion[] = [];
  const dismiss: PlannedDismissal[] = [];
  const escalate: PlannedEscalation[] = [];
  const create: PlannedCreate[] = [];

  for (const r of [...input.existing].sort((a, b) => a.id.localeCompare(b.id))) {
    if (!OPEN.has(r.status)) continue;
    const done = r.doseNumber === null ? null : nthDoseOn(r.studentId, r.vaccine, r.doseNumber);
    if (done !== null) {
      complete.push({ id: r.id, completedOn: done });
      continue;
    }
    if (exempt(input.exemptions, r.studentId, r.vaccine)) {
      dismiss.push({ id: r.id, reason: 'EXEMPTION' });
      continue;
    }
    const need = needs.get(reminderKey(r.studentId, r.vaccine, r.doseNumber));
    if (!need) {
      dismiss.push({ id: r.id, reason: 'NO_LONGER_DUE' });
      continue;
    }
    const type = reminderTypeOn(input.today, need);
    if (type !== null && rank(type) > rank(r.type)) escalate.push({ id: r.id, from: r.type, to: type });
  }

  for (const [k, need] of [...needs].sort(([a], [b]) => a.localeCompare(b))) {
    const stored = byKey.get(k) ?? [];
    if (stored.some((r) => OPEN.has(r.status) || r.status === 'COMPLETED')) continue;
    if (nthDoseOn(need.studentId, need.vaccine, need.doseNumber) !== null) continue;
    if (exempt(input.exemptions, need.studentId, need.vaccine)) continue;
    const type = reminderTypeOn(input.today, need);
    if (type !== null) create.push({ need, type });
  }
  return { create, escalate, complete, dismiss };
}

export const isEmptyPlan = (p: ReminderPlan): boolean =>
  p.create.length + p.escalate.length + p.complete.length + p.dismiss.length === 0;
