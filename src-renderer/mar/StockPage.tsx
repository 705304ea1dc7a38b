import { useState } from 'react';
import type { ControlledStock } from '../../src-shared/ipc/contract';
import { formatDateTime, titleCase } from '../lib/format';
import { useCall, useFocusOnMount, useTitle } from '../lib/hooks';
import { href } from '../lib/router';
import { useReadOnly } from '../lib/session';
import { StockForm } from './StockForm';

function StockRow(props: { m: ControlledStock }) {
  const { m } = props;
  const last = m.entries[0];
  return (
    <tr>
      <th scope="row">
        {m.medication}
        {m.schedule ? <div className="subtitle">Schedule {m.schedule}</div> : null}
      </th>
      <td>
        <strong>{m.balance}</strong>
        {m.discrepancy ? <span className="badge danger"> Count does not match</span> : null}
      </td>
      <td>{m.lastCountAt ? formatDateTime(m.lastCountAt) : 'never'}</td>
      <td>
        {last
          ? `${titleCase(last.kind)} ${last.quantity} by ${last.by}${last.witness ? `, witness ${last.witness}` : ''}, ${formatDateTime(last.at)}`
          : '—'}
      </td>
    </tr>
  );
}

/** Controlled-substance stock (`#/mar/stock`): the school's counts (mar.stock) and a form to record an entry. */
export function StockPage() {
  useTitle('Controlled-substance stock');
  const readOnly = useReadOnly();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const stock = useCall('mar.stock', {}, 'stock');
  const [done, setDone] = useState<string>();
  const meds = stock.data?.medications ?? [];
  return (
    <>
      <div className="page-head">
        <h1 tabIndex={-1} ref={heading}>
          Controlled-substance stock
        </h1>
        <a href={href(['mar'])}>Back to the MAR</a>
      </div>
      <div role="status">{done ? <div className="notice ok">{done}</div> : null}</div>
      {stock.error ? (
        <div className="notice error" role="alert">
          {stock.error.message}
        </div>
      ) : null}
      <div className="card">
        {stock.data && meds.length === 0 ? (
          <p className="empty">No controlled medications at this school.</p>
        ) : null}
        {meds.length > 0 ? (
          <table>
            <thead>
              <tr>
                <th scope="col">Medication</th>
                <th scope="col">Unit doses on hand</th>
                <th scope="col">Last count</th>
                <th scope="col">Last entry</th>
              </tr>
            </thead>
            <tbody>
              {meds.map((m) => (
                <StockRow key={m.medicationId} m={m} />
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
      {stock.data && meds.length > 0 && !readOnly ? (
        <div className="card">
          <StockForm
            stock={stock.data}
            onDone={(msg) => {
              setDone(msg);
              stock.reload();
            }}
          />
        </div>
      ) : null}
    </>
  );
}
