import type { VisitDetail } from '../../src-shared/ipc/contract';
import { formatDateTime } from '../lib/format';
import { historyValue as shown } from './amend-form';

/** Who changed what and when (school time), oldest first. */
export function AmendmentHistory(props: { amendments: VisitDetail['amendments'] }) {
  return (
    <section className="card" aria-labelledby="amend-history-title">
      <h2 id="amend-history-title">Amendment history</h2>
      {props.amendments.length === 0 ? (
        <p className="empty">No amendments.</p>
      ) : (
        <ol className="amendments">
          {props.amendments.map((a) => (
            <li key={a.id}>
              <div>
                <strong>{formatDateTime(a.amendedAt)}</strong> by {a.amendedBy}
              </div>
              <ul>
                {a.changes.map((c) => (
                  <li key={c.field}>
                    {c.label}: {shown(c.old, c.field)} → {shown(c.new, c.field)}
                  </li>
                ))}
              </ul>
              <div className="subtitle">Reason: {a.reason}</div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
