import { useState, type FormEvent } from 'react';
import { MarStockRecordArgs, type ControlledStock, type MarStockResult } from '../../src-shared/ipc/contract';
import { call } from '../bridge';
import { titleCase } from '../lib/format';
import { Field, FormError, ipcFieldErrors, zodFieldErrors, type FieldErrors } from '../lib/form';
import { toIpcError } from '../lib/hooks';

const KINDS = ['RECEIVED', 'WASTED', 'RETURNED', 'COUNT'] as const;
type Kind = (typeof KINDS)[number];

/** Record RECEIVED / WASTED / RETURNED / COUNT for one controlled medication (mar.stockRecord). */
export function StockForm(props: { stock: MarStockResult; onDone: (msg: string) => void }) {
  const meds: readonly ControlledStock[] = props.stock.medications;
  const [medicationId, setMedicationId] = useState(meds[0]?.medicationId ?? '');
  const [kind, setKind] = useState<Kind>('RECEIVED');
  const [quantity, setQuantity] = useState('');
  const [witness, setWitness] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [busy, setBusy] = useState(false);
  const needsWitness = props.stock.witnessRequired.includes(kind);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setGeneral(undefined);
    const parsed = MarStockRecordArgs.safeParse({
      medicationId,
      kind,
      quantity: quantity.trim() === '' ? Number.NaN : Number(quantity),
      witnessUserId: witness || undefined,
      note: note.trim() || undefined,
    });
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const r = await call('mar.stockRecord', parsed.data);
      const med = meds.find((m) => m.medicationId === medicationId)?.medication ?? '';
      props.onDone(
        `${med}: ${titleCase(kind).toLowerCase()} recorded, balance ${r.balance}${r.discrepancy ? ' — the count does not match the ledger' : ''}.`,
      );
      setQuantity('');
      setNote('');
      setWitness('');
    } catch (err) {
      const r = ipcFieldErrors(toIpcError(err));
      setErrors(r.fields);
      setGeneral(r.general);
    }
    setBusy(false);
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="stock-form-title">
      <h2 id="stock-form-title">Record a stock entry</h2>
      <FormError message={general} />
      <div className="inline-input">
        <Field label="Medication" error={errors.medicationId}>
          {(p) => (
            <select {...p} value={medicationId} onChange={(e) => setMedicationId(e.target.value)}>
              {meds.map((m) => (
                <option key={m.medicationId} value={m.medicationId}>
                  {m.medication}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Entry" error={errors.kind}>
          {(p) => (
            <select {...p} value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {titleCase(k)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={kind === 'COUNT' ? 'Unit doses counted' : 'Unit doses'} error={errors.quantity}>
          {(p) => (
            <input
              {...p}
              type="number"
              min={0}
              step="0.01"
              inputMode="decimal"
              value={quantity}
              onChange={(e) => setQuantity(e.target.value)}
            />
          )}
        </Field>
        <Field label={needsWitness ? 'Witness' : 'Witness (optional)'} error={errors.witnessUserId}>
          {(p) => (
            <select {...p} value={witness} onChange={(e) => setWitness(e.target.value)}>
              <option value="">— none —</option>
              {props.stock.witnesses.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label="Note (optional)" error={errors.note}>
        {(p) => <input {...p} type="text" value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <div className="actions">
        <button type="submit" disabled={busy || meds.length === 0} aria-busy={busy}>
          Record {titleCase(kind).toLowerCase()}
        </button>
      </div>
    </form>
  );
}
