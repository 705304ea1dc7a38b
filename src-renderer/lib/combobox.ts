import { useState, type KeyboardEvent } from 'react';
import { useDebounced } from './hooks';

/**
 * The state every search-as-you-type combobox has (student search, medication picker): the typed text, its
 * debounced query, whether the list is open, the highlighted option, and the arrow keys that move through it.
 * Enter and Escape stay with each combobox (what they do differs).
 */
export function useCombobox(debounceMs: number) {
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const query = useDebounced(text.trim(), debounceMs);
  return {
    text,
    setText,
    open,
    setOpen,
    active,
    setActive,
    query,
    /** Clears the field and closes the list (after a pick). */
    clear: () => {
      setText('');
      setOpen(false);
    },
    /** ArrowDown / ArrowUp over `count` options; true when the key was one of them (handled). */
    arrowKey: (e: KeyboardEvent<HTMLInputElement>, count: number): boolean => {
      if (e.key === 'ArrowDown') {
        e.preventDefault();
        setOpen(true);
        setActive((a) => Math.min(a + 1, Math.max(count - 1, 0)));
        return true;
      }
      if (e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((a) => Math.max(a - 1, 0));
        return true;
      }
      return false;
    },
  };
}
