import { useModalDialog } from '../lib/hooks';

export const SHORTCUTS: readonly (readonly [string, string])[] = [
  ['/', 'Find a student (search as you type)'],
  ['Alt+N', 'New visit (for the student on screen)'],
  ['Alt+T', 'Today: clinic queue, visits, medications due'],
  ['Alt+S', 'Students'],
  ['Alt+M', 'Medication administration record'],
  ['Alt+I', 'Immunizations'],
  ['Alt+Y', 'Sync: conflicts and rejections'],
  ['Alt+L', 'Lock the workstation'],
  ['↑ ↓ Enter', 'Move through search results and open one'],
  ['Esc', 'Clear the search / close this window'],
  ['?', 'This list'],
];

/** The keyboard shortcuts, in a native modal dialog (focus stays inside; Escape closes). */
export function ShortcutsDialog(props: { onClose: () => void }) {
  const ref = useModalDialog();
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="shortcuts-title" onClose={props.onClose}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <dl className="shortcut-list">
        {SHORTCUTS.map(([k, what]) => (
          <div key={k} className="shortcut-row">
            <dt>
              <kbd>{k}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <div className="actions">
        <button type="button" autoFocus onClick={props.onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
