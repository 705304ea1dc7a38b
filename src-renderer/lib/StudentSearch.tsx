import { useEffect, useId, type KeyboardEvent, type Ref } from 'react';
import type { StudentHit } from '../../src-shared/ipc/contract';
import { formatDate, gradeLabel } from './format';
import { useCombobox } from './combobox';
import { useCall } from './hooks';

/** Typing pauses this long before the search runs (results as you type, without a call per key). */
export const SEARCH_DEBOUNCE_MS = 120;

/**
 * Student search as a WAI-ARIA combobox: results as you type (name, student number or birth date; the core
 * is typo-tolerant), arrow keys move through them, Enter opens the highlighted one, Escape clears.
 */
export function StudentSearch(props: {
  label: string;
  /** show the label only to screen readers (the header search) */
  hideLabel?: boolean;
  onPick: (hit: StudentHit) => void;
  inputRef?: Ref<HTMLInputElement>;
  /** results under the field in the page flow instead of a popup */
  inline?: boolean;
  autoFocus?: boolean;
  shortcutHint?: string;
  limit?: number;
}) {
  const id = useId();
  const combo = useCombobox(SEARCH_DEBOUNCE_MS);
  const { text, setText, open, setOpen, active, setActive, query } = combo;
  const limit = props.limit ?? 8;
  const search = useCall(
    'students.search',
    query ? { query, limit } : undefined,
    query ? `${query}|${limit}` : undefined,
  );
  const hits = query && text.trim() ? (search.data ?? []) : [];
  const pending = text.trim() !== query || search.loading;
  const expanded = (props.inline || open) && text.trim().length > 0;

  useEffect(() => setActive(0), [search.data]);
  // The header search starts empty on every screen.
  useEffect(() => {
    if (props.inline) return;
    const clear = () => setText('');
    window.addEventListener('hashchange', clear);
    return () => window.removeEventListener('hashchange', clear);
  }, [props.inline]);

  function pick(hit: StudentHit | undefined) {
    if (!hit) return;
    props.onPick(hit);
    combo.clear();
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (combo.arrowKey(e, hits.length)) return;
    if (e.key === 'Enter') {
      if (hits.length > 0 && !pending) {
        e.preventDefault();
        pick(hits[active]);
      }
    } else if (e.key === 'Escape') {
      if (text) {
        e.preventDefault();
        setText('');
      }
      setOpen(false);
    }
  }

  const listId = `${id}-list`;
  const optionId = (i: number) => `${id}-opt-${i}`;
  const announce = !text.trim()
    ? ''
    : pending
      ? ''
      : search.error
        ? search.error.message
        : hits.length === 0
          ? 'No student found'
          : `${hits.length} ${hits.length === 1 ? 'student' : 'students'} found; use the arrow keys and Enter`;

  return (
    <div className="combo-wrap">
      <label htmlFor={`${id}-input`} className={props.hideLabel ? 'visually-hidden' : undefined}>
        {props.label}
      </label>
      <div className="combo">
        <span className="glass" aria-hidden="true">
          ⌕
        </span>
        <input
          id={`${id}-input`}
          ref={props.inputRef}
          type="search"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          autoFocus={props.autoFocus}
          placeholder="Name, student number or birth date"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={expanded && hits.length > 0 ? optionId(active) : undefined}
          aria-keyshortcuts={props.shortcutHint}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => window.setTimeout(() => setOpen(false), 150)}
          onKeyDown={onKeyDown}
        />
        {props.shortcutHint && !text ? (
          <span className="key-hint" aria-hidden="true">
            <kbd>/</kbd>
          </span>
        ) : null}
      </div>
      <ul
        id={listId}
        role="listbox"
        aria-label={`${props.label}: results`}
        className={`listbox ${props.inline ? 'inline' : ''}`}
        hidden={!expanded || hits.length === 0}
      >
        {hits.map((h, i) => (
          <li
            key={h.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className="option"
            onMouseDown={(e) => {
              e.preventDefault();
              pick(h);
            }}
            onMouseEnter={() => setActive(i)}
          >
            <span>
              <strong>{h.name}</strong>
              {h.preferredName ? <span className="meta"> “{h.preferredName}”</span> : null}
              {h.hasDrugAllergy ? (
                <>
                  {' '}
                  <span className="badge danger">Drug allergy</span>
                </>
              ) : null}
            </span>
            <span className="meta">{gradeLabel(h.grade)}</span>
            <span className="meta">#{h.studentNumber}</span>
            <span className="meta">born {formatDate(h.birthDate)}</span>
          </li>
        ))}
      </ul>
      {expanded && !pending && hits.length === 0 ? (
        <div className={`listbox ${props.inline ? 'inline' : ''}`}>
          <p className="option-empty">
            {search.error
              ? search.error.message
              : 'No student found. Check the spelling, or try the student number.'}
          </p>
        </div>
      ) : null}
      <span className="visually-hidden" aria-live="polite">
        {announce}
      </span>
    </div>
  );
}
