import type { Compilable } from 'kysely';
import type { SyncStatus } from '../../../src-shared/ipc/contract';
import type { LocalStore } from '../../store/open';
import { createSyncClient, PULL_PAGE_DEFAULT, type SyncProgress } from '../../sync/client';
import { SyncAbortedError, SyncAuthError, SyncError, SyncTransientError } from '../../sync/errors';
import type { RetryPolicy } from '../../sync/retry';
import { createFetchTransport, SYNC_ANSWER_TIMEOUT_MS } from '../../sync/transport';
import { getSetting, setSetting } from '../local-db';
import { auditWaiting, uploadAuditTrail } from './audit-upload';
import { first, query } from '../../store/read';
import { openConflictsCount } from './review';

/** local_settings key of the last successful sync (kept across restarts). */
export const LAST_SYNC_SETTING = 'sync.lastSuccessAt';

/**
 * The workstation's sync loop around the sync client (src-main/sync): one run at a time, progress and the last
 * outcome kept for sync.status, a run every `intervalMs` while a nurse is signed in, and `now()` for the button.
 * After each successful run it sends the local audit trail to the district server (./audit-upload.ts); that upload
 * never fails the run: what it could not send waits for the next one.
 */

export interface TokenSource {
  /** The device-bound access token of the signed-in nurse; throws SyncAuthError when there is none. */
  accessToken(): Promise<string>;
  refresh(): Promise<void>;
}

export interface SyncServiceOptions {
  readonly store: LocalStore;
  readonly serverUrl: string;
  readonly tokens: TokenSource;
  readonly now: () => number;
  readonly fetch?: typeof fetch;
  readonly retry?: Partial<RetryPolicy>;
  /** The server's silence after which a request counts as unanswered (default SYNC_ANSWER_TIMEOUT_MS). */
  readonly answerTimeoutMs?: number;
  /** After a run that applied pulled rows (caches drop). */
  readonly onPulled?: () => void;
  readonly onOnline?: (online: boolean) => void;
  /** Every progress report of a run (sync.status shows the latest while it runs). */
  readonly onProgress?: (p: SyncProgress) => void;
  /** Changes per pulled page (default: the protocol's maximum; tests make it small). */
  readonly pullLimit?: number;
  readonly log?: (line: string) => void;
}

export interface SyncService {
  status(): SyncStatus;
  /** Runs one sync (or joins the running one); never throws: the outcome is in the status. */
  run(): Promise<SyncStatus>;
  /** Background sync every intervalMs (0: off). */
  schedule(intervalMs: number): void;
  /** No more background runs, and the requests in flight are aborted (sign-out, close). */
  stop(): void;
  /** Resolves when no run is in flight (call before closing the store). */
  idle(): Promise<void>;
  setOnline(online: boolean): void;
}

export function createSyncService(o: SyncServiceOptions): SyncService {
  let running: Promise<SyncStatus> | null = null;
  let progress: SyncProgress | null = null;
  // the last SUCCESSFUL sync, kept in the database so a restart (or a failed attempt) does not lose it
  let lastSyncAt: string | null = getSetting(o.store.sqlite, LAST_SYNC_SETTING) ?? null;
  let lastError: string | null = null;
  let online = false;
  let timer: ReturnType<typeof setInterval> | null = null;
  let aborter = new AbortController();

  const transport = createFetchTransport({
    baseUrl: o.serverUrl,
    schemaVersion: o.store.schemaVersion,
    getAccessToken: () => o.tokens.accessToken(),
    refreshAccessToken: () => o.tokens.refresh(),
    ...(o.fetch ? { fetch: o.fetch } : {}),
    answerTimeoutMs: o.answerTimeoutMs ?? SYNC_ANSWER_TIMEOUT_MS,
    signal: () => aborter.signal,
  });
  const client = createSyncClient({
    store: o.store,
    transport,
    onProgress: (p) => {
      progress = p;
      o.onProgress?.(p);
    },
    // Each page is applied in its own transaction, so progress (reported per transaction) advances page by page
    // during a first sync, not once per 20,000 rows.
    ...(o.pullLimit !== undefined ? { pullLimit: o.pullLimit } : {}),
    pullCommitRows: o.pullLimit ?? PULL_PAGE_DEFAULT,
    retry: { maxAttempts: 3, baseDelayMs: 300, maxDelayMs: 3_000, ...o.retry },
    // the server did not answer (no connection, or silence): offline now, not after the last retry
    onRetry: (_phase, _n, _ms, e) => {
      if (e instanceof SyncTransientError && e.status === null) setOnline(false);
    },
  });

  const setOnline = (v: boolean) => {
    if (v !== online) {
      online = v;
      o.onOnline?.(v);
    }
  };

  const count = (q: Compilable<{ n: number }>): number => first(o.store.sqlite, q)?.n ?? 0;
  const openRejections = query
    .selectFrom('sync_rejections')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('acknowledged_at', 'is', null);
  const status = (): SyncStatus => ({
    online,
    waiting: o.store.sync.countUnacked(),
    ...(lastSyncAt ? { lastSyncAt } : {}),
    running: running !== null,
    ...(running !== null && progress ? { progress: { ...progress } } : {}),
    conflicts: count(openConflictsCount),
    rejections: count(openRejections),
    auditWaiting: auditWaiting(o.store.sqlite),
    ...(lastError ? { lastError } : {}),
  });

  const run = (): Promise<SyncStatus> => {
    running ??= (async () => {
      progress = null;
      try {
        const report = await client.syncOnce();
        lastSyncAt = new Date(o.now()).toISOString();
        setSetting(o.store.sqlite, LAST_SYNC_SETTING, lastSyncAt);
        lastError = null;
        setOnline(true);
        if (report.pull.applied > 0 || report.pull.removed > 0 || report.push.conflicts > 0) o.onPulled?.();
        await uploadAuditTrail({
          sqlite: o.store.sqlite,
          send: (req) => transport.uploadAudit(req),
          ...(o.log ? { log: o.log } : {}),
        });
      } catch (e) {
        // stopped on purpose (sign-out, close): neither offline nor an error to show
        if (!(e instanceof SyncAbortedError)) {
          const message = e instanceof Error ? e.message : String(e);
          lastError =
            e instanceof SyncTransientError
              ? `offline: ${message}`
              : e instanceof SyncAuthError
                ? `sign in again to sync: ${message}`
                : message;
          if (e instanceof SyncTransientError) setOnline(false);
          else if (e instanceof SyncError) setOnline(true);
          o.log?.(`sync failed: ${lastError}`);
        }
        // a page may have been applied before the failure
        o.onPulled?.();
      } finally {
        running = null;
      }
      return status();
    })();
    return running;
  };

  return {
    status,
    run,
    schedule: (intervalMs) => {
      if (timer) clearInterval(timer);
      timer = null;
      if (intervalMs > 0) {
        timer = setInterval(() => void run(), intervalMs);
        timer.unref?.();
      }
    },
    stop: () => {
      if (timer) clearInterval(timer);
      timer = null;
      aborter.abort(new Error('sync stopped'));
      aborter = new AbortController();
    },
    idle: async () => {
      while (running) await running.catch(() => undefined);
    },
    setOnline,
  };
}
