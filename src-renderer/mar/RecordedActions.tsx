import { useState } from 'react';
import type { MarRow } from '../../src-shared/ipc/contract';
import { formatTime } from '../lib/format';
import { AmendDialog, type AmendKind } from './AmendDialog';
import { DoseHistory } from './DoseHistory';

/**
 * A recorded dose's actions: Correct and Void (each a dialog, a reason required) and the History disclosure of
 * its corrections and voids. A voided dose can be neither corrected nor voided again.
 */
export function RecordedActions(props: { row: MarRow; readOnly: boolean; onDone: (msg: string) => void }) {
  const { row } = props;
  const [amend, setAmend] = useState<AmendKind>();
  const [showHistory, setShowHistory] = useState(false);
  const [revision, setRevision] = useState(0);
  if (!row.administrationId) return null;
  const what = `: ${row.medication} for ${row.studentName} at ${formatTime(row.scheduledAt)}`;
  const historyId = `history-${row.administrationId}`;
  return (
    <div>
      <div className="actions mar-actions">
        {!props.readOnly && !row.voided
          ? (['CORRECT', 'VOID'] as const).map((k) => (
              <button key={k} type="button" className="secondary small" onClick={() => setAmend(k)}>
                {k === 'CORRECT' ? 'Correct' : 'Void'}
                <span className="visually-hidden">{what}</span>
              </button>
            ))
          : null}
        <button
          type="button"
          className="secondary small"
          aria-expanded={showHistory}
          aria-controls={historyId}
          onClick={() => setShowHistory((s) => !s)}
        >
          History{row.corrections ? ` (${row.corrections})` : ''}
          <span className="visually-hidden">{what}</span>
        </button>
      </div>
      <div id={historyId}>
        {showHistory ? <DoseHistory administrationId={row.administrationId} revision={revision} /> : null}
      </div>
      {amend ? (
        <AmendDialog
          row={row}
          kind={amend}
          onClose={() => setAmend(undefined)}
          onDone={(msg) => {
            setAmend(undefined);
            setRevision((r) => r + 1);
            props.onDone(msg);
          }}
        />
      ) : null}
    </div>
  );
}
