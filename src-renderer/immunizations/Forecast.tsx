import type { IpcResult } from '../../src-shared/ipc/contract';
import { cvxName } from '../../src-shared/immunizations';
import { formatDate } from '../lib/format';
import { useCall } from '../lib/hooks';

type Forecast = IpcResult<'immunizations.forecast'>;
type Group = Forecast['groups'][number];
type Entry = NonNullable<Forecast['schoolEntry']>['vaccines'][number];

const ENTRY_LABEL: Readonly<Record<Entry['status'], { text: string; tone: string }>> = {
  COMPLIANT: { text: 'Meets', tone: 'ok' },
  CONDITIONAL: { text: 'Conditional', tone: 'warn' },
  OVERDUE: { text: 'Does not meet', tone: 'danger' },
  EXEMPT: { text: 'Exempt', tone: 'neutral' },
  NOT_REQUIRED: { text: 'Not required', tone: 'neutral' },
};

/** The state's school-entry requirements, per vaccine, with the reason in plain words. */
function SchoolEntryTable(props: { entry: NonNullable<Forecast['schoolEntry']> }) {
  const rows = props.entry.vaccines.filter((v) => v.status !== 'NOT_REQUIRED');
  return (
    <table>
      <caption className="subtitle">
        School entry: {props.entry.state} requirements for the student’s grade
      </caption>
      <thead>
        <tr>
          <th scope="col">Vaccine</th>
          <th scope="col">Status</th>
          <th scope="col" className="num">
            Doses
          </th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={4} className="empty">
              No requirement applies to this grade.
            </td>
          </tr>
        ) : (
          rows.map((v) => (
            <tr key={v.vaccine}>
              <th scope="row">{v.vaccine}</th>
              <td>
                <span className={`badge ${ENTRY_LABEL[v.status].tone}`}>{ENTRY_LABEL[v.status].text}</span>
              </td>
              <td className="num">
                {v.validDoses} of {v.dosesNeeded}
              </td>
              <td className={v.status === 'OVERDUE' ? 'overdue-text' : undefined}>
                {v.reason}
                {v.conditionalDeadline ? (
                  <div>Conditional admission until {formatDate(v.conditionalDeadline)}</div>
                ) : null}
              </td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

const STATUS_TONE: Readonly<Record<Group['status'], string>> = {
  Complete: 'ok',
  Immune: 'ok',
  'Aged Out': 'neutral',
  'Not Recommended': 'neutral',
  'Not Complete': 'warn',
  Contraindicated: 'warn',
};
const NEXT_LABEL: Readonly<Record<NonNullable<Group['next']>['state'], { text: string; tone: string }>> = {
  NOT_YET: { text: 'Not yet', tone: 'neutral' },
  CAN_GIVE: { text: 'Can give', tone: 'neutral' },
  DUE: { text: 'Due', tone: 'warn' },
  PAST_DUE: { text: 'Past due', tone: 'danger' },
};

/** The doses that did not count, each with CDC's reason, for the row's title. */
const notCounted = (g: Group): string[] =>
  g.doses
    .filter((d) => d.status !== 'Valid')
    .map(
      (d) =>
        `${formatDate(d.date)} ${cvxName(d.cvx) ?? `CVX ${d.cvx}`}: ${d.status.toLowerCase()}${d.reasons.length ? ` (${d.reasons.join('; ')})` : ''}`,
    );

/**
 * CDC's evaluation and forecast of the student (immunizations.forecast), per vaccine group: the doses that count,
 * the next dose with its dates, and CDC's release. Computed on the workstation, offline.
 */
export function ImmunizationForecastTable(props: { studentId: string; reloadKey?: string | number }) {
  const f = useCall(
    'immunizations.forecast',
    { studentId: props.studentId },
    `${props.studentId}:${props.reloadKey ?? ''}`,
  );
  if (f.error)
    return (
      <div className="notice error" role="alert">
        {f.error.message}
      </div>
    );
  const d = f.data;
  if (!d) return <p role="status">Evaluating…</p>;
  return (
    <>
      <table>
        <caption className="subtitle">
          CDC schedule (CDSi supporting data {d.supportingData.version}) on {formatDate(d.assessedOn)}
        </caption>
        <thead>
          <tr>
            <th scope="col">Vaccine</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Valid doses
            </th>
            <th scope="col">Next dose</th>
          </tr>
        </thead>
        <tbody>
          {d.groups.map((g) => {
            const skipped = notCounted(g);
            return (
              <tr key={g.vaccineGroup}>
                <th scope="row">{g.vaccineGroup}</th>
                <td>
                  <span className={`badge ${STATUS_TONE[g.status]}`}>{g.status}</span>
                </td>
                <td className="num">
                  {g.validDoses}
                  {skipped.length > 0 ? (
                    <div className="dup-flag">
                      {skipped.length} not counted: {skipped.join(' · ')}
                    </div>
                  ) : null}
                </td>
                <td className={g.next?.state === 'PAST_DUE' ? 'overdue-text' : undefined}>
                  {g.next ? (
                    <>
                      <span className={`badge ${NEXT_LABEL[g.next.state].tone}`}>
                        {NEXT_LABEL[g.next.state].text}
                      </span>{' '}
                      {g.summary}
                    </>
                  ) : (
                    g.summary
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {d.schoolEntry ? <SchoolEntryTable entry={d.schoolEntry} /> : null}
      {d.problems.length > 0 ? (
        <div className="notice warn" role="note">
          <p>Some doses on record could not be evaluated:</p>
          <ul>
            {d.problems.map((p) => (
              <li key={p.doseIndex}>{p.problem}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}
