/**
 * Vital signs of a clinic visit: each reading's plausible range (outside it the reading is refused, naming the
 * field and the range: a typo, a meter's error code or a wrong unit, never a real child's value), and which visit
 * reasons ask for which readings. Pure rules (no I/O): the IPC contract, the core and the form use them alike.
 * The database's CHECK constraints (migrations 0009/0003 and 0027/0008) hold the same limits.
 */

export interface VitalRange {
  readonly min: number;
  readonly max: number;
  readonly unit: string;
  /** what the nurse calls it */
  readonly label: string;
  readonly integer: boolean;
}

const r = (min: number, max: number, unit: string, label: string, integer: boolean): VitalRange =>
  Object.freeze({ min, max, unit, label, integer });

export const VITAL_RANGES = Object.freeze({
  temperatureC: r(32.0, 43.3, '°C', 'temperature', false),
  temperatureF: r(90.0, 110.0, '°F', 'temperature', false),
  heartRate: r(20, 250, 'beats/min', 'heart rate', true),
  systolic: r(50, 260, 'mmHg', 'systolic blood pressure', true),
  diastolic: r(20, 180, 'mmHg', 'diastolic blood pressure', true),
  /** a glucose meter reads 20–600 mg/dL; below or above it shows LO / HI */
  bloodGlucose: r(20, 600, 'mg/dL', 'blood glucose', true),
  spo2: r(50, 100, '%', 'SpO₂', true),
  respiratoryRate: r(4, 80, 'breaths/min', 'respiratory rate', true),
  painScore: r(0, 10, 'points', 'pain score', true),
  peakFlow: r(50, 900, 'L/min', 'peak flow', true),
} as const);

export type VitalName = keyof typeof VITAL_RANGES;
export const VITAL_NAMES = Object.freeze(Object.keys(VITAL_RANGES) as VitalName[]);

/** "20–600 mg/dL" */
export const rangeText = (name: VitalName): string => {
  const v = VITAL_RANGES[name];
  return `${v.min}–${v.max} ${v.unit}`;
};

/** Why a reading is refused (undefined: it is plausible). The message names the range. */
export function vitalProblem(name: VitalName, value: number): string | undefined {
  const v = VITAL_RANGES[name];
  if (!Number.isFinite(value)) return 'must be a number';
  if (v.integer && !Number.isInteger(value)) return 'must be a whole number';
  if (value < v.min) return `below ${v.min} ${v.unit}: check the reading (accepted ${rangeText(name)})`;
  if (value > v.max) return `above ${v.max} ${v.unit}: check the reading (accepted ${rangeText(name)})`;
  return undefined;
}

/** Visit reasons (visit_reasons.reason_code) whose visit records a reading: a diabetic check, the blood glucose. */
const REQUIRED_BY_REASON: Readonly<Record<string, readonly VitalName[]>> = Object.freeze({
  DIABETIC_CHECK: Object.freeze(['bloodGlucose'] as VitalName[]),
  HYPOGLYCEMIA: Object.freeze(['bloodGlucose'] as VitalName[]),
  HYPERGLYCEMIA: Object.freeze(['bloodGlucose'] as VitalName[]),
});
/** Readings a reason suggests (shown first in the form) without requiring them. */
const SUGGESTED_BY_REASON: Readonly<Record<string, readonly VitalName[]>> = Object.freeze({
  ASTHMA: Object.freeze(['peakFlow', 'spo2', 'respiratoryRate'] as VitalName[]),
  INJURY: Object.freeze(['painScore'] as VitalName[]),
  HEADACHE: Object.freeze(['painScore'] as VitalName[]),
  STOMACHACHE: Object.freeze(['painScore'] as VitalName[]),
});

/** The readings a visit for this reason must record. */
export const requiredVitals = (reasonCode: string | undefined): readonly VitalName[] =>
  (reasonCode && REQUIRED_BY_REASON[reasonCode]) || [];

/** The readings this reason asks for (required first, then suggested). */
export const vitalsAskedFor = (reasonCode: string | undefined): readonly VitalName[] => [
  ...requiredVitals(reasonCode),
  ...((reasonCode && SUGGESTED_BY_REASON[reasonCode]) || []),
];
