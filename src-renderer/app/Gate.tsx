import { useEffect, useRef, type ReactNode } from 'react';
import { useTitle } from '../lib/hooks';

/** The centred card of the screens before the clinic opens (enroll, sign in, unlock). */
export function Gate(props: { title: string; subtitle?: ReactNode; children: ReactNode; wide?: boolean }) {
  useTitle(props.title);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // Announce the screen; the form's first field takes focus itself where it has one.
    if (!document.activeElement || document.activeElement === document.body) heading.current?.focus();
  }, []);
  return (
    <div className="gate">
      <main className="gate-card" aria-labelledby="gate-title">
        <div className="brand">
          <span className="cross" aria-hidden="true">
            +
          </span>
          White Cross
        </div>
        <h1 id="gate-title" tabIndex={-1} ref={heading}>
          {props.title}
        </h1>
        {props.subtitle ? <p className="subtle">{props.subtitle}</p> : null}
        {props.children}
      </main>
    </div>
  );
}
