import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { VisitCreateArgs, VisitVitals, type ChartResult } from '../../src-shared/ipc/contract';
import { VisitSeverityTriage } from '../../src-shared/enums';
import { call } from '../bridge';
import {
  drugClassName,
  formatDate,
  fromLocalInput,
  gradeLabel,
  titleCase,
  toLocalInput,
} from '../lib/format';
import { Field, FormError, ipcFieldErrors, sentence, zodFieldErrors, type FieldErrors } from '../lib/form';
import { toIpcError, useCall, useTitle } from '../lib/hooks';
import { navigate } from '../lib/router';
import { useReadOnly } from '../lib/session';
import { StudentSearch } from '../students/StudentSearch';
import { MedicationPicker } from './MedicationPicker';
import {
  buildArgs,
  hhmm,
  localErrors,
  onArrivalDay,
  rangeHint,
  vitalsOf,
  vitalWarnings,
  type MedLine,
  type Order,
  type VisitFormState,
} from './visit-form';

function AllergyWarning(props: {
  line: MedLine;
  index: number;
  errors: FieldErrors;
  onChange: (patch: Partial<MedLine>) => void;
  onRemove: () => void;
}) {
  const { line, index: i } = props;
  const matches = line.check?.matches ?? [];
  if (matches.length === 0) return null;
  const base = `med-${line.key}`;
  const ackError = props.errors[`medications.${i}.allergy`];
  const reasonError = props.errors[`medications.${i}.allergyOverride.reason`];
  return (
    <div className="allergy-warning" role="alert" aria-labelledby={`${base}-warn`}>
      <h4 id={`${base}-warn`}>Allergy warning: {line.medicationName}</h4>
      <ul>
        {matches.map((m) => (
          <li key={m.allergyId}>
            <strong>{m.allergen}</strong> ({titleCase(m.severity)}
            {m.reaction ? `, ${m.reaction}` : ''}) —{' '}
            {m.matchedOn === 'DRUG'
              ? `recorded allergy to this drug (${m.matchedTerm})`
              : `allergy to its class (${drugClassName(m.matchedTerm)})`}
          </li>
        ))}
      </ul>
      <div className="check">
        <input
          id={`${base}-ack`}
          type="checkbox"
          checked={line.acknowledged}
          aria-invalid={ackError ? true : undefined}
          aria-describedby={ackError ? `${base}-ack-err` : undefined}
          onChange={(e) => props.onChange({ acknowledged: e.target.checked })}
        />
        <label htmlFor={`${base}-ack`}>I have reviewed this allergy and will give the medication</label>
      </div>
      {ackError ? (
        <p id={`${base}-ack-err`} className="field-error">
          {ackError}
        </p>
      ) : null}
      {line.acknowledged ? (
        <Field
          label="Reason for giving it anyway"
          hint="Recorded with the visit and audited."
          error={reasonError}
        >
          {(p) => (
            <textarea
              {...p}
              value={line.reason}
              onChange={(e) => props.onChange({ reason: e.target.value })}
            />
          )}
        </Field>
      ) : null}
      <button type="button" className="secondary small" onClick={props.onRemove}>
        Remove {line.medicationName}
      </button>
    </div>
  );
}

function MedicationLine(props: {
  line: MedLine;
  index: number;
  errors: FieldErrors;
  onChange: (patch: Partial<MedLine>) => void;
  onRemove: () => void;
}) {
  const { line, index: i, errors } = props;
  const lineError = errors[`medications.${i}.medicationId`] ?? errors[`medications.${i}.studentMedicationId`];
  return (
    <div className="med-line" role="group" aria-label={`Medication ${i + 1}: ${line.medicationName}`}>
      <div className="page-head">
        <h3>
          {line.medicationName}{' '}
          <span className="badge neutral">{line.source === 'ORDER' ? 'Student’s order' : 'Stock'}</span>
          {line.drugClass ? <span className="subtitle"> · {drugClassName(line.drugClass)}</span> : null}
        </h3>
        <div className="actions">
          <button type="button" className="secondary small" onClick={props.onRemove}>
            Remove<span className="visually-hidden"> {line.medicationName}</span>
          </button>
        </div>
      </div>
      {line.check?.state === 'checking' ? <p role="status">Checking the student’s allergies…</p> : null}
      {line.check?.state === 'done' && line.check.matches.length === 0 ? (
        <p className="vital-normal" role="status">
          No recorded allergy matches this medication or its class.
        </p>
      ) : null}
      {line.check?.state === 'failed' ? (
        <p className="field-error" role="alert">
          The allergy check failed: {line.check.error}
        </p>
      ) : null}
      {lineError ? (
        <p className="field-error" role="alert">
          {sentence(lineError)}
        </p>
      ) : null}
      <AllergyWarning {...props} />
      <div className="row">
        <Field label="Dose" error={errors[`medications.${i}.dose`]}>
          {(p) => (
            <input
              {...p}
              type="text"
              value={line.dose}
              onChange={(e) => props.onChange({ dose: e.target.value })}
            />
          )}
        </Field>
        <Field label="Route" error={errors[`medications.${i}.route`]}>
          {(p) => (
            <input
              {...p}
              type="text"
              value={line.route}
              onChange={(e) => props.onChange({ route: e.target.value })}
            />
          )}
        </Field>
        <Field label="Given at" error={errors[`medications.${i}.givenAt`]}>
          {(p) => (
            <input
              {...p}
              type="time"
              value={line.givenAt}
              onChange={(e) => props.onChange({ givenAt: e.target.value })}
            />
          )}
        </Field>
      </div>
    </div>
  );
}

function AddMedication(props: {
  orders: readonly Order[];
  onAdd: (line: Omit<MedLine, 'key' | 'check' | 'acknowledged' | 'reason'>) => void;
}) {
  const active = props.orders.filter((o) => o.status === 'ACTIVE');
  const [mode, setMode] = useState<'ORDER' | 'STOCK' | undefined>();
  const now = hhmm(new Date());
  if (!mode)
    return (
      <div className="actions">
        {active.length > 0 ? (
          <button type="button" className="secondary" onClick={() => setMode('ORDER')}>
            + From the student’s orders ({active.length})
          </button>
        ) : null}
        <button type="button" className="secondary" onClick={() => setMode('STOCK')}>
          + Stock medication
        </button>
      </div>
    );
  if (mode === 'ORDER')
    return (
      <div className="field">
        <label htmlFor="order-pick">Medication order</label>
        <select
          id="order-pick"
          autoFocus
          defaultValue=""
          onChange={(e) => {
            const o = active.find((x) => x.id === e.target.value);
            if (!o) return;
            props.onAdd({
              source: 'ORDER',
              orderId: o.id,
              medicationId: o.medicationId,
              medicationName: o.medication,
              drugClass: o.drugClass,
              dose: o.dose,
              route: o.route,
              givenAt: now,
            });
            setMode(undefined);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setMode(undefined);
          }}
        >
          <option value="">Choose an order…</option>
          {active.map((o) => (
            <option key={o.id} value={o.id}>
              {o.medication} {o.dose} {o.route}
              {o.isPrn ? ' (as needed)' : ''}
            </option>
          ))}
        </select>
        <button type="button" className="link" onClick={() => setMode(undefined)}>
          Cancel
        </button>
      </div>
    );
  return (
    <>
      <MedicationPicker
        label="Stock medication"
        autoFocus
        onPick={(m) => {
          props.onAdd({
            source: 'STOCK',
            orderId: '',
            medicationId: m.id,
            medicationName: m.name,
            drugClass: m.drugClass,
            dose: m.strength ?? '',
            route: m.route ?? '',
            givenAt: now,
          });
          setMode(undefined);
        }}
      />
      <button type="button" className="link" onClick={() => setMode(undefined)}>
        Cancel
      </button>
    </>
  );
}

function StudentSummary(props: { chart: ChartResult }) {
  const { student, allergies, medicationOrders, conditions } = props.chart;
  const drug = allergies.filter((a) => a.isDrugAllergy);
  return (
    <aside className="card side-summary" aria-labelledby="summary-title">
      <h2 id="summary-title">{student.name}</h2>
      <p className="subtitle">
        {gradeLabel(student.grade)} · born {formatDate(student.birthDate)} · #{student.studentNumber}
      </p>
      {drug.length > 0 ? (
        <div className="allergy-banner">
          <strong>Drug allergies:</strong> {drug.map((a) => a.allergen).join(', ')}
        </div>
      ) : null}
      <h3>Allergies</h3>
      {allergies.length === 0 ? (
        <p className="empty">None recorded.</p>
      ) : (
        <ul className="plain-list">
          {allergies.map((a) => (
            <li key={a.id} className={a.isDrugAllergy ? 'drug-allergy' : undefined}>
              {a.allergen} <span className="subtitle">({titleCase(a.severity)})</span>
            </li>
          ))}
        </ul>
      )}
      {conditions.length > 0 ? (
        <>
          <h3>Conditions</h3>
          <p>{conditions.map((c) => c.name).join(', ')}</p>
        </>
      ) : null}
      <h3>Active orders</h3>
      {medicationOrders.filter((o) => o.status === 'ACTIVE').length === 0 ? (
        <p className="empty">None.</p>
      ) : (
        <ul className="plain-list">
          {medicationOrders
            .filter((o) => o.status === 'ACTIVE')
            .map((o) => (
              <li key={o.id}>
                {o.medication} {o.dose}
              </li>
            ))}
        </ul>
      )}
    </aside>
  );
}

function VisitForm(props: { chart: ChartResult }) {
  const readOnly = useReadOnly();
  const studentId = props.chart.student.id;
  const reasons = useCall('catalog.visitReasons', {}, 'reasons');
  const idempotencyKey = useMemo(() => crypto.randomUUID(), []);
  const [f, setF] = useState<VisitFormState>(() => ({
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
  }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
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
    if (Number.isNaN(vitals[k])) allVitalErrors[k] = 'must be a number';
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
  function addLine(line: Omit<MedLine, 'key' | 'check' | 'acknowledged' | 'reason'>) {
    const key = crypto.randomUUID();
    setF((x) => ({
      ...x,
      meds: [
        ...x.meds,
        { ...line, key, acknowledged: false, reason: '', check: { state: 'checking', matches: [] } },
      ],
    }));
    call('clinicVisits.checkAllergies', { studentId, medicationId: line.medicationId }).then(
      (r) => updateLine(key, { check: { state: 'done', matches: r.matches } }),
      (e: unknown) =>
        updateLine(key, { check: { state: 'failed', matches: [], error: toIpcError(e).message } }),
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
      ...localErrors(f, args),
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
      navigate(['visits', r.visitId], { student: studentId });
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
  return (
    <form
      ref={formRef}
      onSubmit={(e) => void submit(e)}
      onKeyDown={onKeyDown}
      noValidate
      aria-describedby="visit-form-error"
    >
      <FormError message={general} id="visit-form-error" />
      <fieldset>
        <legend>Arrival</legend>
        <div className="row">
          <Field label="Reason" error={shownErrors.reasonId}>
            {(p) => (
              <select {...p} ref={first} {...bind('reasonId')}>
                <option value="">Choose a reason…</option>
                {reasons.data?.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.label}
                  </option>
                ))}
                <option value="other">Other (type it)</option>
              </select>
            )}
          </Field>
          {f.reasonId === 'other' ? (
            <Field label="Reason (free text)" error={shownErrors.reasonText}>
              {(p) => <input {...p} type="text" {...bind('reasonText')} />}
            </Field>
          ) : null}
          <Field label="Arrived" error={shownErrors.arrivedAt}>
            {(p) => (
              <input {...p} type="datetime-local" max={toLocalInput(new Date())} {...bind('arrivedAt')} />
            )}
          </Field>
        </div>
        {reason?.requiresVitals || reason?.requiresParentNotification ? (
          <p className="hint">
            {reason.requiresVitals ? 'This reason calls for vital signs. ' : ''}
            {reason.requiresParentNotification ? 'This reason calls for notifying a parent.' : ''}
          </p>
        ) : null}
        <fieldset className="segmented-wrap">
          <legend>Triage</legend>
          <div className="segmented">
            {VisitSeverityTriage.map((t) => (
              <label key={t}>
                <input
                  type="radio"
                  name="triage"
                  value={t}
                  checked={f.triage === t}
                  onChange={() => set('triage', t)}
                />
                {titleCase(t)}
              </label>
            ))}
          </div>
        </fieldset>
        <Field
          label="Presenting complaint"
          hint="In the student’s words, and what you observe."
          error={shownErrors.complaint}
        >
          {(p) => <textarea {...p} {...bind('complaint')} />}
        </Field>
      </fieldset>

      <fieldset>
        <legend>Vital signs</legend>
        <div className="vitals-row">
          <Field
            label="Temperature"
            hint={rangeHint(f.tempUnit === 'F' ? 'temperatureF' : 'temperatureC')}
            error={tempError}
            warning={warnings.temperature}
          >
            {(p) => (
              <input
                {...p}
                type="text"
                inputMode="decimal"
                {...bind('temperature')}
                onBlur={touch('temperature')}
              />
            )}
          </Field>
          <Field
            label="Heart rate"
            hint={rangeHint('heartRate')}
            error={shownErrors['vitals.heartRate']}
            warning={warnings.heartRate}
          >
            {(p) => (
              <input
                {...p}
                type="text"
                inputMode="numeric"
                {...bind('heartRate')}
                onBlur={touch('heartRate')}
              />
            )}
          </Field>
          <Field
            label="Systolic BP"
            hint={rangeHint('systolic')}
            error={shownErrors['vitals.systolic']}
            warning={warnings.systolic}
          >
            {(p) => (
              <input
                {...p}
                type="text"
                inputMode="numeric"
                {...bind('systolic')}
                onBlur={touch('systolic')}
              />
            )}
          </Field>
          <Field label="Diastolic BP" hint={rangeHint('diastolic')} error={shownErrors['vitals.diastolic']}>
            {(p) => (
              <input
                {...p}
                type="text"
                inputMode="numeric"
                {...bind('diastolic')}
                onBlur={touch('diastolic')}
              />
            )}
          </Field>
        </div>
        <div className="check">
          <input
            id="temp-unit"
            type="checkbox"
            checked={f.tempUnit === 'C'}
            onChange={(e) => set('tempUnit', e.target.checked ? 'C' : 'F')}
          />
          <label htmlFor="temp-unit">Temperature in °C</label>
        </div>
      </fieldset>

      <fieldset>
        <legend>Care</legend>
        <Field label="Treatment" error={shownErrors.treatment}>
          {(p) => <textarea {...p} {...bind('treatment')} />}
        </Field>
        <h3 id="meds-title">Medications given</h3>
        {f.meds.length === 0 ? <p className="empty">None.</p> : null}
        {f.meds.map((m, i) => (
          <MedicationLine
            key={m.key}
            line={m}
            index={i}
            errors={shownErrors}
            onChange={(patch) => updateLine(m.key, patch)}
            onRemove={() => removeLine(m.key)}
          />
        ))}
        <AddMedication orders={props.chart.medicationOrders} onAdd={addLine} />
      </fieldset>

      <fieldset>
        <legend>Outcome</legend>
        <div className="segmented" role="radiogroup" aria-label="Outcome">
          {(
            [
              ['RETURNED', 'Returned to class'],
              ['SENT_HOME', 'Sent home'],
              ['IN_CLINIC', 'Still in the clinic'],
            ] as const
          ).map(([v, label]) => (
            <label key={v}>
              <input
                type="radio"
                name="disposition"
                value={v}
                checked={f.disposition === v}
                onChange={() => set('disposition', v)}
              />
              {label}
            </label>
          ))}
        </div>
        <div className="row spaced">
          {f.disposition !== 'IN_CLINIC' ? (
            <Field
              label={f.disposition === 'RETURNED' ? 'Back to class at' : 'Left with parent at'}
              error={shownErrors[leftField]}
            >
              {(p) => (
                <div className="inline-input">
                  <input {...p} type="time" {...bind('leftAt')} />
                  <button
                    type="button"
                    className="secondary small"
                    onClick={() => set('leftAt', hhmm(new Date()))}
                  >
                    Now
                    <span className="visually-hidden">
                      {' '}
                      ({f.disposition === 'RETURNED' ? 'back to class' : 'left'})
                    </span>
                  </button>
                </div>
              )}
            </Field>
          ) : null}
          <div className="field">
            <div className="check">
              <input
                id="parent-notified"
                type="checkbox"
                checked={f.parentNotified}
                onChange={(e) => set('parentNotified', e.target.checked)}
              />
              <label htmlFor="parent-notified">Parent notified</label>
            </div>
            {f.parentNotified ? (
              <Field label="Notified at" error={shownErrors.parentNotifiedAt}>
                {(p) => (
                  <div className="inline-input">
                    <input {...p} type="time" {...bind('parentNotifiedAt')} />
                    <button
                      type="button"
                      className="secondary small"
                      onClick={() => set('parentNotifiedAt', hhmm(new Date()))}
                    >
                      Now<span className="visually-hidden"> (parent notified)</span>
                    </button>
                  </div>
                )}
              </Field>
            ) : null}
          </div>
        </div>
        <Field label="Follow-up (optional)" error={shownErrors.followUp}>
          {(p) => <input {...p} type="text" {...bind('followUp')} />}
        </Field>
      </fieldset>

      <fieldset>
        <legend>Class time missed</legend>
        <div className="row">
          <Field label="Period" hint="e.g. 3 or 3rd" error={shownErrors['classTimeMissed.period']}>
            {(p) => <input {...p} type="text" {...bind('period')} />}
          </Field>
          <Field label="Subject" hint="e.g. Math" error={shownErrors['classTimeMissed.subject']}>
            {(p) => <input {...p} type="text" {...bind('subject')} />}
          </Field>
          <Field
            label="Minutes"
            hint={minutesInClinic !== undefined ? `In the clinic ${minutesInClinic} min` : 'Whole minutes'}
            error={shownErrors['classTimeMissed.minutes']}
          >
            {(p) => <input {...p} type="text" inputMode="numeric" {...bind('minutesMissed')} />}
          </Field>
        </div>
      </fieldset>

      <Field label="Notes (optional)" error={shownErrors.notes}>
        {(p) => <textarea {...p} {...bind('notes')} />}
      </Field>

      <div className="actions">
        <button type="submit" disabled={saving || submitted || readOnly} aria-keyshortcuts="Control+Enter">
          {saving ? 'Saving…' : 'Save visit'}
        </button>
        <span className="hint">
          <kbd>Ctrl</kbd>+<kbd>Enter</kbd> saves
        </span>
      </div>
    </form>
  );
}

function prefix(p: string, errs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(errs).map(([k, v]) => [`${p}.${k}`, v]));
}

/** New visit: pick the student (if not given), then the visit form beside the student's summary. */
export function NewVisit(props: { studentId: string | undefined }) {
  useTitle('New visit');
  const chart = useCall(
    'students.chart',
    props.studentId ? { studentId: props.studentId } : undefined,
    props.studentId,
  );
  const c = chart.data;
  return (
    <>
      <div className="page-head">
        <h1>New visit{c ? ` — ${c.student.name}` : ''}</h1>
      </div>
      {!props.studentId ? (
        <div className="card">
          <StudentSearch
            label="Which student?"
            inline
            autoFocus
            onPick={(h) => navigate(['visits', 'new'], { student: h.id })}
          />
        </div>
      ) : chart.error ? (
        <div className="notice error" role="alert">
          {chart.error.message}
        </div>
      ) : !c ? (
        <p role="status">Loading…</p>
      ) : (
        <div className="form-grid">
          <VisitForm chart={c} />
          <StudentSummary chart={c} />
        </div>
      )}
    </>
  );
}
