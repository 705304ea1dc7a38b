import {
  SYMPTOM_CATALOG,
  VITAL_RANGES,
  type ChartResult,
  type SafetyCheckView,
  type IpcArgs,
  type Triage,
} from '../../src-shared/ipc/contract';
import { rangeText, requiredVitals, type PainScale } from '../../src-shared/clinic-visits';
import { fromLocalInput, toLocalInput } from '../lib/format';
import { overrideArgs, type OverrideState } from '../medication-safety';

/**
 * The New visit form's logic without React: the form's state, the contract arguments it becomes, and the checks
 * the contract cannot make (nothing in the future, a safety warning acknowledged with what its override needs). The contract's
 * own zod schema (VisitCreateArgs) checks everything else, in the form and again in the core.
 */

export type VisitArgs = IpcArgs<'clinicVisits.create'>;
export type Order = ChartResult['medicationOrders'][number];

/** The medication-safety check of one line (medicationSafety.check). */
export interface SafetyCheckState {
  readonly state: 'checking' | 'done' | 'failed';
  readonly view?: SafetyCheckView;
  readonly error?: string;
}

/** The check asks for a reason (and maybe a physician): the nurse acknowledges the warning first. */
export const needsOverride = (c: SafetyCheckState | undefined): boolean =>
  c?.view?.requires === 'REASON' || c?.view?.requires === 'PHYSICIAN';
export const unknownDrug = (c: SafetyCheckState | undefined): boolean => !!c?.view && !c.view.drug;
export const hasAllergyConflict = (c: SafetyCheckState | undefined): boolean =>
  !!c?.view?.findings.some((f) => f.kind === 'ALLERGY' && f.blocking);

export interface MedLine {
  readonly key: string;
  readonly source: 'ORDER' | 'STOCK';
  readonly orderId: string;
  readonly medicationId: string;
  readonly medicationName: string;
  readonly drugClass?: string | undefined;
  readonly dose: string;
  readonly route: string;
  /** HH:MM on the day of the visit */
  readonly givenAt: string;
  readonly check?: SafetyCheckState;
  /** the nurse reviewed the warning and will give it (then the override's fields appear) */
  readonly acknowledged: boolean;
  readonly override: OverrideState;
}

export type Disposition = 'IN_CLINIC' | 'RETURNED' | 'SENT_HOME';

export interface VisitFormState {
  arrivedAt: string;
  reasonId: string;
  reasonText: string;
  triage: Triage;
  complaint: string;
  tempUnit: 'F' | 'C';
  temperature: string;
  heartRate: string;
  systolic: string;
  diastolic: string;
  bloodGlucose: string;
  spo2: string;
  respiratoryRate: string;
  painScore: string;
  /** the scale the pain score is read on: a 0–10 number or the six faces */
  painScale: PainScale;
  peakFlow: string;
  /** the symptom checklist: codes of SYMPTOM_CATALOG checked in the form */
  symptoms: string[];
  treatment: string;
  meds: MedLine[];
  disposition: Disposition;
  leftAt: string;
  parentNotified: boolean;
  parentNotifiedAt: string;
  followUp: string;
  period: string;
  subject: string;
  minutesMissed: string;
  notes: string;
}

/** "°F, 90–110": the unit and the range the contract accepts. */
export const rangeHint = (k: keyof typeof VITAL_RANGES): string => {
  const r = VITAL_RANGES[k];
  return `${r.unit}, ${r.min}–${r.max}`;
};

export const hhmm = (d: Date) => toLocalInput(d).slice(11, 16);

/** HH:MM on the arrival's day → ISO instant. */
export function onArrivalDay(arrivedLocal: string, time: string): string | undefined {
  if (!time) return undefined;
  const day = arrivedLocal.slice(0, 10);
  return fromLocalInput(`${day}T${time}`);
}

export const num = (s: string): number | undefined => {
  const t = s.trim().replace(',', '.');
  if (!t) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : Number.NaN;
};

/** Soft warnings: readings inside the accepted range but worth a second look (the hard limits are the contract's). */
export function vitalWarnings(v: {
  temperatureF?: number;
  temperatureC?: number;
  heartRate?: number;
  systolic?: number;
  diastolic?: number;
}) {
  const w: Record<string, string> = {};
  const f = v.temperatureF ?? (v.temperatureC !== undefined ? (v.temperatureC * 9) / 5 + 32 : undefined);
  if (f !== undefined && Number.isFinite(f)) {
    if (f >= 100.4) w.temperature = 'Fever';
    else if (f < 95) w.temperature = 'Low temperature: recheck';
  }
  if (v.heartRate !== undefined && (v.heartRate > 120 || v.heartRate < 55))
    w.heartRate = 'Unusual for a school-age child: recheck';
  if (v.systolic !== undefined && v.diastolic !== undefined) {
    if (v.systolic >= 130 || v.diastolic >= 85) w.systolic = 'High for a child: recheck';
    else if (v.systolic < 85) w.systolic = 'Low: recheck';
  }
  return w;
}

export function vitalsOf(f: VisitFormState) {
  const t = num(f.temperature);
  return {
    ...(t !== undefined ? (f.tempUnit === 'F' ? { temperatureF: t } : { temperatureC: t }) : {}),
    ...(num(f.heartRate) !== undefined ? { heartRate: num(f.heartRate) } : {}),
    ...(num(f.systolic) !== undefined ? { systolic: num(f.systolic) } : {}),
    ...(num(f.diastolic) !== undefined ? { diastolic: num(f.diastolic) } : {}),
    ...(num(f.bloodGlucose) !== undefined ? { bloodGlucose: num(f.bloodGlucose) } : {}),
    ...(num(f.spo2) !== undefined ? { spo2: num(f.spo2) } : {}),
    ...(num(f.respiratoryRate) !== undefined ? { respiratoryRate: num(f.respiratoryRate) } : {}),
    ...(num(f.painScore) !== undefined ? { painScore: num(f.painScore), painScale: f.painScale } : {}),
    ...(num(f.peakFlow) !== undefined ? { peakFlow: num(f.peakFlow) } : {}),
  };
}

export function buildArgs(f: VisitFormState, studentId: string, idempotencyKey: string): VisitArgs {
  const vitals = vitalsOf(f);
  const arrivedAt = fromLocalInput(f.arrivedAt) ?? '';
  const period = f.period.trim();
  const subject = f.subject.trim();
  const minutes = num(f.minutesMissed);
  return {
    idempotencyKey,
    studentId,
    arrivedAt,
    reasonId: f.reasonId && f.reasonId !== 'other' ? f.reasonId : undefined,
    reasonText: f.reasonId === 'other' || !f.reasonId ? f.reasonText.trim() || undefined : undefined,
    triage: f.triage,
    complaint: f.complaint,
    vitals: Object.keys(vitals).length > 0 ? vitals : undefined,
    treatment: f.treatment.trim() || undefined,
    medications:
      f.meds.length > 0
        ? f.meds.map((m) => ({
            medicationId: m.medicationId,
            studentMedicationId: m.source === 'ORDER' ? m.orderId || undefined : undefined,
            dose: m.dose,
            route: m.route,
            givenAt: onArrivalDay(f.arrivedAt, m.givenAt) ?? '',
            safetyOverride:
              m.acknowledged || unknownDrug(m.check)
                ? overrideArgs(m.check?.view?.requires, unknownDrug(m.check), m.override)
                : undefined,
          }))
        : undefined,
    sentHome: f.disposition === 'SENT_HOME' ? true : undefined,
    returnedToClassAt: f.disposition === 'RETURNED' ? onArrivalDay(f.arrivedAt, f.leftAt) : undefined,
    departedAt: f.disposition === 'SENT_HOME' ? onArrivalDay(f.arrivedAt, f.leftAt) : undefined,
    parentNotifiedAt: f.parentNotified ? onArrivalDay(f.arrivedAt, f.parentNotifiedAt) : undefined,
    followUp: f.followUp.trim() || undefined,
    classTimeMissed:
      period || subject || minutes !== undefined
        ? { period: period || undefined, subject: subject || undefined, minutes: minutes ?? Number.NaN }
        : undefined,
    notes: f.notes.trim() || undefined,
    symptoms:
      f.symptoms.length > 0
        ? SYMPTOM_CATALOG.filter((s) => f.symptoms.includes(s.code)).map((s) => ({
            code: s.code,
            label: s.label,
          }))
        : undefined,
  };
}

/** Rules the contract cannot know: nothing in the future, and a safety warning acknowledged with what it needs. */
export function localErrors(f: VisitFormState, args: VisitArgs, reasonCode?: string): Record<string, string> {
  const e: Record<string, string> = {};
  for (const name of requiredVitals(reasonCode))
    if (args.vitals?.[name] === undefined)
      e[`vitals.${name}`] = `this reason records the ${VITAL_RANGES[name].label} (${rangeText(name)})`;
  const soon = Date.now() + 60_000;
  const future = (iso: string | undefined) => iso !== undefined && iso !== '' && Date.parse(iso) > soon;
  if (!f.arrivedAt) e.arrivedAt = 'required';
  else if (future(args.arrivedAt)) e.arrivedAt = 'cannot be in the future';
  if (future(args.returnedToClassAt)) e.returnedToClassAt = 'cannot be in the future';
  if (future(args.departedAt)) e.departedAt = 'cannot be in the future';
  if (future(args.parentNotifiedAt)) e.parentNotifiedAt = 'cannot be in the future';
  if (f.parentNotified && !f.parentNotifiedAt) e.parentNotifiedAt = 'when was the parent notified?';
  if (f.disposition !== 'IN_CLINIC' && !f.leftAt)
    e[f.disposition === 'RETURNED' ? 'returnedToClassAt' : 'departedAt'] = 'required';
  f.meds.forEach((m, i) => {
    const given = args.medications?.[i]?.givenAt;
    if (!m.givenAt) e[`medications.${i}.givenAt`] = 'required';
    else if (future(given)) e[`medications.${i}.givenAt`] = 'cannot be in the future';
    const at = `medications.${i}`;
    if (m.check?.state === 'checking') e[`${at}.safety`] = 'still checking interactions and allergies…';
    if (m.check?.state === 'failed') e[`${at}.safety`] = `the safety check failed: ${m.check.error ?? ''}`;
    if (unknownDrug(m.check) && !m.override.acknowledgeUnknown)
      e[`${at}.safetyOverride.acknowledgeUnknown`] = 'confirm that this drug was not checked, or remove it';
    if (needsOverride(m.check)) {
      const what = hasAllergyConflict(m.check) ? 'allergy' : 'safety';
      if (!m.acknowledged) e[`${at}.safety`] = `acknowledge the ${what} warning or remove this medication`;
      else {
        if (m.override.reason.trim().length < 5)
          e[`${at}.safetyOverride.reason`] = 'give a reason (at least 5 characters)';
        if (m.check?.view?.requires === 'PHYSICIAN' && !m.override.physicianName.trim())
          e[`${at}.safetyOverride.physicianName`] = 'name the physician who approved it';
      }
    }
  });
  return e;
}
