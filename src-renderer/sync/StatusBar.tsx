import { useEffect, useRef, useState } from 'react';
import type { SyncStatus } from '../../src-shared/ipc/contract';
import type { IpcError } from '../../src-shared/ipc/errors';
import { call } from '../bridge';
import { ago, plural } from '../lib/format';
import { useNow } from '../lib/hooks';
import { href } from '../lib/router';

/** What a screen-reader user hears when the sync state changes (not every second's poll). */
function transition(prev: SyncStatus | undefined, next: SyncStatus): string | undefined {
  if (!prev) return undefined;
  if (prev.online && !next.online) return 'Offline: changes are kept on this workstation and sent later.';
  if (!prev.online && next.online) return 'Back online.';
  if (prev.running && !next.running) {
    if (next.lastError && next.online) return `Sync stopped: ${next.lastError}`;
    return next.waiting === 0 ? 'Sync finished: everything is sent.' : undefined;
  }
  if (next.conflicts > prev.conflicts) return `${plural(next.conflicts, 'conflict')} to review.`;
  if (next.rejections > prev.rejections)
    return `${plural(next.rejections, 'change')} refused by the district.`;
  return undefined;
}

/** The sync bar at the bottom of every screen: online state, waiting changes, last sync, progress, reviews. */
export function StatusBar(props: {
  sync: SyncStatus | undefined;
  error: IpcError | undefined;
  appOnline: boolean;
  onSync: () => void;
}) {
  const now = useNow(15_000);
  const s = props.sync;
  const prev = useRef<SyncStatus | undefined>(undefined);
  const [said, setSaid] = useState('');
  const [starting, setStarting] = useState(false);
  useEffect(() => {
    if (!s) return;
    const t = transition(prev.current, s);
    if (t) setSaid(t);
    prev.current = s;
  }, [s]);

  async function syncNow() {
    setStarting(true);
    try {
      await call('sync.now', {});
    } catch {
      // the bar shows lastError from the next poll
    } finally {
      setStarting(false);
      props.onSync();
    }
  }

  const online = s?.online ?? props.appOnline;
  const progress = s?.running ? s.progress : undefined;
  return (
    <footer className="statusbar" aria-label="Sync status">
      <span className={online ? 'online' : 'offline'}>
        <span className="dot" aria-hidden="true" />
        {online ? 'Online' : 'Offline'}
      </span>
      <span className="sep" aria-hidden="true">
        |
      </span>
      {props.error && !s ? (
        <span>Sync status unavailable: {props.error.message}</span>
      ) : s ? (
        <>
          <span>{s.waiting === 0 ? 'All changes sent' : `${plural(s.waiting, 'change')} waiting`}</span>
          <span className="sep" aria-hidden="true">
            |
          </span>
          <span>Last sync {ago(s.lastSyncAt, now)}</span>
          {s.running ? (
            <span>
              <label htmlFor="sync-progress" className="visually-hidden">
                Sync progress
              </label>
              <progress
                id="sync-progress"
                value={progress && progress.total > 0 ? progress.done : undefined}
                max={progress && progress.total > 0 ? progress.total : undefined}
              />{' '}
              {progress
                ? `${progress.phase === 'push' ? 'Sending' : 'Receiving'} ${progress.total > 0 ? `${progress.done}/${progress.total}` : ''}`
                : 'Syncing…'}
            </span>
          ) : null}
          {!s.running && !online ? (
            <span>Changes stay on this workstation until the district is back</span>
          ) : null}
          {!s.running && online && s.lastError ? (
            <span className="attention">Sync problem: {s.lastError}</span>
          ) : null}
        </>
      ) : (
        <span>…</span>
      )}
      <span className="bar-end">
        {s && s.conflicts > 0 ? (
          <a href={href(['sync'])} className="attention">
            {plural(s.conflicts, 'conflict')} to review
          </a>
        ) : null}
        {s && s.rejections > 0 ? (
          <a href={href(['sync'])} className="attention">
            {plural(s.rejections, 'rejected change')}
          </a>
        ) : null}
        <button
          type="button"
          className="small"
          onClick={() => void syncNow()}
          disabled={starting || s?.running}
        >
          Sync now
        </button>
      </span>
      <span className="visually-hidden" role="status">
        {said}
      </span>
    </footer>
  );
}
