import { IpcError } from '../../../src-shared/ipc/errors';
import {
  doseGivenProblem,
  doseTiming,
  isRepeatDose,
  orderIntervalMs,
  type DoseTiming,
} from '../../../src-shared/mar';
import { localDate, localDayRange, timeIn } from '../../../src-shared/time';
import { query, type WorkstationContext } from '../context';
import { parseTimes } from '../students';

/**
 * The five rights of a GIVEN dose on the workstation (src-shared/mar/five-rights.ts): the dose given (default the
 * ordered dose) checked against the order, the time given (default now, never in the future) and its timing, and a
 * dose of the same order already GIVEN today within the order's interval refused unless confirmed as a PRN repeat
 * with a reason. Voided doses count nowhere.
 */

export interface OrderFacts {
  readonly id: string;
  readonly dose: string;
  readonly schedule_times: string;
  readonly frequency: string | null;
}

export interface GivenDose {
  readonly doseGiven: string;
  readonly timing: DoseTiming;
  /** the earlier dose this one repeats, confirmed with a reason */
  readonly repeatOf: { readonly id: string; readonly at: string } | null;
}

export function checkDoseGiven(order: { dose: string }, doseGiven: string | undefined): string {
  const dose = doseGiven ?? order.dose;
  const problem = doseGivenProblem(order.dose, dose);
  if (problem) throw new IpcError('VALIDATION', problem, 'doseGiven');
  return dose;
}

export function fiveRights(
  ctx: WorkstationContext,
  order: OrderFacts,
  a: { scheduledAt: string; givenAt: string; doseGiven?: string; prnRepeatReason?: string },
): GivenDose {
  const doseGiven = checkDoseGiven(order, a.doseGiven);
  const givenMs = Date.parse(a.givenAt);
  const tz = ctx.timeZone();
  const day = localDayRange(localDate(givenMs, tz), tz);
  const interval = orderIntervalMs(parseTimes(order.schedule_times), order.frequency);
  const earlier = ctx.all(
    query
      .selectFrom('medication_administrations')
      .select(['id', 'administered_at'])
      .where('student_medication_id', '=', order.id)
      .where('administration_status', '=', 'GIVEN')
      .where('deleted_at', 'is', null)
      .where('voided_at', 'is', null)
      .where('administered_at', '>=', day.from)
      .where('administered_at', '<', day.to)
      .$narrowType<{ administered_at: string }>(),
  );
  const prior = earlier.find((e) => isRepeatDose(Date.parse(e.administered_at), givenMs, interval));
  if (prior && !a.prnRepeatReason?.trim())
    throw new IpcError(
      'DUPLICATE',
      `prnRepeatReason: this order was already given today at ${timeIn(Date.parse(prior.administered_at), tz)}, ` +
        `within its interval of ${Math.round(interval / 60_000)} minutes; confirm a PRN repeat with a reason`,
      'prnRepeatReason',
    );
  return {
    doseGiven,
    timing: doseTiming(Date.parse(a.scheduledAt), givenMs),
    repeatOf: prior ? { id: prior.id, at: prior.administered_at } : null,
  };
}
