import { useEffect, useId, type KeyboardEvent } from 'react';
import type { IpcResult } from '../../src-shared/ipc/contract';
import { useCombobox } from '../lib/combobox';
import { useCall } from '../lib/hooks';

type CatalogMedication = IpcResult<'catalog.medications'>[number];

/**
 * Stock medication search (the district formulary, over-the-counter only: what may be given without an order) as a
 * combobox: type, arrow keys, Enter.
 */
export function MedicationPicker(props: {
  label: string;
  error?: string | undefined;
  onPick: (m: CatalogMedication) => void;
  autoFocus?: boolean;
}) {
  const id = useId();
  const combo = useCombobox(120);
  const { text, setText, open, setOpen, active, setActive, query } = combo;
  const res = useCall(
    'catalog.medications',
    query ? { query, limit: 10, otcOnly: true } : undefined,
    query || undefined,
  );
  const hits = query && text.trim() ? (res.data ?? []) : [];
  const pending = text.trim() !== query || res.loading;
  const expanded = open && hits.length > 0;
  useEffect(() => setActive(0), [res.data]);

  function pick(m: CatalogMedication | undefined) {
    if (!m) return;
    props.onPick(m);
    combo.clear();
  }
  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (combo.arrowKey(e, hits.length)) return;
    if (e.key === 'Enter') {
      e.preventDefault();
      if (!pending) pick(hits[active]);
    } else if (e.key === 'Escape') {
      setOpen(false);
    }
  }
  const listId = `${id}-list`;
  const errId = `${id}-err`;
  return (
    <div className="field combo-wrap">
      <label htmlFor={`${id}-in`}>{props.label}</label>
      <input
        id={`${id}-in`}
        type="search"
        role="combobox"
        autoComplete="off"
        autoFocus={props.autoFocus}
        placeholder="Type a medication name"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={expanded ? `${id}-o${active}` : undefined}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? errId : undefined}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => window.setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
      />
      <ul
        id={listId}
        role="listbox"
        aria-label={`${props.label}: results`}
        className="listbox"
        hidden={!expanded}
      >
        {hits.map((m, i) => (
          <li
            key={m.id}
            id={`${id}-o${i}`}
            role="option"
            aria-selected={i === active}
            className="option"
            onMouseDown={(e) => {
              e.preventDefault();
              pick(m);
            }}
          >
            <span>
              <strong>{m.name}</strong> {m.strength ?? ''}
            </span>
            <span className="meta">{[m.route, m.drugClass].filter(Boolean).join(' · ')}</span>
          </li>
        ))}
      </ul>
      {open && text.trim() && !pending && hits.length === 0 ? (
        <span className="hint">
          {res.error ? res.error.message : 'No medication found in the formulary.'}
        </span>
      ) : null}
      {props.error ? (
        <span id={errId} className="field-error">
          {props.error}
        </span>
      ) : null}
    </div>
  );
}
