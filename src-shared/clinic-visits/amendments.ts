/**
 * Amending a saved visit: which fields may change, the record of a change (field → old and new value, as stored in
 * clinic_visit_amendments.changes) and what it reads like in the history. Pure rules: the core writes, the chart
 * shows.
 */

/** The contract's field names → the clinic_visits columns they change. */
export const AMENDABLE_FIELDS = Object.freeze({
  complaint: 'presenting_complaint',
  treatment: 'treatment_provided',
  notes: 'nurse_notes',
  followUp: 'follow_up_notes',
  triage: 'severity_triage',
  temperatureF: 'temperature_f',
  heartRate: 'heart_rate',
  systolic: 'blood_pressure_systolic',
  diastolic: 'blood_pressure_diastolic',
  bloodGlucose: 'blood_glucose_mg_dl',
  spo2: 'spo2_percent',
  respiratoryRate: 'respiratory_rate',
  painScore: 'pain_score',
  painScale: 'pain_scale',
  peakFlow: 'peak_flow_l_min',
  departedAt: 'departure_time',
  returnedToClassAt: 'return_to_class_time',
  parentNotifiedAt: 'parent_notification_time',
  disposition: 'disposition',
} as const);
export type AmendableField = keyof typeof AMENDABLE_FIELDS;
export type AmendColumn = (typeof AMENDABLE_FIELDS)[AmendableField];

export const AMEND_LABEL: Readonly<Record<AmendableField, string>> = Object.freeze({
  complaint: 'Complaint',
  treatment: 'Treatment',
  notes: 'Notes',
  followUp: 'Follow-up',
  triage: 'Triage',
  temperatureF: 'Temperature (°F)',
  heartRate: 'Heart rate',
  systolic: 'Systolic BP',
  diastolic: 'Diastolic BP',
  bloodGlucose: 'Blood glucose (mg/dL)',
  spo2: 'SpO₂ (%)',
  respiratoryRate: 'Respiratory rate',
  painScore: 'Pain score',
  painScale: 'Pain scale',
  peakFlow: 'Peak flow (L/min)',
  departedAt: 'Departure',
  returnedToClassAt: 'Back to class',
  parentNotifiedAt: 'Parent notified',
  disposition: 'Outcome',
});

export type AmendValue = string | number | null;
export interface AmendChange {
  readonly old: AmendValue;
  readonly new: AmendValue;
}

/** The changed fields only (a value given equal to the stored one is no change). */
export function diffAmendment(
  current: Readonly<Partial<Record<AmendableField, AmendValue>>>,
  proposed: Readonly<Partial<Record<AmendableField, AmendValue>>>,
): Partial<Record<AmendableField, AmendChange>> {
  const out: Partial<Record<AmendableField, AmendChange>> = {};
  for (const k of Object.keys(proposed) as AmendableField[]) {
    const next = proposed[k];
    if (next === undefined) continue;
    const prev = current[k] ?? null;
    if (prev === next) continue;
    out[k] = { old: prev, new: next };
  }
  return out;
}
