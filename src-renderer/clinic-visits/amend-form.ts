import {
  AMEND_LABEL,
  DISPOSITION_LABEL,
  PAIN_SCALE_LABEL,
  VITAL_RANGES,
  VISIT_DISPOSITIONS,
  type AmendableField,
  type PainScale,
  type VitalName,
} from '../../src-shared/clinic-visits';
import { VisitSeverityTriage } from '../../src-shared/enums';
import type { IpcArgs, VisitDetail } from '../../src-shared/ipc/contract';
import { formatDateTime, fromLocalInput, titleCase, toLocalInput } from '../lib/format';
import { num } from './visit-form';

/**
 * The amend form without React: every field clinicVisits.amend accepts, the kind of control each needs (text,
 * number with its range, a choice, a time in the school's time zone, the pain score with its scale), the saved
 * value shown first, and the change the form sends. The pain scale is amended with the pain score (one control).
 */

export type AmendKind = 'text' | 'number' | 'choice' | 'time' | 'pain';

/** The fields offered, in the order a nurse reads a visit (painScale travels with painScore). */
export const AMEND_FORM_FIELDS = [
  'complaint',
  'triage',
  'treatment',
  'notes',
  'followUp',
  'temperatureF',
  'heartRate',
  'systolic',
  'diastolic',
  'bloodGlucose',
  'spo2',
  'respiratoryRate',
  'painScore',
  'peakFlow',
  'disposition',
  'departedAt',
  'returnedToClassAt',
  'parentNotifiedAt',
] as const satisfies readonly AmendableField[];
export type FormField = (typeof AMEND_FORM_FIELDS)[number];

const isVital = (k: string): k is VitalName => k in VITAL_RANGES;
const TIMES: readonly string[] = ['departedAt', 'returnedToClassAt', 'parentNotifiedAt'];

export function kindOf(k: FormField): AmendKind {
  if (k === 'painScore') return 'pain';
  if (isVital(k)) return 'number';
  if (k === 'triage' || k === 'disposition') return 'choice';
  if (TIMES.includes(k)) return 'time';
  return 'text';
}

/** The choices of a choice field ('' = none, for an outcome not yet recorded). */
export function choicesOf(k: FormField): readonly { value: string; label: string }[] {
  if (k === 'triage') return VisitSeverityTriage.map((t) => ({ value: t, label: titleCase(t) }));
  if (k === 'disposition')
    return [
      { value: '', label: 'None yet (still in the clinic)' },
      ...VISIT_DISPOSITIONS.map((d) => ({ value: d, label: DISPOSITION_LABEL[d] })),
    ];
  return [];
}

export interface AmendValueState {
  value: string;
  painScale: PainScale;
}

/** The saved value as the control shows it. */
export function currentOf(v: VisitDetail, k: FormField): AmendValueState {
  const painScale = v.painScale ?? 'NUMERIC';
  if (isVital(k)) return { value: v.vitals[k] === undefined ? '' : String(v.vitals[k]), painScale };
  if (TIMES.includes(k)) {
    const iso = v[k as 'departedAt'];
    return { value: iso ? toLocalInput(new Date(iso)) : '', painScale };
  }
  const raw: unknown = (v as Record<string, unknown>)[k];
  return { value: typeof raw === 'string' ? raw : '', painScale };
}

type Changes = IpcArgs<'clinicVisits.amend'>['changes'];

/** The change the form sends: empty clears an optional field; a number stays NaN for the contract to refuse. */
export function changeOf(k: FormField, s: AmendValueState): Changes {
  const kind = kindOf(k);
  if (kind === 'number' || kind === 'pain') {
    const n = num(s.value);
    const value = n === undefined ? null : n;
    return kind === 'pain'
      ? { painScore: value, painScale: value === null ? null : s.painScale }
      : { [k]: value };
  }
  if (kind === 'time') {
    if (!s.value.trim()) return { [k]: null };
    return { [k]: fromLocalInput(s.value) ?? s.value };
  }
  const t = s.value.trim();
  return { [k]: t === '' ? null : t };
}

export const labelOf = (k: FormField): string => AMEND_LABEL[k];

/** A value of the amendment history as a person reads it (times in the school's time zone). */
export function historyValue(v: string | number | null, field: string): string {
  if (v === null || v === '') return '(empty)';
  if (typeof v === 'string') {
    if (TIMES.includes(field)) return formatDateTime(v);
    if (field === 'disposition' && v in DISPOSITION_LABEL) return DISPOSITION_LABEL[v as 'SENT_HOME'];
    if (field === 'painScale' && v in PAIN_SCALE_LABEL) return PAIN_SCALE_LABEL[v as PainScale];
    if (field === 'triage') return titleCase(v);
  }
  return String(v);
}
