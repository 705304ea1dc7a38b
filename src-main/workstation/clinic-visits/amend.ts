import {
  AMENDABLE_FIELDS,
  diffAmendment,
  painScaleProblem,
  vitalProblem,
  rangeText,
  VITAL_RANGES,
  type AmendableField,
  type AmendValue,
  type PainScale,
  type VitalName,
} from '../../../src-shared/clinic-visits';
import type { IpcParsedArgs } from '../../../src-shared/ipc/contract';
import { IpcError } from '../../../src-shared/ipc/errors';
import { timeIn } from '../../../src-shared/time';
import { requireWriter, type Actor, type WorkstationContext } from '../context';
import { newId, pastInstant, writing } from '../write-support';
import { requireVisit, type VisitRow } from './read';

/**
 * clinicVisits.amend: corrects fields of a saved visit with a reason. The visit's update and its
 * clinic_visit_amendments row (each changed field with its old and new value, the reason, who, when) are written in
 * ONE transaction through the write path, so both reach the district together; audited. Every value is checked
 * first (vital ranges naming the field and its range, times after arrival and not in the future, blood pressure
 * systolic above diastolic): nothing is half-written. Two workstations amending the same field is a per-field
 * conflict the district server keeps for review (sync_conflicts), and both amendment rows survive.
 */

const VITALS = new Set<string>(Object.keys(VITAL_RANGES));
const isVital = (k: string): k is VitalName => VITALS.has(k);
const TIMES = new Set<AmendableField>(['departedAt', 'returnedToClassAt', 'parentNotifiedAt']);

function currentValues(v: VisitRow): Record<AmendableField, AmendValue> {
  const out = {} as Record<AmendableField, AmendValue>;
  for (const [k, col] of Object.entries(AMENDABLE_FIELDS) as [AmendableField, keyof VisitRow][])
    out[k] = v[col] ?? null;
  return out;
}

/**
 * The pain scale goes with the score: clearing the score clears its scale, and a score given with no scale on
 * record (a visit saved before scales were kept) is a 0–10 number.
 */
function painScaleFollows(
  current: Record<AmendableField, AmendValue>,
  proposed: Partial<Record<AmendableField, AmendValue>>,
): void {
  if (proposed.painScore === undefined && proposed.painScale === undefined) return;
  const score = proposed.painScore !== undefined ? proposed.painScore : current.painScore;
  const scale = proposed.painScale !== undefined ? proposed.painScale : current.painScale;
  if (score === null && scale !== null) proposed.painScale = null;
  else if (score !== null && scale === null) proposed.painScale = 'NUMERIC';
}

export function amendVisit(
  ctx: WorkstationContext,
  actor: Actor,
  args: IpcParsedArgs<'clinicVisits.amend'>,
): { amendmentId: string } {
  requireWriter(actor);
  const v = requireVisit(ctx, args.visitId);
  const arrival = Date.parse(v.arrival_time);
  const proposed: Partial<Record<AmendableField, AmendValue>> = {};
  for (const [k, value] of Object.entries(args.changes) as [AmendableField, AmendValue | undefined][]) {
    if (value === undefined) continue;
    const field = `changes.${k}`;
    if (typeof value === 'number' && isVital(k)) {
      const problem = vitalProblem(k, value);
      if (problem) throw new IpcError('VALIDATION', `${field}: ${problem}`, field);
    }
    if (TIMES.has(k) && typeof value === 'string') {
      const iso = pastInstant(ctx, value, field, 'the time');
      if (Date.parse(iso) < arrival)
        throw new IpcError(
          'VALIDATION',
          `${field}: cannot be before the arrival (${timeIn(arrival, ctx.timeZone())})`,
          field,
        );
      proposed[k] = iso;
    } else proposed[k] = value;
  }
  const current = currentValues(v);
  painScaleFollows(current, proposed);
  const changes = diffAmendment(current, proposed);
  const changed = Object.keys(changes) as AmendableField[];
  if (changed.length === 0)
    throw new IpcError('VALIDATION', 'changes: nothing differs from the saved visit', 'changes');
  const after = { ...current, ...proposed };
  const sys = after.systolic;
  const dia = after.diastolic;
  if ((sys === null) !== (dia === null))
    throw new IpcError(
      'VALIDATION',
      `changes.${sys === null ? 'systolic' : 'diastolic'}: blood pressure needs both systolic and diastolic (${rangeText('systolic')} over ${rangeText('diastolic')})`,
      `changes.${sys === null ? 'systolic' : 'diastolic'}`,
    );
  if (typeof sys === 'number' && typeof dia === 'number' && sys <= dia)
    throw new IpcError('VALIDATION', 'changes.diastolic: must be below the systolic', 'changes.diastolic');
  if (after.painScale && typeof after.painScore === 'number') {
    const problem = painScaleProblem(after.painScale as PainScale, after.painScore);
    const field = 'painScore' in proposed ? 'changes.painScore' : 'changes.painScale';
    if (problem) throw new IpcError('VALIDATION', `${field}: ${problem}`, field);
  }

  const patch: Record<string, AmendValue> = {};
  for (const k of changed) patch[AMENDABLE_FIELDS[k]] = after[k];
  if (changed.some(isVital))
    patch.vital_signs_taken = Object.keys(VITAL_RANGES).some(
      (k) => isVital(k) && k in after && after[k as AmendableField] !== null,
    )
      ? 1
      : 0;
  if (changes.disposition)
    patch.sent_home = after.disposition && after.disposition !== 'RETURNED_TO_CLASS' ? 1 : 0;
  if (changes.followUp) patch.follow_up_required = after.followUp ? 1 : 0;
  if (changes.parentNotifiedAt) patch.parent_notified = after.parentNotifiedAt ? 1 : 0;

  const amendmentId = newId();
  writing(ctx, () => {
    ctx.store.update('clinic_visits', v.id, patch);
    ctx.store.insert('clinic_visit_amendments', {
      id: amendmentId,
      clinic_visit_id: v.id,
      student_id: v.student_id,
      school_id: v.school_id,
      changes: JSON.stringify(changes),
      reason: args.reason,
      amended_by: actor.userId,
      amended_at: ctx.nowIso(),
    });
    ctx.audit(actor, 'UPDATE', 'clinic_visits', v.id, {
      student_id: v.student_id,
      what: 'amended',
      fields: changed,
      amendment_id: amendmentId,
    });
  });
  return { amendmentId };
}
