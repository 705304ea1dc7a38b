import { sql } from 'kysely';
import type { IpcParsedArgs, MarHistory } from '../../../src-shared/ipc/contract';
import { IpcError } from '../../../src-shared/ipc/errors';
import { doseTiming, unitsForDose } from '../../../src-shared/mar';
import { fullName, opt, query, requireWriter, type Actor, type WorkstationContext } from '../context';
import { newId, pastInstant, writing } from '../write-support';
import { controlledMedication, recordControlledDose } from './controlled';
import { checkDoseGiven } from './rights';

/**
 * A recorded dose is corrected (dose, time, note) or voided with a reason, never deleted: each change is a
 * medication_administration_corrections row (the old and new values, the reason, who and when), the dose updated
 * in the same transaction. A voided dose keeps its row (voided_at) and counts nowhere (the MAR shows it voided, the
 * safety check's doses of the last 24 hours and the repeat rule leave it out); a voided controlled dose's units go
 * back to the school's stock.
 */

function administration(ctx: WorkstationContext, id: string) {
  const a = ctx.first(
    query
      .selectFrom('medication_administrations as a')
      .innerJoin('students as s', 's.id', 'a.student_id')
      .innerJoin('medications as m', 'm.id', 'a.medication_id')
      .leftJoin('student_medications as sm', 'sm.id', 'a.student_medication_id')
      .select([
        'a.id',
        'a.student_id',
        'a.medication_id',
        'a.administration_status',
        'a.dose_given',
        'a.administered_at',
        'a.scheduled_for',
        'a.notes',
        'a.reason_not_given',
        'a.voided_at',
        'm.name as medication',
        's.first_name',
        's.last_name',
        's.preferred_name',
        'sm.dose as ordered_dose',
      ])
      .where('a.id', '=', id)
      .where('a.school_id', '=', ctx.schoolId)
      .where('a.deleted_at', 'is', null),
  );
  if (!a) throw new IpcError('NOT_FOUND', 'no such recorded dose at this school', 'administrationId');
  return a;
}

type Changes = Record<string, [string | null, string | null]>;

function logCorrection(
  ctx: WorkstationContext,
  actor: Actor & { userId: string },
  a: { id: string; student_id: string },
  kind: 'CORRECTION' | 'VOID',
  changes: Changes,
  reason: string,
): string {
  const id = newId();
  ctx.store.insert('medication_administration_corrections', {
    id,
    administration_id: a.id,
    student_id: a.student_id,
    school_id: ctx.schoolId,
    kind,
    changes: JSON.stringify(changes),
    reason,
    corrected_by: actor.userId,
    corrected_at: ctx.nowIso(),
  });
  ctx.audit(actor, 'UPDATE', 'medication_administrations', a.id, {
    [kind === 'VOID' ? 'voided' : 'corrected']: Object.keys(changes),
    correction_id: id,
  });
  return id;
}

/** mar.correct: the dose, time or note of a recorded dose, with a reason. */
export function correctDose(
  ctx: WorkstationContext,
  actor: Actor,
  args: IpcParsedArgs<'mar.correct'>,
): { id: string } {
  requireWriter(actor);
  const a = administration(ctx, args.administrationId);
  if (a.voided_at)
    throw new IpcError('VALIDATION', 'administrationId: a voided dose is not corrected', 'administrationId');
  const given = a.administration_status === 'GIVEN';
  if (!given && (args.doseGiven !== undefined || args.givenAt !== undefined))
    throw new IpcError('VALIDATION', 'doseGiven: only a given dose has a dose and a time', 'doseGiven');
  const changes: Changes = {};
  const set: Record<string, string | null> = {};
  if (args.doseGiven !== undefined && args.doseGiven !== a.dose_given) {
    set.dose_given = checkDoseGiven(
      { dose: a.ordered_dose ?? a.dose_given ?? args.doseGiven },
      args.doseGiven,
    );
    changes.doseGiven = [a.dose_given, set.dose_given];
  }
  if (args.givenAt !== undefined) {
    const at = pastInstant(ctx, args.givenAt, 'givenAt', 'the dose');
    if (at !== a.administered_at) {
      set.administered_at = at;
      if (a.scheduled_for) set.dose_timing = doseTiming(Date.parse(a.scheduled_for), Date.parse(at));
      changes.givenAt = [a.administered_at, at];
    }
  }
  const noteCol = given ? 'notes' : 'reason_not_given';
  const oldNote = given ? a.notes : a.reason_not_given;
  if (args.note !== undefined && args.note !== oldNote) {
    set[noteCol] = args.note;
    changes.note = [oldNote, args.note];
  }
  if (Object.keys(changes).length === 0)
    throw new IpcError('VALIDATION', 'doseGiven: nothing changed', 'doseGiven');
  const controlled = set.dose_given ? controlledMedication(ctx, a.medication_id) : null;
  return writing(ctx, () => {
    ctx.store.update('medication_administrations', a.id, set);
    const id = logCorrection(ctx, actor, a, 'CORRECTION', changes, args.reason);
    // a corrected amount of a controlled dose moves the difference in or out of stock
    if (controlled && set.dose_given && a.dose_given) {
      const delta =
        unitsForDose(set.dose_given, controlled.strength) - unitsForDose(a.dose_given, controlled.strength);
      if (delta !== 0)
        recordControlledDose(ctx, actor, {
          medicationId: controlled.id,
          kind: delta > 0 ? 'GIVEN' : 'VOIDED',
          units: Math.round(Math.abs(delta) * 100) / 100,
          administrationId: a.id,
          at: ctx.nowIso(),
        });
    }
    return { id };
  });
}

/** mar.void: a recorded dose voided with a reason (kept, never deleted). */
export function voidDose(
  ctx: WorkstationContext,
  actor: Actor,
  args: IpcParsedArgs<'mar.void'>,
): { id: string } {
  requireWriter(actor);
  const a = administration(ctx, args.administrationId);
  if (a.voided_at)
    throw new IpcError('DUPLICATE', 'administrationId: this dose is already voided', 'administrationId');
  const now = ctx.nowIso();
  const controlled = a.administration_status === 'GIVEN' ? controlledMedication(ctx, a.medication_id) : null;
  return writing(ctx, () => {
    ctx.store.update('medication_administrations', a.id, { voided_at: now });
    const id = logCorrection(ctx, actor, a, 'VOID', { voidedAt: [null, now] }, args.reason);
    if (controlled && a.dose_given)
      recordControlledDose(ctx, actor, {
        medicationId: controlled.id,
        kind: 'VOIDED',
        units: unitsForDose(a.dose_given, controlled.strength),
        administrationId: a.id,
        at: now,
      });
    return { id };
  });
}

/** mar.history: a recorded dose and its corrections and void, oldest first (audited: a read of health data). */
export function doseHistory(
  ctx: WorkstationContext,
  actor: Actor,
  args: IpcParsedArgs<'mar.history'>,
): MarHistory {
  const a = administration(ctx, args.administrationId);
  const rows = ctx.all(
    query
      .selectFrom('medication_administration_corrections as c')
      .innerJoin('users as u', 'u.id', 'c.corrected_by')
      .select(['c.id', 'c.kind', 'c.changes', 'c.reason', 'c.corrected_at'])
      .select(sql<string>`u.first_name || ' ' || u.last_name`.as('by_name'))
      .where('c.administration_id', '=', a.id)
      .where('c.deleted_at', 'is', null)
      .orderBy('c.corrected_at')
      .orderBy('c.id'),
  );
  ctx.audit(actor, 'VIEW', 'medication_administrations', a.id, { history: rows.length });
  return {
    administrationId: a.id,
    medication: a.medication,
    studentName: fullName(a),
    status: a.administration_status,
    doseGiven: opt(a.dose_given),
    givenAt: opt(a.administered_at),
    voided: a.voided_at !== null,
    corrections: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      changes: JSON.parse(r.changes) as Changes,
      reason: r.reason,
      by: r.by_name,
      at: r.corrected_at,
    })),
  };
}
