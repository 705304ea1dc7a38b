import { useEffect, useRef, type ReactNode } from 'react';
import type { ApiError } from './api';

/** The document title of a console page. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} — White Cross district console`;
  }, [title]);
}

/** The centred card of the sign-in (the workstation's gate look). */
export function ConsoleGate(props: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  useTitle(props.title);
  return (
    <div className="gate">
      <main className="gate-card" aria-labelledby="gate-title">
        <div className="brand">
          <span className="cross" aria-hidden="true">
            +
          </span>
          White Cross
        </div>
        <h1 id="gate-title">{props.title}</h1>
        {props.subtitle ? <p className="subtle">{props.subtitle}</p> : null}
        {props.children}
      </main>
    </div>
  );
}

/** A page of the console: its heading takes focus when the page opens (announced by a screen reader). */
export function Page(props: {
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  useTitle(props.title);
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (document.activeElement === document.body || document.activeElement?.closest('.sidenav'))
      h1.current?.focus();
  }, [props.title]);
  return (
    <>
      <div className="page-head">
        <h1 tabIndex={-1} ref={h1}>
          {props.title}
        </h1>
        {props.actions ? <div className="actions">{props.actions}</div> : null}
      </div>
      {props.subtitle ? <p className="subtitle">{props.subtitle}</p> : null}
      {props.children}
    </>
  );
}

/** Loading, or the error of a load, or nothing. */
export function LoadState(props: { loading: boolean; error: ApiError | undefined; what: string }) {
  if (props.error)
    return (
      <div className="notice error" role="alert">
        Could not load {props.what}: {props.error.message}
      </div>
    );
  if (props.loading)
    return (
      <p className="empty" role="status">
        Loading {props.what}…
      </p>
    );
  return null;
}

/** A transient outcome of an action, announced politely. */
export function Outcome(props: { ok?: string | undefined; error?: string | undefined }) {
  if (props.error)
    return (
      <div className="notice error" role="alert">
        {props.error}
      </div>
    );
  if (props.ok)
    return (
      <div className="notice ok" role="status">
        {props.ok}
      </div>
    );
  return null;
}

export const capitalized = (m: string): string => (m ? m[0]!.toUpperCase() + m.slice(1) : m);
