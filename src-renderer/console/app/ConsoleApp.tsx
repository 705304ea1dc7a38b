import { useCallback, useEffect, useState } from 'react';
import { consoleSessionResponse, type ConsoleSessionResponse } from '../../../src-shared/api/console';
import { setDisplayTimeZone } from '../../lib/format';
import { api, onSessionEnded, setCsrfToken } from '../lib/api';
import { ConsoleShell } from './ConsoleShell';
import { ConsoleSignIn } from './ConsoleSignIn';

type State =
  | { kind: 'loading' }
  | { kind: 'signed-out'; reason?: string }
  | { kind: 'signed-in'; session: ConsoleSessionResponse };

/**
 * The district console: asks the server for this browser's session (the HttpOnly cookie, if any), then shows the
 * sign-in or the console. A 401 on any call (signed out elsewhere, expired, revoked, deactivated) returns here.
 */
export function ConsoleApp() {
  const [state, setState] = useState<State>({ kind: 'loading' });

  const signedIn = useCallback((session: ConsoleSessionResponse) => {
    setCsrfToken(session.csrfToken);
    setDisplayTimeZone(session.districtTimeZone);
    setState({ kind: 'signed-in', session });
  }, []);

  useEffect(() => {
    onSessionEnded(() => {
      setCsrfToken(undefined);
      setState({ kind: 'signed-out', reason: 'Your session ended. Sign in again.' });
    });
    api('GET', '/console/session', consoleSessionResponse, { quiet401: true }).then(signedIn, () =>
      setState({ kind: 'signed-out' }),
    );
    return () => onSessionEnded(undefined);
  }, [signedIn]);

  if (state.kind === 'loading')
    return (
      <p className="console-loading" role="status">
        Loading the district console…
      </p>
    );
  if (state.kind === 'signed-out') return <ConsoleSignIn reason={state.reason} onSignedIn={signedIn} />;
  return (
    <ConsoleShell
      session={state.session}
      onSignedOut={() => {
        setCsrfToken(undefined);
        setState({ kind: 'signed-out', reason: 'You signed out.' });
      }}
    />
  );
}
