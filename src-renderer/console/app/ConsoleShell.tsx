import { useState } from 'react';
import {
  CONSOLE_PAGES,
  consoleSignOutResponse,
  pagesOf,
  type ConsolePage,
  type ConsoleSessionResponse,
} from '../../../src-shared/api/console';
import { href, useRoute } from '../../lib/router';
import { Alerts } from '../alerts/Alerts';
import { AuditLog } from '../audit/AuditLog';
import { Dashboard } from '../dashboard/Dashboard';
import { Formulary } from '../formulary/Formulary';
import { Compliance } from '../immunizations/Compliance';
import { Jobs } from '../jobs/Jobs';
import { api } from '../lib/api';
import { Page } from '../lib/page';
import { roleLabel } from '../lib/roles';
import { Outbreaks } from '../outbreaks/Outbreaks';
import { WorkstationPolicy } from '../policy/WorkstationPolicy';
import { Registry } from '../registry/Registry';
import { Reports } from '../reports/Reports';
import { SisConnections } from '../sis-connections/SisConnections';
import { SisRoster } from '../sis/SisRoster';
import { Users } from '../users/Users';
import { Workstations } from '../workstations/Workstations';

/** The pages that exist in this build (the others of CONSOLE_PAGES come with their features' APIs). */
const BUILT: Partial<Record<ConsolePage, (p: { session: ConsoleSessionResponse }) => React.ReactNode>> = {
  dashboard: (p) => <Dashboard session={p.session} />,
  alerts: (p) => <Alerts userId={p.session.user.id} role={p.session.user.role} />,
  outbreaks: (p) => <Outbreaks session={p.session} />,
  immunizations: (p) => <Compliance session={p.session} />,
  jobs: () => <Jobs />,
  users: (p) => <Users session={p.session} />,
  workstations: () => <Workstations />,
  policy: () => <WorkstationPolicy />,
  audit: (p) => <AuditLog session={p.session} />,
  reports: (p) => <Reports session={p.session} />,
  formulary: (p) => <Formulary session={p.session} />,
  'sis-connections': () => <SisConnections />,
  registry: (p) => <Registry session={p.session} />,
  sis: () => <SisRoster />,
};

/** The signed-in console: the district and the user on top, the role's pages on the side, the page in the middle. */
export function ConsoleShell(props: { session: ConsoleSessionResponse; onSignedOut: () => void }) {
  const route = useRoute();
  const { user } = props.session;
  const pages = pagesOf(user.role).filter((p) => BUILT[p]);
  const [signingOut, setSigningOut] = useState(false);
  const [error, setError] = useState<string>();
  const current = (route.parts[0] ?? 'dashboard') as ConsolePage;
  const render = pages.includes(current) ? BUILT[current] : undefined;

  async function signOut() {
    setSigningOut(true);
    try {
      await api('DELETE', '/console/session', consoleSignOutResponse);
      props.onSignedOut();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setSigningOut(false);
    }
  }

  return (
    <>
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to main content
      </a>
      <div className="shell console-shell">
        <header className="topbar">
          <span className="brand">
            <span className="cross" aria-hidden="true">
              +
            </span>
            White Cross
            <span className="school">· {props.session.districtName} · District console</span>
          </span>
          <div className="who">
            <span>
              {user.firstName} {user.lastName}
              <span className="role-tag">{roleLabel(user.role)}</span>
            </span>
            <button
              type="button"
              className="secondary small"
              disabled={signingOut}
              onClick={() => void signOut()}
            >
              Sign out
            </button>
          </div>
        </header>
        <nav className="sidenav" aria-label="Console pages">
          <ul>
            {pages.map((p) => (
              <li key={p}>
                <a href={href([p])} aria-current={current === p ? 'page' : undefined}>
                  <span>{CONSOLE_PAGES[p].label}</span>
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabIndex={-1}>
          {error ? (
            <div className="notice error" role="alert">
              Could not sign out: {error}
            </div>
          ) : null}
          {render ? (
            <div key={current}>{render({ session: props.session })}</div>
          ) : (
            <Page title="Page not available">
              <p>
                This page is not one of yours. <a href={href(['dashboard'])}>Go to the dashboard</a>.
              </p>
            </Page>
          )}
        </main>
      </div>
    </>
  );
}
