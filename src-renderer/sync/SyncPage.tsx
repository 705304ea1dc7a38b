import { useState, type FormEvent } from 'react';
import type { SyncConflict } from '../../src-shared/ipc/contract';
import { call } from '../bridge';
import { ago, formatDateTime, plural, titleCase } from '../lib/format';
import { Field, FormError, ipcFieldErrors, type FieldErrors } from '../lib/form';
import { toIpcError, useCall, useFocusOnMount, useTitle } from '../lib/hooks';
import { useReadOnly } from '../lib/session';

/** A column value as a nurse reads it. */
export function showValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '(empty)';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (typeof v === 'string') {
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) return formatDateTime(v);
    return v;
  }
  if (typeof v === 'number') return String(v);
  return JSON.stringify(v);
}

const TYPE_TEXT: Readonly<Record<SyncConflict['type'], string>> = {
  FIELD_LWW: 'Changed on two workstations',
  EDIT_AFTER_DELETE: 'Edited here after it was deleted elsewhere',
  CONSTRAINT: 'Refused by a district rule',
};

type Side = 'MINE' | 'THEIRS';

/**
 * The contract's choice for a side: KEEP_SERVER keeps what the district holds now (the winner, whichever
 * workstation wrote it), APPLY_OTHER applies the value that lost. A district rule's refusal (CONSTRAINT) has no
 * other value to apply (undefined).
 */
export function choiceFor(
  side: Side,
  yoursWon: boolean,
  type: SyncConflict['type'] = 'FIELD_LWW',
): 'KEEP_SERVER' | 'APPLY_OTHER' | undefined {
  const kept = side === 'MINE' ? yoursWon : !yoursWon;
  if (kept) return 'KEEP_SERVER';
  return type === 'CONSTRAINT' ? undefined : 'APPLY_OTHER';
}

function ConflictCard(props: { conflict: SyncConflict; onResolved: () => void }) {
  const c = props.conflict;
  const readOnly = useReadOnly();
  const [side, setSide] = useState<Side>();
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [busy, setBusy] = useState(false);
  const name = `conflict-${c.id}`;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const choice = side ? choiceFor(side, c.yoursWon, c.type) : undefined;
    if (!choice) {
      setErrors({ choice: 'choose which value to keep' });
      return;
    }
    setBusy(true);
    setErrors({});
    setGeneral(undefined);
    try {
      await call('sync.resolveConflict', { id: c.id, choice, reason });
      props.onResolved();
    } catch (err) {
      const r = ipcFieldErrors(toIpcError(err));
      setErrors(r.fields);
      setGeneral(r.general);
      setBusy(false);
    }
  }

  const sides: readonly { side: Side; who: string; value: unknown; kept: boolean }[] = [
    { side: 'MINE', who: 'This workstation', value: c.yours, kept: c.yoursWon },
    { side: 'THEIRS', who: 'The other workstation', value: c.theirs, kept: !c.yoursWon },
  ];
  return (
    <article className="card conflict" aria-labelledby={`${name}-title`}>
      <h3 id={`${name}-title`}>{c.label}</h3>
      <p className="subtitle">
        {TYPE_TEXT[c.type]} · {ago(c.at)}
      </p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <FormError message={general} />
        <fieldset aria-describedby={errors.choice ? `${name}-choice-error` : undefined}>
          <legend>Which value is right?</legend>
          <div className="sides">
            {sides.map((s) => {
              const possible = choiceFor(s.side, c.yoursWon, c.type) !== undefined;
              return (
                <label key={s.side} className={`side ${possible ? '' : 'unavailable'}`}>
                  <input
                    type="radio"
                    name={name}
                    value={s.side}
                    disabled={!possible}
                    checked={side === s.side}
                    onChange={() => setSide(s.side)}
                  />
                  <span>
                    <span className="who">
                      {s.who}
                      {s.kept ? ' · in the record now' : ''}
                    </span>
                    <br />
                    <span className="value">{showValue(s.value)}</span>
                  </span>
                </label>
              );
            })}
          </div>
          {errors.choice ? (
            <p id={`${name}-choice-error`} className="field-error">
              {errors.choice}
            </p>
          ) : null}
        </fieldset>
        <Field label="Reason for your choice" hint="Recorded with the decision." error={errors.reason}>
          {(p) => <input {...p} type="text" value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        <button type="submit" disabled={busy || readOnly}>
          Resolve
        </button>
      </form>
    </article>
  );
}

/** Sync: details, the conflicts to review (both values side by side) and the changes the district refused. */
export function SyncPage(props: { onChanged: () => void }) {
  useTitle('Sync');
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const status = useCall('sync.status', {}, 'page', 2000);
  const conflicts = useCall('sync.conflicts', {}, 'c', 5000);
  const rejections = useCall('sync.rejections', {}, 'r', 10_000);
  const [resolved, setResolved] = useState<string>();
  const s = status.data;

  return (
    <>
      <div className="page-head">
        <h1 tabIndex={-1} ref={heading}>
          Sync
        </h1>
        {s ? (
          <span className="subtitle">
            {s.online ? 'Online' : 'Offline'} ·{' '}
            {s.waiting === 0 ? 'all changes sent' : `${plural(s.waiting, 'change')} waiting`} · last sync{' '}
            {ago(s.lastSyncAt)}
          </span>
        ) : null}
      </div>
      {s?.lastError ? (
        <div className="notice warning">
          <strong>Last problem:</strong> {s.lastError}
        </div>
      ) : null}
      <div role="status">{resolved ? <div className="notice ok">{resolved}</div> : null}</div>

      <section aria-labelledby="conflicts-title">
        <h2 id="conflicts-title">
          Conflicts to review <span className="count">({conflicts.data?.length ?? '…'})</span>
        </h2>
        {conflicts.error ? <div className="notice error">{conflicts.error.message}</div> : null}
        {conflicts.data?.length === 0 ? (
          <p className="empty">Nothing to review: no record was changed in two places at once.</p>
        ) : null}
        {conflicts.data?.map((c) => (
          <ConflictCard
            key={c.id}
            conflict={c}
            onResolved={() => {
              setResolved(`Resolved: ${c.label}.`);
              conflicts.reload();
              props.onChanged();
            }}
          />
        ))}
      </section>

      <section aria-labelledby="rejections-title" className="card">
        <h2 id="rejections-title">
          Changes the district refused <span className="count">({rejections.data?.length ?? '…'})</span>
        </h2>
        {rejections.error ? <div className="notice error">{rejections.error.message}</div> : null}
        {rejections.data?.length === 0 ? <p className="empty">None.</p> : null}
        {rejections.data && rejections.data.length > 0 ? (
          <table>
            <caption className="visually-hidden">Refused changes with the district’s reason</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Record</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {rejections.data.map((r) => (
                <tr key={r.id}>
                  <td className="nowrap">{formatDateTime(r.at)}</td>
                  <td>{titleCase(r.table)}</td>
                  <td>
                    {r.reason} <span className="badge neutral">{r.code}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </>
  );
}
