import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppStatus } from '../../src-shared/ipc/contract';
import type { IpcError } from '../../src-shared/ipc/errors';
import { call, SESSION_CHECK_EVENT, sessionFromStatus } from '../bridge';
import { setDisplayTimeZone } from '../lib/format';
import { toIpcError } from '../lib/hooks';
import { Enroll, FirstSync } from './Enroll';
import { SignIn } from './SignIn';
import { Unlock } from './Unlock';
import { Shell } from './Shell';

/** How often the UI asks the core whether the session is still open (the core owns the inactivity timer). */
const STATUS_POLL_MS = 2000;

/**
 * The top of the UI: which screen the session state calls for. Nothing of the clinic is mounted unless a nurse
 * is signed in and the session is unlocked, so a locked screen holds no student data.
 */
export function App() {
  const [status, setStatus] = useState<AppStatus>();
  const [error, setError] = useState<IpcError>();
  const [firstSync, setFirstSync] = useState(false);
  // every time below is shown and entered in the school's time zone (before the children render)
  setDisplayTimeZone(status?.schoolTimeZone);

  // every status from the core (the poll, or a sign-in, unlock, lock... answer) is what the screens follow
  const applyStatus = useCallback((s: AppStatus) => {
    sessionFromStatus(s);
    setStatus(s);
  }, []);

  const refresh = useCallback(async () => {
    try {
      applyStatus(await call('app.status', {}));
      setError(undefined);
    } catch (e) {
      setError(toIpcError(e));
    }
  }, [applyStatus]);

  const lastInput = useRef(Date.now());
  useEffect(() => {
    const mark = () => (lastInput.current = Date.now());
    const events = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;
    for (const e of events) window.addEventListener(e, mark, { passive: true, capture: true });
    return () => {
      for (const e of events) window.removeEventListener(e, mark, { capture: true });
    };
  }, []);

  useEffect(() => {
    void refresh();
    const t = window.setInterval(() => void refresh(), STATUS_POLL_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    // a call was refused for the session's sake (locked, signed out, the core restarted): ask the core now
    const onSessionCheck = () => void refresh();
    window.addEventListener(SESSION_CHECK_EVENT, onSessionCheck);
    return () => {
      window.clearInterval(t);
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener(SESSION_CHECK_EVENT, onSessionCheck);
    };
  }, [refresh]);

  if (!status) {
    return (
      <div className="gate">
        <div className="gate-card" role={error ? 'alert' : 'status'}>
          <div className="brand">
            <span className="cross" aria-hidden="true">
              +
            </span>
            White Cross
          </div>
          {error ? (
            <>
              <h1>Cannot reach the workstation</h1>
              <p>{error.message}</p>
              <button type="button" onClick={() => void refresh()}>
                Try again
              </button>
            </>
          ) : (
            <p>Starting…</p>
          )}
        </div>
      </div>
    );
  }

  // Without the core nothing can lock the session: after the usual inactivity the renderer hides the records itself.
  if (error && Date.now() - lastInput.current > status.autoLockSeconds * 1000) {
    return (
      <div className="gate">
        <main className="gate-card" role="alert">
          <h1>Locked</h1>
          <p>{error.message}</p>
          <p>The records are hidden until the workstation answers again.</p>
        </main>
      </div>
    );
  }
  const screen = pickScreen(status);
  // The core stopped answering after the app was open: say so above whatever is on screen.
  return error ? (
    <>
      <div className="notice error core-down" role="alert">
        {error.message} The screen below may be out of date.
      </div>
      {screen}
    </>
  ) : (
    screen
  );

  function pickScreen(status: AppStatus) {
    if (!status.enrolled) {
      return (
        <Enroll
          onEnrolled={(s) => {
            setFirstSync(true);
            applyStatus(s);
          }}
        />
      );
    }
    if (firstSync && status.signedIn && !status.locked) {
      return <FirstSync onDone={() => setFirstSync(false)} />;
    }
    // Emergency ("break the glass") access opens the records read-only, over a locked or signed-out session.
    if (status.breakGlass) return <Shell status={status} onStatus={applyStatus} />;
    if (!status.signedIn) return <SignIn status={status} onStatus={applyStatus} />;
    if (status.locked) return <Unlock status={status} onStatus={applyStatus} />;
    return <Shell status={status} onStatus={applyStatus} />;
  }
}
