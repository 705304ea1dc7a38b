import { useEffect, useId, useRef, useState } from 'react';
import type { ReportRequest } from '../../src-shared/ipc/reports';
import { toIpcError } from '../lib/hooks';
import { pagesText, printReport, type PrintOutcome } from './print-report';

export interface PrintItem {
  readonly label: string;
  readonly request: ReportRequest;
}

/** What the last print did, for the status line (and the PDF's links in browser mode). */
function useReportPrinting() {
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<PrintOutcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(
    () => () => {
      if (outcome?.kind === 'pdf') URL.revokeObjectURL(outcome.url);
    },
    [outcome],
  );
  const run = async (item: PrintItem) => {
    setBusy(item.label);
    setError(null);
    try {
      setOutcome(await printReport(item.request));
    } catch (e) {
      setOutcome(null);
      setError(toIpcError(e).message);
    } finally {
      setBusy(null);
    }
  };
  return { busy, outcome, error, run };
}

function PrintStatus(props: { busy: string | null; outcome: PrintOutcome | null; error: string | null }) {
  const { busy, outcome, error } = props;
  return (
    <div className="print-status">
      <p role="status" aria-live="polite">
        {busy
          ? `Preparing ${busy}…`
          : outcome?.kind === 'printed'
            ? `Sent to the printer (${pagesText(outcome.pageCount)}).`
            : outcome?.kind === 'cancelled'
              ? 'Printing cancelled.'
              : outcome?.kind === 'pdf'
                ? `${outcome.title} is ready (${pagesText(outcome.pageCount)}).`
                : ''}
      </p>
      {outcome?.kind === 'pdf' && !busy ? (
        <p className="actions">
          <a className="button" href={outcome.url} target="_blank" rel="noopener">
            Open the PDF<span className="visually-hidden"> (new tab)</span>
          </a>
          <a className="button secondary" href={outcome.url} download={outcome.fileName}>
            Download the PDF
          </a>
        </p>
      ) : null}
      {error ? (
        <p className="notice error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** One report, one button ("Print the excuse note"). */
export function PrintButton(props: { item: PrintItem; className?: string }) {
  const p = useReportPrinting();
  return (
    <div className="print-menu">
      <button
        type="button"
        className={props.className}
        disabled={p.busy !== null}
        onClick={() => void p.run(props.item)}
      >
        {props.item.label}
      </button>
      <PrintStatus {...p} />
    </div>
  );
}

/**
 * A "Print" menu (a disclosure: Enter or Space opens it, the first report gets the focus, Escape closes it and
 * gives the focus back), with the reports of this page and optional controls (the MAR sheet's month).
 */
export function PrintMenu(props: { items: readonly PrintItem[]; label?: string; children?: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const p = useReportPrinting();
  const id = useId();
  const toggle = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open) panel.current?.querySelector<HTMLElement>('button, input, select')?.focus();
  }, [open]);
  const close = () => {
    setOpen(false);
    toggle.current?.focus();
  };
  return (
    <div className="print-menu">
      <button
        ref={toggle}
        type="button"
        className="secondary"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
      >
        {props.label ?? 'Print…'}
      </button>
      <div
        id={id}
        ref={panel}
        className="print-panel"
        hidden={!open}
        role="group"
        aria-label={props.label ?? 'Print'}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            close();
          }
        }}
      >
        {props.children}
        <ul>
          {props.items.map((item) => (
            <li key={item.label}>
              <button
                type="button"
                disabled={p.busy !== null}
                onClick={() => {
                  void p.run(item).then(() => {
                    setOpen(false);
                    toggle.current?.focus();
                  });
                }}
              >
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      </div>
      <PrintStatus {...p} />
    </div>
  );
}
