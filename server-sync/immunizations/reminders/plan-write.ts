import { v7 as uuidv7 } from 'uuid';
import {
  planReminders,
  reminderKey,
  type ExistingReminder,
  type ReminderNeed,
  type ReminderPlan,
} from '../../../src-shared/immunizations/reminders';
import { appendAudit } from '../../audit';
import type { ServerDb } from '../../db/connect';
import type { Clock } from '../../plugins/clock';

/** What the day's planning did in one school. */
export interface SchoolPlanCounts {
  readonly created: number;
  readonly escalated: number;
  readonly completed: number;
  readonly dismissed: number;
  /** needs without a row of the state's schedule for their vaccine (immunization_reminders requires one): skipped */
  readonly unscheduled: number;
}

const DISMISS_NOTE: Record<'EXEMPTION' | 'NO_LONGER_DUE', string> = {
  EXEMPTION: 'Dismissed: an exemption is in force for this vaccine.',
  NO_LONGER_DUE: 'Dismissed: no longer due (the source no longer lists this dose).',
};

const appendNote = (notes: string | null, line: string): string =>
  notes && notes.includes(line) ? notes : notes ? `${notes}\n${line}` : line;

/**
 * Plans one school's reminders for `today` and writes the plan in one transaction (with its audit entry), so a run
 * that fails leaves the school as it was and the next run plans the same again.
 */
export async function planSchool(
  db: ServerDb,
  clock: Clock,
  school: { readonly id: string; readonly stateCode: string },
  today: string,
  needs: readonly ReminderNeed[],
): Promise<SchoolPlanCounts> {
  return db.transaction().execute(async (trx) => {
    const now = clock.now();
    const rows = await trx
      .selectFrom('immunization_reminders')
      .select([
        'id',
        'student_id',
        'vaccine_type',
        'dose_number',
        'due_date',
        'reminder_type',
        'reminder_status',
        'notes',
      ])
      .where('school_id', '=', school.id)
      .where('deleted_at', 'is', null)
      .forUpdate()
      .execute();
    const existing: ExistingReminder[] = rows.map((r) => ({
      id: r.id,
      studentId: r.student_id,
      vaccine: r.vaccine_type,
      doseNumber: r.dose_number,
      dueDate: r.due_date,
      type: r.reminder_type,
      status: r.reminder_status,
    }));
    const students = [...new Set([...needs.map((n) => n.studentId), ...existing.map((r) => r.studentId)])];
    const doses =
      students.length === 0
        ? []
        : await trx
            .selectFrom('vaccinations')
            .select(['student_id', 'vaccine_type', 'administration_date'])
            .where('student_id', 'in', students)
            .where('deleted_at', 'is', null)
            .execute();
    const exemptions =
      students.length === 0
        ? []
        : await trx
            .selectFrom('immunization_exemptions')
            .select(['student_id', 'vaccine_type', 'exemption_type'])
            .where('student_id', 'in', students)
            .where('deleted_at', 'is', null)
            .where((eb) => eb.or([eb('start_date', 'is', null), eb('start_date', '<=', today)]))
            .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', today)]))
            .execute();
    // only an exemption the school's state accepts stops a reminder (a religious exemption in California does not):
    // the exemption types of the state's rules per vaccine
    const stateRules = await trx
      .selectFrom('vaccination_schedules')
      .select(['vaccine_type', 'exemption_types'])
      .where('state_code', '=', school.stateCode)
      .where('deleted_at', 'is', null)
      .execute();
    // a rule written without the state's exemption types (hand-written rows) says nothing: what is filed counts
    const accepted = new Map<string, Set<string>>();
    for (const r of stateRules) {
      if (!Array.isArray(r.exemption_types)) continue;
      const types = accepted.get(r.vaccine_type) ?? new Set<string>();
      for (const t of r.exemption_types) if (typeof t === 'string') types.add(t);
      accepted.set(r.vaccine_type, types);
    }
    const stateAccepts = (e: { vaccine_type: string | null; exemption_type: string }): boolean => {
      if (e.exemption_type === 'LAB_EVIDENCE_OF_IMMUNITY' || e.exemption_type === 'HISTORY_OF_DISEASE')
        return true;
      const vaccines = e.vaccine_type === null ? [...accepted.keys()] : [e.vaccine_type];
      if (vaccines.length === 0) return true;
      return vaccines.some((v) => accepted.get(v)?.has(e.exemption_type) ?? true);
    };
    const plan: ReminderPlan = planReminders({
      today,
      needs,
      existing,
      doses: doses.map((d) => ({
        studentId: d.student_id,
        vaccine: d.vaccine_type,
        administeredOn: d.administration_date,
      })),
      exemptions: exemptions
        .filter(stateAccepts)
        .map((e) => ({ studentId: e.student_id, vaccine: e.vaccine_type })),
    });

    // the schedule row of each new reminder: the state's row of that vaccine and dose, else its last dose's row
    const vaccines = [...new Set(plan.create.map((c) => c.need.vaccine))];
    const schedules =
      vaccines.length === 0
        ? []
        : await trx
            .selectFrom('vaccination_schedules')
            .select(['id', 'vaccine_type', 'dose_number'])
            .where('state_code', '=', school.stateCode)
            .where('vaccine_type', 'in', vaccines)
            .where('deleted_at', 'is', null)
            .orderBy('dose_number')
            .orderBy('id')
            .execute();
    const scheduleOf = (vaccine: string, dose: number): string | null => {
      const of = schedules.filter((s) => s.vaccine_type === vaccine);
      return (of.find((s) => s.dose_number === dose) ?? of[of.length - 1])?.id ?? null;
    };
    let created = 0;
    let unscheduled = 0;
    for (const c of plan.create) {
      const scheduleId = scheduleOf(c.need.vaccine, c.need.doseNumber);
      if (!scheduleId) {
        unscheduled++;
        continue;
      }
      await trx
        .insertInto('immunization_reminders')
        .values({
          id: uuidv7({ msecs: now.getTime() }),
          student_id: c.need.studentId,
          vaccination_schedule_id: scheduleId,
          vaccine_type: c.need.vaccine,
          dose_number: c.need.doseNumber,
          due_date: c.need.dueDate,
          reminder_type: c.type,
          reminder_status: 'PENDING',
          notes:
            c.need.kind === 'STATE_DEADLINE'
              ? `State school-entry requirement${c.need.deadline ? `; deadline ${c.need.deadline}` : ''}.`
              : `Forecast (CDSi)${c.need.deadline ? `; state deadline ${c.need.deadline}` : ''}.`,
          school_id: school.id,
          created_at: now,
          updated_at: now,
        })
        .execute();
      created++;
    }
    for (const e of plan.escalate)
      await trx
        .updateTable('immunization_reminders')
        .set({ reminder_type: e.to, reminder_status: 'PENDING', updated_at: now })
        .where('id', '=', e.id)
        .execute();
    for (const c of plan.complete)
      await trx
        .updateTable('immunization_reminders')
        .set({ reminder_status: 'COMPLETED', vaccination_completed_date: c.completedOn, updated_at: now })
        .where('id', '=', c.id)
        .execute();
    const notesOf = new Map(rows.map((r) => [r.id, r.notes]));
    for (const d of plan.dismiss)
      await trx
        .updateTable('immunization_reminders')
        .set({
          reminder_status: 'DISMISSED',
          notes: appendNote(notesOf.get(d.id) ?? null, DISMISS_NOTE[d.reason]),
          updated_at: now,
        })
        .where('id', '=', d.id)
        .execute();
    const counts: SchoolPlanCounts = {
      created,
      escalated: plan.escalate.length,
      completed: plan.complete.length,
      dismissed: plan.dismiss.length,
      unscheduled,
    };
    if (created + counts.escalated + counts.completed + counts.dismissed > 0)
      await appendAudit(trx, {
        action: 'UPDATE',
        userId: null,
        deviceId: null,
        schoolId: school.id,
        tableName: 'immunization_reminders',
        recordId: null,
        ip: null,
        userAgent: null,
        details: { event: 'immunization_reminders.planned', date: today, ...counts },
        at: now,
      });
    return counts;
  });
}

/** The needs of one school, keyed as reminders are (for the words of a message: the deadline). */
export function needsByKey(needs: readonly ReminderNeed[]): Map<string, ReminderNeed> {
  const out = new Map<string, ReminderNeed>();
  for (const n of needs) out.set(reminderKey(n.studentId, n.vaccine, n.doseNumber), n);
  return out;
}
