import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppStatus } from '../../src-shared/ipc/contract';
import { call } from '../bridge';
import { formatTime } from '../lib/format';
import { useCall } from '../lib/hooks';
import { ReadOnlyContext } from '../lib/session';
import { href, navigate, useRoute, type Route } from '../lib/router';
import { AlertPage, AlertsPage, announceAlertsChanged } from '../alerts';
import { Immunizations, SchoolCompliance } from '../immunizations';
import { Mar, StockPage } from '../mar';
import { StudentChart, StudentsPage } from '../students';
import { StudentSearch } from '../lib/StudentSearch';
import { SymptomsForm } from '../symptoms';
import { StatusBar, SyncPage } from '../sync';
import { Today } from '../today';
import { ExcuseNote, NewVisit, VisitSaved } from '../clinic-visits';
import { PinDialog } from './PinDialog';
import { ShortcutsDialog } from './ShortcutsDialog';

/**
 * The renderer reports input to the core (which owns the inactivity timer) at most this often, or at most every
 * third of a short inactivity lock.
 */
export const ACTIVITY_THROTTLE_MS = 30_000;
export const activityThrottleMs = (autoLockSeconds: number): number =>
  Math.min(ACTIVITY_THROTTLE_MS, Math.max(1000, Math.floor((autoLockSeconds * 1000) / 3)));
export const SYNC_POLL_MS = 1000;
/** The header's open-alert count (and the revision that reloads the alert lists when it changes). */
export const ALERTS_POLL_MS = 2000;

function isEditable(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  return t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName);
}

/** The student in view (a chart, or a form for one student), for Alt+N. */
function studentInView(route: Route): string | undefined {
  if (route.parts[0] === 'students' && route.parts[1]) return route.parts[1];
  return route.query.get('student') ?? undefined;
}

const NAV = [
  { key: 'today', label: 'Today', shortcut: 'Alt+T' },
  { key: 'students', label: 'Students', shortcut: '/' },
  { key: 'visits', label: 'New visit', shortcut: 'Alt+N' },
  { key: 'mar', label: 'Medications (MAR)', shortcut: 'Alt+M' },
  { key: 'immunizations', label: 'Immunizations', shortcut: 'Alt+I' },
  { key: 'sync', label: 'Sync', shortcut: 'Alt+Y' },
] as const;

/** The signed-in, unlocked workstation: header with search, navigation, the screen, and the sync bar. */
export function Shell(props: { status: AppStatus; onStatus: (s: AppStatus) => void }) {
  const route = useRoute();
  const searchRef = useRef<HTMLInputElement>(null);
  const [help, setHelp] = useState(false);
  const [pinDialog, setPinDialog] = useState(false);
  const sync = useCall('sync.status', {}, 'shell', SYNC_POLL_MS);
  const alerts = useCall('alerts.summary', {}, 'shell-alerts', ALERTS_POLL_MS);
  const alertsRevision = useRef<string | undefined>(undefined);
  useEffect(() => {
    const r = alerts.data?.revision;
    if (r === undefined) return;
    if (alertsRevision.current !== undefined && alertsRevision.current !== r) announceAlertsChanged();
    alertsRevision.current = r;
  }, [alerts.data?.revision]);
  const openAlerts = alerts.data?.open ?? 0;
  const lastActivity = useRef(0);

  const lock = useCallback(async () => {
    try {
      props.onStatus(await call('app.lock', {}));
    } catch {
      // the status poll shows the outcome
    }
  }, [props]);

  // Input of any kind counts as activity for the core's auto-lock (throttled).
  // At most one report per throttle period, and a trailing one for input inside that window, so the core
  // never sees the last input later than that (the lock comes late by at most the throttle, never early).
  const throttleMs = activityThrottleMs(props.status.autoLockSeconds);
  useEffect(() => {
    let trailing: number | undefined;
    const send = () => {
      lastActivity.current = Date.now();
      void call('app.activity', {}).catch(() => undefined);
    };
    const report = () => {
      const since = Date.now() - lastActivity.current;
      if (since >= throttleMs) send();
      else
        trailing ??= window.setTimeout(() => {
          trailing = undefined;
          send();
        }, throttleMs - since);
    };
    const events = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;
    for (const e of events) window.addEventListener(e, report, { passive: true, capture: true });
    return () => {
      if (trailing !== undefined) window.clearTimeout(trailing);
      for (const e of events) window.removeEventListener(e, report, { capture: true });
    };
  }, [throttleMs]);

  // Keyboard shortcuts.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey) return;
      if (!e.altKey) {
        if (isEditable(e.target)) return;
        if (e.key === '/') {
          e.preventDefault();
          searchRef.current?.focus();
        } else if (e.key === '?') {
          e.preventDefault();
          setHelp(true);
        }
        return;
      }
      const go: Record<string, () => void> = {
        KeyN: () => navigate(['visits', 'new'], { student: studentInView(route) }),
        KeyT: () => navigate(['today']),
        KeyM: () => navigate(['mar']),
        KeyI: () => navigate(['immunizations'], { student: studentInView(route) }),
        KeyY: () => navigate(['sync']),
        KeyS: () => navigate(['students']),
        KeyL: () => void lock(),
      };
      const action = go[e.code];
      if (action) {
        e.preventDefault();
        action();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [route, lock]);

  const section =
    route.parts[0] === 'visits' && route.parts[1] !== 'new' && route.parts[1] !== undefined
      ? 'visit'
      : (route.parts[0] ?? 'today');
  const s = props.status;
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
      <div className="shell">
        <header className="topbar">
          <span className="brand">
            <span className="cross" aria-hidden="true">
              +
            </span>
            White Cross
            {s.schoolName ? <span className="school">· {s.schoolName}</span> : null}
          </span>
          <div className="search" role="search">
            <StudentSearch
              label="Find a student"
              hideLabel
              inputRef={searchRef}
              shortcutHint="/"
              onPick={(h) => navigate(['students', h.id])}
            />
          </div>
          <a
            className={`alerts-link${openAlerts > 0 ? ' has-alerts' : ''}`}
            href={href(['alerts'])}
            aria-current={section === 'alerts' ? 'page' : undefined}
          >
            Alerts <span className={`badge ${openAlerts > 0 ? 'danger' : 'neutral'}`}>{openAlerts}</span>
            <span className="visually-hidden"> open</span>
          </a>
          <div className="who">
            <span>{s.breakGlass ? 'Emergency access' : s.user?.name}</span>
            {s.breakGlass ? null : (
              <button type="button" className="secondary small" onClick={() => setPinDialog(true)}>
                {s.pinSet ? 'PIN' : 'Set PIN'}
              </button>
            )}
            <button
              type="button"
              className="secondary small"
              onClick={() => void lock()}
              aria-keyshortcuts="Alt+L"
              title={`Locks by itself after ${s.autoLockMinutes} min without activity${s.autoLockSource === 'district' ? ' (set by your district)' : ''}`}
            >
              {s.breakGlass ? 'End emergency access' : 'Lock'}
            </button>
          </div>
        </header>
        <nav className="sidenav" aria-label="Screens">
          <ul>
            {NAV.map((n) => (
              <li key={n.key}>
                <a
                  href={
                    n.key === 'visits'
                      ? href(['visits', 'new'], { student: studentInView(route) })
                      : href([n.key])
                  }
                  aria-current={section === n.key ? 'page' : undefined}
                  aria-keyshortcuts={n.shortcut}
                >
                  <span>{n.label}</span>
                  {n.key === 'sync' && sync.data && sync.data.conflicts + sync.data.rejections > 0 ? (
                    <span className="badge warn">
                      {sync.data.conflicts + sync.data.rejections}
                      <span className="visually-hidden"> to review</span>
                    </span>
                  ) : null}
                </a>
              </li>
            ))}
          </ul>
          <p className="keys">
            Press <kbd>?</kbd> for keyboard shortcuts.
          </p>
        </nav>
        <main id="main" tabIndex={-1}>
          {s.breakGlass ? (
            <div className="notice error" role="alert">
              <strong>Emergency access</strong> (read-only, recorded) until {formatTime(s.breakGlass.until)}.
              Reason: {s.breakGlass.reason}
            </div>
          ) : null}
          <ReadOnlyContext.Provider value={s.breakGlass !== undefined}>
            <Screen route={route} onSynced={sync.reload} />
          </ReadOnlyContext.Provider>
        </main>
      </div>
      <StatusBar sync={sync.data} error={sync.error} onSync={sync.reload} appOnline={s.online} />
      {help ? <ShortcutsDialog onClose={() => setHelp(false)} /> : null}
      {pinDialog ? (
        <PinDialog status={s} onStatus={props.onStatus} onClose={() => setPinDialog(false)} />
      ) : null}
    </>
  );
}

function Screen(props: { route: Route; onSynced: () => void }) {
  const [a, b, c] = props.route.parts;
  const q = props.route.query;
  switch (a) {
    case undefined:
    case 'today':
      return <Today />;
    case 'students':
      return b ? <StudentChart key={b} studentId={b} /> : <StudentsPage />;
    case 'visits':
      if (b === 'new' || b === undefined)
        return <NewVisit key={q.get('student') ?? 'none'} studentId={q.get('student') ?? undefined} />;
      if (c === 'symptoms')
        return <SymptomsForm key={b} visitId={b} studentId={q.get('student') ?? undefined} />;
      if (c === 'note') return <ExcuseNote key={b} visitId={b} studentId={q.get('student') ?? undefined} />;
      return (
        <VisitSaved
          key={b}
          visitId={b}
          studentId={q.get('student') ?? undefined}
          saved={q.get('saved') === '1'}
        />
      );
    case 'mar':
      return b === 'stock' ? <StockPage /> : <Mar />;
    case 'immunizations':
      if (b === 'compliance') return <SchoolCompliance />;
      return <Immunizations key={q.get('student') ?? 'none'} studentId={q.get('student') ?? undefined} />;
    case 'sync':
      return <SyncPage onChanged={props.onSynced} />;
    case 'alerts':
      return b ? <AlertPage key={b} alertId={b} /> : <AlertsPage />;
    default:
      return (
        <div className="notice">
          <h1>Not found</h1>
          <p>
            There is no screen here. <a href={href(['today'])}>Go to Today</a>.
          </p>
        </div>
      );
  }
}
