import { useState } from 'react';
import { MedicationPicker } from './MedicationPicker';
import { hhmm, type MedLine, type Order } from './visit-form';

/** Adds a medication line: from the student's active orders or from stock. */
export function AddMedication(props: {
  orders: readonly Order[];
  onAdd: (line: Omit<MedLine, 'key' | 'check' | 'acknowledged' | 'override'>) => void;
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
