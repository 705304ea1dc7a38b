import type { ReactNode } from 'react';
import type { ChartResult } from '../../src-shared/ipc/contract';
import { ageOn, drugClassName, formatDate, formatDateTime, gradeLabel, titleCase } from '../lib/format';
import { useCall, useFocusOnMount, useTitle } from '../lib/hooks';
import { href } from '../lib/router';
import { useReadOnly } from '../lib/session';
import { ImmunizationForecastTable, ImmunizationStatusTable } from '../immunizations';
import { ChartDoses } from '../mar';
import { ChartContacts, ChartVisits } from './ChartVisits';
import { ChartPrint } from '../reports';

/** U (unknown) is not shown at all. */
const SEX_LABEL: Readonly<Record<string, string>> = { F: 'Female', M: 'Male', X: 'Non-binary' };

function Section(props: {
  id: string;
  title: string;
  count?: number;
  children: ReactNode;
  action?: ReactNode;
}) {
  return (
    <section className="card" aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>
        {props.title}
        {props.count !== undefined ? <span className="count">({props.count})</span> : null}
        {props.action ? <span className="head-action">{props.action}</span> : null}
      </h2>
      {props.children}
    </section>
  );
}

const severityTone = (s: string) =>
  s === 'SEVERE' || s === 'LIFE_THREATENING' ? 'danger' : s === 'MODERATE' ? 'warn' : 'neutral';

function Allergies(props: { allergies: ChartResult['allergies'] }) {
  return (
    <Section id="allergies" title="Allergies" count={props.allergies.length}>
      {props.allergies.length === 0 ? (
        <p className="empty">No known allergies recorded.</p>
      ) : (
        <ul className="plain-list">
          {props.allergies.map((a) => (
            <li key={a.id} className={a.isDrugAllergy ? 'drug-allergy' : undefined}>
              <strong>{a.allergen}</strong>{' '}
              <span className={`badge ${severityTone(a.severity)}`}>{titleCase(a.severity)}</span>{' '}
              {a.isDrugAllergy ? (
                <span className="badge danger">Drug allergy</span>
              ) : (
                <span className="badge neutral">{titleCase(a.allergenType)}</span>
              )}{' '}
              {a.epinephrineRequired ? <span className="badge danger">EpiPen</span> : null}
              {!a.verified ? <span className="subtitle"> (not verified)</span> : null}
              {a.reaction ? <div>Reaction: {a.reaction}</div> : null}
              {a.drugClasses.length > 0 ? (
                <div className="subtitle">Covers: {a.drugClasses.map(drugClassName).join(', ')}</div>
              ) : null}
              {a.notes ? <div className="subtitle">{a.notes}</div> : null}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function Conditions(props: { conditions: ChartResult['conditions'] }) {
  return (
    <Section id="conditions" title="Health conditions" count={props.conditions.length}>
      {props.conditions.length === 0 ? (
        <p className="empty">None recorded.</p>
      ) : (
        <ul className="plain-list">
          {props.conditions.map((c) => (
            <li key={c.id}>
              <strong>{c.name}</strong> <span className="badge neutral">{titleCase(c.status)}</span>
              {c.icd10Code ? <span className="subtitle"> · ICD-10 {c.icd10Code}</span> : null}
              {c.actionPlan ? <div>Plan: {c.actionPlan}</div> : null}
              {c.emergencyPlan ? <div>Emergency: {c.emergencyPlan}</div> : null}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function Orders(props: { orders: ChartResult['medicationOrders'] }) {
  return (
    <Section id="orders" title="Medication orders" count={props.orders.length}>
      {props.orders.length === 0 ? (
        <p className="empty">No medication orders.</p>
      ) : (
        <ul className="plain-list">
          {props.orders.map((o) => (
            <li key={o.id}>
              <strong>{o.medication}</strong> {o.dose} · {o.route}{' '}
              <span className={`badge ${o.status === 'ACTIVE' ? 'ok' : 'neutral'}`}>
                {titleCase(o.status)}
              </span>
              <div className="subtitle">
                {o.isPrn
                  ? `As needed${o.prnInstructions ? `: ${o.prnInstructions}` : ''}`
                  : o.scheduleTimes.length
                    ? `At ${o.scheduleTimes.join(', ')}`
                    : (o.frequency ?? '')}
                {' · '}from {formatDate(o.startDate)}
                {o.endDate ? ` to ${formatDate(o.endDate)}` : ''}
                {o.prescriber ? ` · ${o.prescriber}` : ''}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function Symptoms(props: { symptoms: ChartResult['symptoms'] }) {
  return (
    <Section id="symptoms" title="Symptoms" count={props.symptoms.length}>
      {props.symptoms.length === 0 ? (
        <p className="empty">No symptoms recorded.</p>
      ) : (
        <ul className="plain-list">
          {props.symptoms.slice(0, 15).map((s) => (
            <li key={s.id}>
              <strong>{s.symptoms.map((x) => x.label).join(', ')}</strong>
              {s.severity ? (
                <span className={`badge ${severityTone(s.severity)}`}> {titleCase(s.severity)}</span>
              ) : null}
              <div className="subtitle">
                {formatDateTime(s.reportedAt)} · onset {formatDate(s.onsetDate)}
                {s.diagnosis ? ` · ${s.diagnosis}` : ''}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

/** The student chart: what a nurse needs at a glance, drug allergies first. */
export function StudentChart(props: { studentId: string }) {
  const chart = useCall('students.chart', { studentId: props.studentId }, props.studentId);
  const readOnly = useReadOnly();
  const c = chart.data;
  useTitle(c ? c.student.name : 'Student');
  const heading = useFocusOnMount<HTMLHeadingElement>();

  if (chart.error)
    return (
      <div className="notice error" role="alert">
        <h1 tabIndex={-1} ref={heading}>
          Student not available
        </h1>
        <p>{chart.error.message}</p>
      </div>
    );
  if (!c)
    return (
      <h1 tabIndex={-1} ref={heading} aria-busy="true">
        Loading the chart…
      </h1>
    );

  const st = c.student;
  const drug = c.allergies.filter((a) => a.isDrugAllergy);
  const serious = c.allergies.filter(
    (a) => !a.isDrugAllergy && (a.epinephrineRequired || a.severity === 'LIFE_THREATENING'),
  );
  const age = ageOn(st.birthDate);
  return (
    <>
      <div className="page-head">
        <h1 tabIndex={-1} ref={heading}>
          {st.name}
          {st.preferredName ? <span className="subtitle"> “{st.preferredName}”</span> : null}
        </h1>
        <div className="actions" hidden={readOnly}>
          <a className="button" href={href(['visits', 'new'], { student: st.id })} aria-keyshortcuts="Alt+N">
            New visit <kbd>Alt+N</kbd>
          </a>
          <a
            className="button secondary"
            href={href(['immunizations'], { student: st.id })}
            aria-keyshortcuts="Alt+I"
          >
            Record immunization
          </a>
        </div>
        <ChartPrint studentId={st.id} readOnly={readOnly} />
      </div>
      <div className="chart-head">
        <dl>
          <div>
            <dt>Grade</dt>
            <dd>{gradeLabel(st.grade)}</dd>
          </div>
          <div>
            <dt>Born</dt>
            <dd>
              {formatDate(st.birthDate)}
              {age !== undefined ? ` (${age})` : ''}
            </dd>
          </div>
          <div>
            <dt>Student number</dt>
            <dd>{st.studentNumber}</dd>
          </div>
          {st.homeroom ? (
            <div>
              <dt>Homeroom</dt>
              <dd>{st.homeroom}</dd>
            </div>
          ) : null}
          {SEX_LABEL[st.sex] ? (
            <div>
              <dt>Sex</dt>
              <dd>{SEX_LABEL[st.sex]}</dd>
            </div>
          ) : null}
        </dl>
      </div>
      {drug.length > 0 || serious.length > 0 ? (
        <div className="allergy-banner" role="note" aria-label="Allergy warning">
          {drug.length > 0 ? (
            <p>
              <strong>Drug allergies:</strong>{' '}
              {drug.map((a) => `${a.allergen} (${titleCase(a.severity)})`).join(', ')}
            </p>
          ) : null}
          {serious.length > 0 ? (
            <p>
              <strong>Serious allergies:</strong>{' '}
              {serious.map((a) => `${a.allergen}${a.epinephrineRequired ? ' — EpiPen' : ''}`).join(', ')}
            </p>
          ) : null}
        </div>
      ) : null}
      <ChartContacts guardians={c.guardians} />
      {c.alerts.length > 0 ? (
        <div className="notice warning">
          <strong>Alerts:</strong> {c.alerts.map((a) => a.title).join('; ')}
        </div>
      ) : null}
      <div className="grid-2">
        <Allergies allergies={c.allergies} />
        <Conditions conditions={c.conditions} />
        <Orders orders={c.medicationOrders} />
        <Section
          id="immunizations"
          title="Immunizations"
          action={<a href={href(['immunizations'], { student: st.id })}>Record a dose</a>}
        >
          <ImmunizationForecastTable studentId={st.id} reloadKey={c.immunizations.doses.length} />
          <ImmunizationStatusTable status={c.immunizations.status} />
        </Section>
        <ChartVisits studentId={st.id} first={c.visits} total={c.visitsTotal} />
        <ChartDoses studentId={st.id} />
        <Symptoms symptoms={c.symptoms} />
      </div>
    </>
  );
}
