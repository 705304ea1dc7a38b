import { useModalDialog } from '../lib/hooks';

/** Leaving a half-filled visit: stay, leave keeping the draft on this workstation, or leave and discard it. */
export function LeaveDialog(props: { onStay: () => void; onKeep: () => void; onDiscard: () => void }) {
  const ref = useModalDialog();
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="leave-title"
      aria-describedby="leave-text"
      onCancel={(e) => {
        e.preventDefault();
        props.onStay();
      }}
    >
      <h2 id="leave-title">Leave this visit?</h2>
      <p id="leave-text">
        The visit is not saved yet. Its draft can stay on this workstation, to finish later (with its
        medication lines; their safety check runs again when the draft is opened).
      </p>
      <div className="actions">
        <button type="button" autoFocus onClick={props.onStay}>
          Stay on the visit
        </button>
        <button type="button" className="secondary" onClick={props.onKeep}>
          Leave, keep the draft
        </button>
        <button type="button" className="danger" onClick={props.onDiscard}>
          Leave and discard
        </button>
      </div>
    </dialog>
  );
}
