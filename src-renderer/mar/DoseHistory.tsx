import type { MarCorrection } from '../../src-shared/ipc/contract';
import { formatDateTime, titleCase } from '../lib/format';
import { useCall } from '../lib/hooks';

const FIELD_LABEL: Readonly<Record<string, string>> = {
  doseGiven: 'dose',
  givenAt: 'time given',
  note: 'note',
  voided: 'voided',
  voidedAt: 'voided at',
};
const TIMES: readonly string[] = ['givenAt', 'voidedAt'];

export function changeText(field: string, [from, to]: readonly [string | null, string | null]): string {
  const show = (v: string | null) =>
    v === null || v === '' ? '—' : TIMES.includes(field) ? formatDateTime(v) : v;
  return `${FIELD_LABEL[field] ?? field}: ${show(from)} → ${show(to)}`;
}

function Entry(props: { c: MarCorrection }) {
  const { c } = props;
  return (
    <li>
      <strong>{titleCase(c.kind)}</strong> by {c.by}, {formatDateTime(c.at)}
      <ul className="subtitle">
        {Object.entries(c.changes).map(([f, v]) => (
          <li key={f}>{changeText(f, v)}</li>
        ))}
        <li>Reason: {c.reason}</li>
      </ul>
    </li>
  );
}

/** The corrections and voids of one recorded dose (mar.history), loaded when shown; times in the school's zone. */
export function DoseHistory(props: { administrationId: string; revision: number }) {
  const h = useCall(
    'mar.history',
    { administrationId: props.administrationId },
    `${props.administrationId}|${props.revision}`,
  );
  if (h.error)
    return (
      <p className="field-error" role="alert">
        {h.error.message}
      </p>
    );
  if (!h.data) return <p role="status">Loading the history…</p>;
  if (h.data.corrections.length === 0) return <p className="empty">No corrections or voids.</p>;
  return (
    <ol className="history">
      {h.data.corrections.map((c) => (
        <Entry key={c.id} c={c} />
      ))}
    </ol>
  );
}
