import { rangeText, requiredVitals, VITAL_RANGES } from '../../../src-shared/clinic-visits';
import type { IpcParsedArgs } from '../../../src-shared/ipc/contract';
import { IpcError } from '../../../src-shared/ipc/errors';
import { query, type WorkstationContext } from '../context';

/** The vital signs of issue 10 on a new visit: their columns, the readings a reason requires, the initial outcome. */

type Args = IpcParsedArgs<'clinicVisits.create'>;
type Vitals = Args['vitals'];

export const extraVitalColumns = (v: Vitals) => ({
  blood_glucose_mg_dl: v?.bloodGlucose ?? null,
  spo2_percent: v?.spo2 ?? null,
  respiratory_rate: v?.respiratoryRate ?? null,
  pain_score: v?.painScore ?? null,
  pain_scale: v?.painScore !== undefined ? (v.painScale ?? 'NUMERIC') : null,
  peak_flow_l_min: v?.peakFlow ?? null,
});

/** A diabetic check records the blood glucose: refused without it, naming the field and its range. */
export function requireReasonVitals(ctx: WorkstationContext, reasonId: string | undefined, v: Vitals): void {
  if (!reasonId) return;
  const r = ctx.first(query.selectFrom('visit_reasons').select('reason_code').where('id', '=', reasonId));
  for (const name of requiredVitals(r?.reason_code)) {
    if (v?.[name] === undefined) {
      const field = `vitals.${name}`;
      throw new IpcError(
        'VALIDATION',
        `${field}: this visit reason records the ${VITAL_RANGES[name].label} (${rangeText(name)})`,
        field,
      );
    }
  }
}

/** The outcome a new visit is saved with (none while the student is still in the clinic). */
export function initialDisposition(a: Args): 'RETURNED_TO_CLASS' | 'SENT_HOME' | null {
  if (a.sentHome) return 'SENT_HOME';
  if (a.returnedToClassAt) return 'RETURNED_TO_CLASS';
  return null;
}
