import type { IpcParsedArgs } from '../../../src-shared/ipc/contract';
import { stillInClinic } from '../../../src-shared/clinic-visits';
import { IpcError } from '../../../src-shared/ipc/errors';
import { timeIn } from '../../../src-shared/time';
import { requireWriter, type Actor, type WorkstationContext } from '../context';
import { pastInstant, writing } from '../write-support';
import { requireVisit } from './read';

/**
 * clinicVisits.finish: a visit still in the clinic gets its outcome — back to class (return time), sent home or
 * emergency transport (departure) — through the write path (an update with its outbox row), audited. A visit that
 * already has an outcome is refused (amend it instead); no time may precede the arrival or lie in the future.
 */
export function finishVisit(
  ctx: WorkstationContext,
  actor: Actor,
  args: IpcParsedArgs<'clinicVisits.finish'>,
): { visitId: string } {
  requireWriter(actor);
  const v = requireVisit(ctx, args.visitId);
  if (!stillInClinic(v)) {
    const at = v.departure_time ?? v.return_to_class_time;
    throw new IpcError(
      'VALIDATION',
      `disposition: this visit was already finished${at ? ` (${timeIn(Date.parse(at), ctx.timeZone())})` : ''}: amend it with a reason instead`,
      'disposition',
    );
  }
  const arrival = Date.parse(v.arrival_time);
  const checked = (value: string | undefined, field: string, label: string): string | null => {
    if (value === undefined) return null;
    const iso = pastInstant(ctx, value, field, label);
    if (Date.parse(iso) < arrival)
      throw new IpcError(
        'VALIDATION',
        `${field}: ${label} cannot be before the arrival (${timeIn(arrival, ctx.timeZone())})`,
        field,
      );
    return iso;
  };
  const departed = checked(args.departedAt, 'departedAt', 'the departure');
  const returned = checked(args.returnedToClassAt, 'returnedToClassAt', 'the return to class');
  const notified = checked(args.parentNotifiedAt, 'parentNotifiedAt', 'the parent notification');
  const leftSchool = args.disposition !== 'RETURNED_TO_CLASS';
  writing(ctx, () => {
    ctx.store.update('clinic_visits', v.id, {
      disposition: args.disposition,
      departure_time: departed ?? returned,
      return_to_class_time: returned,
      sent_home: leftSchool ? 1 : 0,
      ...(notified ? { parent_notified: 1, parent_notification_time: notified } : {}),
      ...(args.followUp ? { follow_up_required: 1, follow_up_notes: args.followUp } : {}),
    });
    ctx.audit(actor, 'UPDATE', 'clinic_visits', v.id, {
      student_id: v.student_id,
      what: 'finished',
      disposition: args.disposition,
    });
  });
  return { visitId: v.id };
}
