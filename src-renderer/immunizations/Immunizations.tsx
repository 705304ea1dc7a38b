import { useMemo, useState, type FormEvent } from 'react';
import { ImmunizationRecordArgs, type ChartResult } from '../../src-shared/ipc/contract';
import { VaccinationRoute, VaccinationSite, VaccinationSource } from '../../src-shared/enums';
import { call } from '../bridge';
import { formatDate, titleCase, toLocalDate } from '../lib/format';
import { dosesText, duplicatesText, nextDueText } from '../../src-shared/immunizations';
import { Field, FormError, ipcFieldErrors, sentence, zodFieldErrors, type FieldErrors } from '../lib/form';
import { toIpcError, useCall, useFocusOnMount, useTitle } from '../lib/hooks';
import { navigate } from '../lib/router';
import { useReadOnly } from '../lib/session';
import { StudentSearch } from '../lib/StudentSearch';
import { ImmunizationForecastTable } from './Forecast';
import { RegistryQuery } from './RegistryQuery';

/** Vaccines a school nurse records most (CVX code → name and the compliance family); any other CVX can be typed. */
export const COMMON_VACCINES: readonly { cvx: string; name: string; family: string }[] = [
  { cvx: '20', name: 'DTaP', family: 'DTaP' },
  { cvx: '115', name: 'Tdap', family: 'Tdap' },
  { cvx: '10', name: 'IPV (polio)', family: 'Polio' },
  { cvx: '03', name: 'MMR', family: 'MMR' },
  { cvx: '21', name: 'Varicella', family: 'Varicella' },
  { cvx: '08', name: 'Hepatitis B, pediatric', family: 'HepB' },
  { cvx: '83', name: 'Hepatitis A, pediatric', family: 'HepA' },
  { cvx: '114', name: 'Meningococcal ACWY (MenACWY)', family: 'MenACWY' },
  { cvx: '165', name: 'HPV, 9-valent', family: 'HPV' },
  { cvx: '150', name: 'Influenza, injectable, preservative free', family: 'Influenza' },
];

const MANUFACTURERS: readonly { mvx: string; name: string }[] = [
  { mvx: 'MSD', name: 'Merck' },
  { mvx: 'SKB', name: 'GlaxoSmithKline' },
  { mvx: 'PMC', name: 'Sanofi Pasteur' },
  { mvx: 'PFR', name: 'Pfizer' },
  { mvx: 'SEQ', name: 'Seqirus' },
  { mvx: 'MOD', name: 'Moderna' },
];

const SITE_LABEL: Readonly<Record<string, string>> = {
  LA: 'Left arm',
  RA: 'Right arm',
  LT: 'Left thigh',
  RT: 'Right thigh',
  LD: 'Left deltoid',
  RD: 'Right deltoid',
  LG: 'Left gluteus',
  RG: 'Right gluteus',
  LVL: 'Left vastus lateralis',
  RVL: 'Right vastus lateralis',
  NS: 'Nasal',
  OTHER: 'Other',
};
const ROUTE_LABEL: Readonly<Record<string, string>> = {
  IM: 'Intramuscular',
  SC: 'Subcutaneous',
  ID: 'Intradermal',
  PO: 'By mouth',
  IN: 'Intranasal',
  OTHER: 'Other',
};
const SOURCE_LABEL: Readonly<Record<string, string>> = {
  ADMINISTERED: 'Given here',
  HISTORICAL: 'Historical record (parent or doctor)',
  REGISTRY: 'State registry',
  SIS: 'Student information system',
};

/** Where the state registry stands with a dose (vaccinations.registry_status, set by the district's submission job). */
const REGISTRY_LABEL: Readonly<Record<string, string>> = {
  NOT_SUBMITTED: 'Not sent yet',
  QUEUED: 'Waiting to be sent',
  SUBMITTED: 'Sent, no answer yet',
  ACCEPTED: 'Has it',
  REJECTED: 'Refused it: the district office is fixing the record',
  NOT_REQUIRED: '—',
};

const STATUS_TONE: Readonly<Record<string, string>> = {
  COMPLETE: 'ok',
  DUE: 'warn',
  OVERDUE: 'danger',
  EXEMPT: 'neutral',
};

export function ImmunizationStatusTable(props: { status: ChartResult['immunizations']['status'] }) {
  if (props.status.length === 0) return <p className="empty">No requirements on record.</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Vaccine</th>
          <th scope="col">Status</th>
          <th scope="col" className="num">
            Doses
          </th>
          <th scope="col">Next due</th>
        </tr>
      </thead>
      <tbody>
        {props.status.map((s) => (
          <tr key={s.vaccine}>
            <td>{s.vaccine}</td>
            <td>
              <span className={`badge ${STATUS_TONE[s.status] ?? 'neutral'}`}>{titleCase(s.status)}</span>
            </td>
            <td className="num">
              {dosesText(s)}
              {s.sameDayDuplicates ? (
                <div className="dup-flag">Same-day duplicate: {duplicatesText(s, formatDate)}</div>
              ) : null}
            </td>
            <td className={s.overdueSince ? 'overdue-text' : undefined}>
              {sentence(nextDueText(s, formatDate))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RecordDose(props: { studentId: string; onSaved: () => void }) {
  const readOnly = useReadOnly();
  const [f, setF] = useState({
    cvx: '',
    otherCvx: '',
    mvx: '',
    lot: '',
    administeredOn: toLocalDate(new Date()),
    site: '',
    route: 'IM',
    source: 'ADMINISTERED',
    doseNumber: '',
    notes: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) =>
    setF((x) => ({ ...x, [k]: e.target.value }));

  const args = useMemo(() => {
    const common = COMMON_VACCINES.find((v) => v.cvx === f.cvx);
    const cvx = f.cvx === 'other' ? f.otherCvx.trim() : f.cvx;
    return {
      studentId: props.studentId,
      cvx,
      mvx: f.mvx || undefined,
      vaccine: common?.family,
      doseNumber: f.doseNumber ? Number(f.doseNumber) : undefined,
      lot: f.lot.trim() || undefined,
      administeredOn: f.administeredOn,
      site: (f.site || undefined) as (typeof VaccinationSite)[number] | undefined,
      route: (f.route || undefined) as (typeof VaccinationRoute)[number] | undefined,
      source: f.source as (typeof VaccinationSource)[number],
      notes: f.notes.trim() || undefined,
    };
  }, [f, props.studentId]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setSaved(undefined);
    const parsed = ImmunizationRecordArgs.safeParse(args);
    const extra: Record<string, string> = {};
    if (args.administeredOn > toLocalDate(new Date())) extra.administeredOn = 'cannot be in the future';
    if (!parsed.success || Object.keys(extra).length > 0) {
      const errs: Record<string, string> = {
        ...(parsed.success ? {} : zodFieldErrors(parsed.error)),
        ...extra,
      };
      if (errs.cvx && f.cvx !== 'other') errs.cvx = 'choose the vaccine';
      setErrors(errs);
      return;
    }
    setBusy(true);
    setErrors({});
    setGeneral(undefined);
    try {
      await call('immunizations.record', args);
      const name = COMMON_VACCINES.find((v) => v.cvx === args.cvx)?.name ?? `CVX ${args.cvx}`;
      setSaved(`${name} dose recorded for ${formatDate(args.administeredOn)}.`);
      setF((x) => ({ ...x, cvx: '', otherCvx: '', lot: '', doseNumber: '', notes: '' }));
      props.onSaved();
    } catch (err) {
      const r = ipcFieldErrors(toIpcError(err));
      setErrors(r.fields);
      setGeneral(r.general);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="record-dose-title">
      <h2 id="record-dose-title">Record a dose</h2>
      <div role="status">{saved ? <div className="notice ok">{saved}</div> : null}</div>
      <FormError message={general} />
      <div className="row">
        <Field label="Vaccine" error={errors.cvx}>
          {(p) => (
            <select {...p} value={f.cvx} onChange={set('cvx')}>
              <option value="">Choose…</option>
              {COMMON_VACCINES.map((v) => (
                <option key={v.cvx} value={v.cvx}>
                  {v.name} (CVX {v.cvx})
                </option>
              ))}
              <option value="other">Other (type the CVX code)</option>
            </select>
          )}
        </Field>
        {f.cvx === 'other' ? (
          <Field label="CVX code" hint="1–3 digits" error={errors.cvx}>
            {(p) => (
              <input {...p} type="text" inputMode="numeric" value={f.otherCvx} onChange={set('otherCvx')} />
            )}
          </Field>
        ) : null}
        <Field label="Date given" error={errors.administeredOn}>
          {(p) => (
            <input
              {...p}
              type="date"
              max={toLocalDate(new Date())}
              value={f.administeredOn}
              onChange={set('administeredOn')}
            />
          )}
        </Field>
        <Field label="Dose number (optional)" error={errors.doseNumber}>
          {(p) => (
            <input {...p} type="number" min={1} max={10} value={f.doseNumber} onChange={set('doseNumber')} />
          )}
        </Field>
      </div>
      <div className="row">
        <Field label="Manufacturer (MVX)" error={errors.mvx}>
          {(p) => (
            <select {...p} value={f.mvx} onChange={set('mvx')}>
              <option value="">Not recorded</option>
              {MANUFACTURERS.map((m) => (
                <option key={m.mvx} value={m.mvx}>
                  {m.name} ({m.mvx})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Lot number" error={errors.lot}>
          {(p) => <input {...p} type="text" spellCheck={false} value={f.lot} onChange={set('lot')} />}
        </Field>
      </div>
      <div className="row">
        <Field label="Site" error={errors.site}>
          {(p) => (
            <select {...p} value={f.site} onChange={set('site')}>
              <option value="">Not recorded</option>
              {VaccinationSite.map((s) => (
                <option key={s} value={s}>
                  {SITE_LABEL[s] ?? s}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Route" error={errors.route}>
          {(p) => (
            <select {...p} value={f.route} onChange={set('route')}>
              <option value="">Not recorded</option>
              {VaccinationRoute.map((r) => (
                <option key={r} value={r}>
                  {ROUTE_LABEL[r] ?? r}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Source" error={errors.source}>
          {(p) => (
            <select {...p} value={f.source} onChange={set('source')}>
              {VaccinationSource.map((s) => (
                <option key={s} value={s}>
                  {SOURCE_LABEL[s] ?? s}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label="Notes (optional)" error={errors.notes}>
        {(p) => <textarea {...p} value={f.notes} onChange={set('notes')} />}
      </Field>
      <button type="submit" disabled={busy || readOnly}>
        Save dose
      </button>
    </form>
  );
}

/** Immunizations of one student: compliance status, doses on record, and the form to record a dose. */
export function Immunizations(props: { studentId: string | undefined }) {
  useTitle('Immunizations');
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const chart = useCall(
    'students.chart',
    props.studentId ? { studentId: props.studentId } : undefined,
    props.studentId,
  );
  const c = chart.data;
  return (
    <>
      <div className="page-head">
        <h1 tabIndex={-1} ref={heading}>
          Immunizations{c ? ` — ${c.student.name}` : ''}
        </h1>
        <div className="actions">
          <a className="button secondary" href="#/immunizations/compliance">
            School compliance
          </a>
          {c ? (
            <a className="button secondary" href={`#/students/${encodeURIComponent(c.student.id)}`}>
              Open chart
            </a>
          ) : null}
        </div>
      </div>
      {!props.studentId ? (
        <div className="card">
          <StudentSearch
            label="Which student?"
            inline
            onPick={(h) => navigate(['immunizations'], { student: h.id })}
          />
        </div>
      ) : chart.error ? (
        <div className="notice error" role="alert">
          {chart.error.message}
        </div>
      ) : !c ? (
        <p role="status">Loading…</p>
      ) : (
        <div className="grid-2">
          <section className="card">
            <RecordDose studentId={c.student.id} onSaved={chart.reload} />
          </section>
          <div>
            <section className="card" aria-labelledby="imm-status-title">
              <h2 id="imm-status-title">Status</h2>
              <ImmunizationStatusTable status={c.immunizations.status} />
            </section>
            <section className="card spaced" aria-labelledby="imm-doses-title">
              <h2 id="imm-doses-title">
                Doses on record <span className="count">({c.immunizations.doses.length})</span>
              </h2>
              {c.immunizations.doses.length === 0 ? (
                <p className="empty">No doses on record.</p>
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Date</th>
                      <th scope="col">Vaccine</th>
                      <th scope="col">Lot</th>
                      <th scope="col">Source</th>
                      <th scope="col">State registry</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...c.immunizations.doses]
                      .sort((a, b) => b.administeredOn.localeCompare(a.administeredOn))
                      .map((d) => (
                        <tr key={d.id}>
                          <td className="nowrap">{formatDate(d.administeredOn)}</td>
                          <td>
                            {d.vaccineName ?? d.vaccine}
                            {d.doseNumber ? ` #${d.doseNumber}` : ''}{' '}
                            <span className="subtitle">CVX {d.cvx}</span>
                            {d.sameDayDuplicate ? (
                              <div className="dup-flag">Same-day duplicate (counted once)</div>
                            ) : null}
                          </td>
                          <td>{d.lot ?? ''}</td>
                          <td>{SOURCE_LABEL[d.source] ?? d.source}</td>
                          <td>{REGISTRY_LABEL[d.registryStatus] ?? d.registryStatus}</td>
                        </tr>
                      ))}
                  </tbody>
                </table>
              )}
            </section>
          </div>
          <section className="card span-2" aria-labelledby="imm-registry-title">
            <h2 id="imm-registry-title">State registry</h2>
            <RegistryQuery studentId={c.student.id} onAdded={chart.reload} />
          </section>
          <section className="card span-2" aria-labelledby="imm-forecast-title">
            <h2 id="imm-forecast-title">What is due (CDC schedule)</h2>
            <ImmunizationForecastTable studentId={c.student.id} reloadKey={c.immunizations.doses.length} />
          </section>
        </div>
      )}
    </>
  );
}
