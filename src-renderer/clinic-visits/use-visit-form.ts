import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { VisitCreateArgs, VisitVitals, type ChartResult } from '../../src-shared/ipc/contract';
import { call } from '../bridge';
import { fromLocalInput, toLocalInput } from '../lib/format';
import { ipcFieldErrors, zodFieldErrors, type FieldErrors } from '../lib/form';
import { toIpcError, useCall } from '../lib/hooks';
import { navigate, setLeaveGuard } from '../lib/router';
import { useReadOnly } from '../lib/session';
import { emptyOverride } from '../medication-safety';
import {
  buildArgs,
  localErrors,
  onArrivalDay,
  vitalsOf,
  vitalWarnings,
  type MedLine,
  type VisitFormState,
} from './visit-form';
import { useVisitDraft } from './use-visit-draft';

/**
 * The new-visit form's state and behaviour: fields, vitals checked as they are typed, medication lines with their
 * allergy checks, and saving (errors focus the first invalid field; Ctrl+Enter saves, Enter alone never does).
 */
export function useVisitForm(chart: ChartResult) {
  const readOnly = useReadOnly();
  const studentId = chart.student.id;
  const reasons = useCall('catalog.visitReasons', {}, 'reasons');
  const idempotencyKey = useMemo(() => crypto.randomUUID(), []);
  const [initial] = useState<VisitFormState>(() => emptyVisit());
  const [f, setF] = useState<VisitFormState>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const draft = useVisitDraft({
    studentId,
    f,
    initial,
    restore: (d, meds) => {
      setF((x) => ({ ...x, ...d, meds: [] }));
      // restored lines are checked again (allergies, interactions) like a line just added
      meds.forEach((m) => addLine(m));
    },
    done: submitted,
    readOnly,
  });
  const touch = (k: string) => () => setTouched((t) => (t.has(k) ? t : new Set([...t, k])));
  const formRef = useRef<HTMLFormElement>(null);
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);

  const set = <K extends keyof VisitFormState>(k: K, v: VisitFormState[K]) => setF((x) => ({ ...x, [k]: v }));
  const bind = (k: keyof VisitFormState) => ({
    value: f[k] as string,
    onChange: (e: { target: { value: string } }) => set(k, e.target.value as never),
  });

  // Vitals are range-checked as they are typed, with the contract's own limits.
  const vitals = vitalsOf(f);
  const vitalsCheck = VisitVitals.safeParse(vitals);
  const allVitalErrors: Record<string, string> = vitalsCheck.success
    ? {}
    : { ...zodFieldErrors(vitalsCheck.error) };
  for (const k of Object.keys(vitals) as (keyof typeof vitals)[])
    if (typeof vitals[k] === 'number' && Number.isNaN(vitals[k])) allVitalErrors[k] = 'must be a number';
  // A reading's range error shows once the nurse leaves the field (or tries to save), not mid-typing.
  const vitalErrors = Object.fromEntries(
    Object.entries(allVitalErrors).filter(
      ([k]) => attempted || touched.has(k.startsWith('temperature') ? 'temperature' : k),
    ),
  );
  const warnings = vitalWarnings(vitals);
  const shownErrors: FieldErrors = { ...errors, ...prefix('vitals', vitalErrors) };
  const tempError = shownErrors['vitals.temperatureF'] ?? shownErrors['vitals.temperatureC'];

  const reason = reasons.data?.find((r) => r.id === f.reasonId);

  function updateLine(key: string, patch: Partial<MedLine>) {
    setF((x) => ({ ...x, meds: x.meds.map((m) => (m.key === key ? { ...m, ...patch } : m)) }));
  }
  function removeLine(key: string) {
    setF((x) => ({ ...x, meds: x.meds.filter((m) => m.key !== key) }));
  }
  function addLine(line: Omit<MedLine, 'key' | 'check' | 'acknowledged' | 'override'>) {
    const key = crypto.randomUUID();
    setF((x) => ({
      ...x,
      meds: [
        ...x.meds,
        { ...line, key, acknowledged: false, override: emptyOverride, check: { state: 'checking' } },
      ],
    }));
    // feature 48: the check runs as soon as the line is added, before the nurse saves
    call('medicationSafety.check', {
      studentId,
      medicationId: line.medicationId,
      studentMedicationId: line.source === 'ORDER' && line.orderId ? line.orderId : undefined,
    }).then(
      (view) => updateLine(key, { check: { state: 'done', view } }),
      (e: unknown) => updateLine(key, { check: { state: 'failed', error: toIpcError(e).message } }),
    );
  }

  async function submit(e?: FormEvent) {
    e?.preventDefault();
    if (saving || submitted || readOnly) return;
    setAttempted(true);
    const args = buildArgs(f, studentId, idempotencyKey);
    const parsed = VisitCreateArgs.safeParse(args);
    const errs: Record<string, string> = {
      ...(parsed.success ? {} : zodFieldErrors(parsed.error)),
      ...localErrors(f, args, reason?.code),
    };
    if (Object.keys(errs).length > 0) {
      setErrors(errs);
      setGeneral('Please check the fields marked below.');
      window.setTimeout(
        () => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
        0,
      );
      return;
    }
    setErrors({});
    setGeneral(undefined);
    setSaving(true);
    try {
      const r = await call('clinicVisits.create', args);
      setSubmitted(true);
      setLeaveGuard(null);
      await draft.discard();
      navigate(['visits', r.visitId], { student: studentId, saved: '1' });
    } catch (err) {
      const ipc = toIpcError(err);
      if (ipc.code === 'DUPLICATE') {
        setGeneral('This visit was already saved.');
      } else {
        // The core's reason goes at the top too: its field may be one the form shows only as part of a line.
        const r = ipcFieldErrors(ipc);
        setErrors(r.fields);
        setGeneral(`The visit was not saved: ${r.general ?? Object.values(r.fields)[0] ?? ipc.message}`);
        window.setTimeout(
          () => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
          0,
        );
      }
      setSaving(false);
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLFormElement>) {
    if (e.key !== 'Enter') return;
    if (e.ctrlKey || e.metaKey) {
      e.preventDefault();
      void submit();
      return;
    }
    // No accidental save from Enter in a single-line field: Tab to "Save visit" or press Ctrl+Enter.
    const t = e.target as HTMLElement;
    if (
      t.tagName === 'INPUT' &&
      (t as HTMLInputElement).type !== 'checkbox' &&
      (t as HTMLInputElement).type !== 'radio'
    )
      e.preventDefault();
  }

  const leftIso = f.disposition !== 'IN_CLINIC' ? onArrivalDay(f.arrivedAt, f.leftAt) : undefined;
  const arrivedIso = fromLocalInput(f.arrivedAt);
  const minutesInClinic =
    leftIso && arrivedIso && Date.parse(leftIso) >= Date.parse(arrivedIso)
      ? Math.round((Date.parse(leftIso) - Date.parse(arrivedIso)) / 60_000)
      : undefined;
  const leftField = f.disposition === 'RETURNED' ? 'returnedToClassAt' : 'departedAt';
  return {
    f,
    general,
    set,
    bind,
    touch,
    reasons,
    reason,
    shownErrors,
    tempError,
    warnings,
    updateLine,
    removeLine,
    addLine,
    submit,
    onKeyDown,
    formRef,
    first,
    minutesInClinic,
    leftField,
    saving,
    submitted,
    readOnly,
    draft,
    discardDraft: async () => {
      await draft.discard();
      setF(initial);
    },
  } as const;
}

export type VisitFormModel = ReturnType<typeof useVisitForm>;

function prefix(p: string, errs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(errs).map(([k, v]) => [`${p}.${k}`, v]));
}

function emptyVisit(): VisitFormState {
  return {
    arrivedAt: toLocalInput(new Date()),
    reasonId: '',
    reasonText: '',
    triage: 'ROUTINE',
    complaint: '',
    tempUnit: 'F',
    temperature: '',
    heartRate: '',
    systolic: '',
    diastolic: '',
    bloodGlucose: '',
    spo2: '',
    respiratoryRate: '',
    painScore: '',
    painScale: 'NUMERIC',
    peakFlow: '',
    symptoms: [],
    treatment: '',
    meds: [],
    disposition: 'RETURNED',
    leftAt: '',
    parentNotified: false,
    parentNotifiedAt: '',
    followUp: '',
    period: '',
    subject: '',
    minutesMissed: '',
    notes: '',
  };
}
