import { describe, expect, it } from 'vitest';
import {
  planReminders,
  reminderNeedSchema,
  reminderTypeOn,
  type ExistingReminder,
  type PlanInput,
  type ReminderNeed,
  type ReminderPlan,
} from '../../../src-shared/immunizations/reminders';

const need = (over: Partial<ReminderNeed> = {}): ReminderNeed => ({
  studentId: 'st-1',
  schoolId: 'sc-1',
  vaccine: 'MMR',
  doseNumber: 2,
  dueDate: '2027-01-20',
  kind: 'STATE_DEADLINE',
  ...over,
});
const base: PlanInput = { today: '2027-01-01', needs: [], existing: [], doses: [], exemptions: [] };

/** The plan applied to the existing reminders, as the job writes it. */
function apply(input: PlanInput, plan: ReminderPlan): ExistingReminder[] {
  const out = input.existing.map((r) => {
    const esc = plan.escalate.find((e) => e.id === r.id);
    if (esc) return { ...r, type: esc.to, status: 'PENDING' as const };
    if (plan.complete.some((c) => c.id === r.id)) return { ...r, status: 'COMPLETED' as const };
    if (plan.dismiss.some((d) => d.id === r.id)) return { ...r, status: 'DISMISSED' as const };
    return r;
  });
  plan.create.forEach((c, i) =>
    out.push({
      id: `new-${input.today}-${i}`,
      studentId: c.need.studentId,
      vaccine: c.need.vaccine,
      doseNumber: c.need.doseNumber,
      dueDate: c.need.dueDate,
      type: c.type,
      status: 'PENDING',
    }),
  );
  return out;
}

describe('reminder type of a need on a day', () => {
  it('is null more than 30 days ahead, UPCOMING within 30 days, OVERDUE past due, URGENT after 30 days', () => {
    const n = { dueDate: '2027-02-01' };
    expect(reminderTypeOn('2026-12-31', n)).toBeNull();
    expect(reminderTypeOn('2027-01-02', n)).toBe('UPCOMING');
    expect(reminderTypeOn('2027-02-01', n)).toBe('UPCOMING');
    expect(reminderTypeOn('2027-02-02', n)).toBe('OVERDUE');
    expect(reminderTypeOn('2027-03-03', n)).toBe('OVERDUE');
    expect(reminderTypeOn('2027-03-04', n)).toBe('URGENT');
  });
  it('is URGENT past the state deadline even when the dose is only just due', () => {
    expect(reminderTypeOn('2027-02-03', { dueDate: '2027-02-01', deadline: '2027-02-02' })).toBe('URGENT');
    expect(reminderTypeOn('2027-02-02', { dueDate: '2027-02-01', deadline: '2027-02-02' })).toBe('OVERDUE');
  });
});

describe('planning reminders', () => {
  it('creates a reminder for a need due within 30 days, none for one further ahead', () => {
    const plan = planReminders({
      ...base,
      needs: [need(), need({ vaccine: 'Tdap', doseNumber: 1, dueDate: '2027-03-01' })],
    });
    expect(plan.create.map((c) => [c.need.vaccine, c.type])).toEqual([['MMR', 'UPCOMING']]);
    expect(plan.escalate).toEqual([]);
  });

  it('is idempotent: its own result as the existing reminders plans nothing the same day', () => {
    const input: PlanInput = {
      ...base,
      needs: [
        need(),
        need({ studentId: 'st-2', dueDate: '2026-12-10' }),
        need({ studentId: 'st-3', dueDate: '2026-10-01' }),
      ],
    };
    const first = planReminders(input);
    expect(first.create.map((c) => c.type)).toEqual(['UPCOMING', 'OVERDUE', 'URGENT']);
    const again = planReminders({ ...input, existing: apply(input, first) });
    expect(again).toEqual({ create: [], escalate: [], complete: [], dismiss: [] });
  });

  it('escalates UPCOMING → OVERDUE → URGENT as days pass, never back down', () => {
    let input: PlanInput = { ...base, needs: [need({ deadline: '2027-02-15' })] };
    const types: string[] = [];
    for (const today of [
      '2027-01-01',
      '2027-01-20',
      '2027-01-21',
      '2027-02-15',
      '2027-02-16',
      '2027-03-30',
    ]) {
      input = { ...input, today };
      const plan = planReminders(input);
      input = { ...input, existing: apply(input, plan) };
      types.push(
        ...plan.create.map((c) => `${today} create ${c.type}`),
        ...plan.escalate.map((e) => `${today} ${e.from}→${e.to}`),
      );
    }
    expect(types).toEqual([
      '2027-01-01 create UPCOMING',
      '2027-01-21 UPCOMING→OVERDUE',
      '2027-02-16 OVERDUE→URGENT',
    ]);
    expect(input.existing).toHaveLength(1);
    // the due date moved later (a new forecast): an URGENT reminder stays URGENT
    const later = planReminders({ ...input, today: '2027-03-30', needs: [need({ dueDate: '2027-04-20' })] });
    expect(later.escalate).toEqual([]);
  });

  it('completes an open reminder once its dose is recorded (the n-th dose, one per day), with its date', () => {
    const existing: ExistingReminder[] = [
      {
        id: 'r1',
        studentId: 'st-1',
        vaccine: 'MMR',
        doseNumber: 2,
        dueDate: '2027-01-20',
        type: 'UPCOMING',
        status: 'SENT',
      },
    ];
    const one = planReminders({
      ...base,
      needs: [need()],
      existing,
      doses: [
        { studentId: 'st-1', vaccine: 'MMR', administeredOn: '2015-04-01' },
        { studentId: 'st-1', vaccine: 'MMR', administeredOn: '2015-04-01' },
      ],
    });
    expect(one.complete).toEqual([]); // the same day twice is one dose
    const two = planReminders({
      ...base,
      needs: [need()],
      existing,
      doses: [
        { studentId: 'st-1', vaccine: 'MMR', administeredOn: '2026-12-28' },
        { studentId: 'st-1', vaccine: 'MMR', administeredOn: '2015-04-01' },
        { studentId: 'st-2', vaccine: 'MMR', administeredOn: '2026-12-20' },
      ],
    });
    expect(two.complete).toEqual([{ id: 'r1', completedOn: '2026-12-28' }]);
    // and a need still listed for that dose does not bring it back
    expect(two.create).toEqual([]);
  });

  it('dismisses on an exemption (for the vaccine or for all), and creates nothing while it is in force', () => {
    const existing: ExistingReminder[] = [
      {
        id: 'r1',
        studentId: 'st-1',
        vaccine: 'MMR',
        doseNumber: 2,
        dueDate: '2027-01-20',
        type: 'OVERDUE',
        status: 'PENDING',
      },
    ];
    const forAll = planReminders({
      ...base,
      needs: [need(), need({ vaccine: 'Tdap' })],
      existing,
      exemptions: [{ studentId: 'st-1', vaccine: null }],
    });
    expect(forAll.dismiss).toEqual([{ id: 'r1', reason: 'EXEMPTION' }]);
    expect(forAll.create).toEqual([]);
    const other = planReminders({
      ...base,
      needs: [need()],
      existing,
      exemptions: [{ studentId: 'st-1', vaccine: 'Varicella' }],
    });
    expect(other.dismiss).toEqual([]);
    // the exemption ended and the dose is still due: a new reminder
    const ended = planReminders({
      ...base,
      needs: [need()],
      existing: [{ ...existing[0]!, status: 'DISMISSED' }],
    });
    expect(ended.create.map((c) => c.need.vaccine)).toEqual(['MMR']);
  });

  it('dismisses an open reminder whose need is gone without a dose; leaves closed ones alone', () => {
    const plan = planReminders({
      ...base,
      existing: [
        {
          id: 'r1',
          studentId: 'st-1',
          vaccine: 'MMR',
          doseNumber: 2,
          dueDate: '2027-01-20',
          type: 'OVERDUE',
          status: 'ACKNOWLEDGED',
        },
        {
          id: 'r2',
          studentId: 'st-1',
          vaccine: 'Tdap',
          doseNumber: 1,
          dueDate: '2027-01-20',
          type: 'OVERDUE',
          status: 'COMPLETED',
        },
      ],
    });
    expect(plan).toEqual({
      create: [],
      escalate: [],
      complete: [],
      dismiss: [{ id: 'r1', reason: 'NO_LONGER_DUE' }],
    });
  });

  it('merges a dose listed by both the forecast and a deadline: the earlier due date and deadline', () => {
    const plan = planReminders({
      ...base,
      today: '2027-02-10',
      needs: [
        need({ kind: 'FORECAST', dueDate: '2027-02-05' }),
        need({ kind: 'STATE_DEADLINE', dueDate: '2027-02-20', deadline: '2027-02-09' }),
      ],
    });
    expect(plan.create).toHaveLength(1);
    expect(plan.create[0]).toMatchObject({
      type: 'URGENT',
      need: { dueDate: '2027-02-05', deadline: '2027-02-09' },
    });
  });
});

describe('a need from a source', () => {
  it('is checked field by field', () => {
    expect(reminderNeedSchema.safeParse(need()).success).toBe(true);
    const bad = reminderNeedSchema.safeParse(need({ dueDate: '2027-02-30' }));
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['dueDate']);
    expect(reminderNeedSchema.safeParse({ ...need(), kind: 'GUESS' }).success).toBe(false);
    expect(reminderNeedSchema.safeParse({ ...need(), extra: 1 }).success).toBe(false);
  });
});
