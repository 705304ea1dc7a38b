import type { AppStatus } from '../../../src-shared/ipc/contract';
import type { DatabaseKey } from '../keys/database-key';
import type { Connection } from '../open-database';
import { query } from '../context';
import { districtRemote } from '../remote';
import { hasPin } from '../session/pin';
import type { Session } from '../session/session';

/**
 * app.status, and the start-up probe behind its `connection`: before a nurse signs in nothing talks to the server,
 * so the sign-in screen would not know whether it may sign in online: a cheap GET /health with a short timeout, at
 * start and again every PROBE_EVERY_MS while signed out (once the records are open, the sync knows better).
 */

const PROBE_TIMEOUT_MS = 2_000;
const PROBE_EVERY_MS = 15_000;

export interface AppStatusDeps {
  readonly mode: 'electron' | 'browser';
  readonly defaultServerUrl?: string;
  readonly fetch?: typeof fetch;
  readonly remoteTimeoutMs?: number;
  readonly keys: DatabaseKey;
  readonly session: Session;
  readonly connection: Connection;
}

export interface AppStatusSource {
  status(): AppStatus;
  /** Resolves when no probe is in flight (before closing). */
  idle(): Promise<void>;
}

export function appStatus(d: AppStatusDeps): AppStatusSource {
  let probing: Promise<void> | null = null;
  let lastProbeAt = 0;

  const probe = (): void => {
    const url = d.keys.keyFile()?.serverUrl;
    if (!url || probing || d.keys.opened()) return;
    lastProbeAt = Date.now();
    const remote = districtRemote(url, {
      ...(d.fetch ? { fetch: d.fetch } : {}),
      timeoutMs: Math.min(PROBE_TIMEOUT_MS, d.remoteTimeoutMs ?? PROBE_TIMEOUT_MS),
    });
    probing = remote
      .reachable()
      .then((r) => {
        if (d.keys.opened()) return; // the session's own calls know better
        d.connection.online = r;
        d.connection.known = true;
      })
      .finally(() => {
        probing = null;
      });
  };
  probe();

  const schoolName = (): string | undefined => {
    const o = d.keys.opened();
    if (o) {
      const r = o.ctx.first(query.selectFrom('schools').select('name').where('id', '=', o.ctx.schoolId));
      if (r) return r.name;
    }
    return d.keys.keyFile()?.schoolName;
  };

  const connection = (): AppStatus['connection'] => {
    const o = d.keys.opened();
    if (o) return o.sync.status().online ? 'online' : 'offline';
    if (!d.connection.known) return 'unknown';
    return d.connection.online ? 'online' : 'offline';
  };

  const status = (): AppStatus => {
    d.session.tick();
    const opened = d.keys.opened();
    if (!opened && Date.now() - lastProbeAt >= PROBE_EVERY_MS) probe();
    const kf = d.keys.keyFile();
    const session = d.session.current();
    const breakGlass = d.session.breakGlass();
    const name = schoolName();
    const lock = d.session.autoLock();
    const serverUrl = kf?.serverUrl ?? d.defaultServerUrl;
    return {
      enrolled: kf !== null,
      locked: session?.locked ?? false,
      signedIn: session !== null,
      ...(session
        ? {
            user: {
              id: session.user.userId,
              name: `${session.user.firstName} ${session.user.lastName}`.trim(),
              role: session.user.role,
            },
          }
        : {}),
      ...(name ? { schoolName: name } : {}),
      ...(opened?.ctx.schoolTimeZone() ? { schoolTimeZone: opened.ctx.schoolTimeZone() } : {}),
      online: opened ? opened.sync.status().online : d.connection.online,
      connection: connection(),
      mode: d.mode,
      autoLockMinutes: Math.max(1, Math.round(lock.ms / 60_000)),
      autoLockSeconds: Math.round(lock.ms / 1000),
      autoLockSource: lock.source,
      ...(session && opened ? { pinSet: hasPin(opened.store.sqlite, session.user.userId) } : {}),
      keyProtection: kf?.protection.kind ?? d.keys.newProtection,
      ...(breakGlass
        ? { breakGlass: { reason: breakGlass.reason, until: new Date(breakGlass.until).toISOString() } }
        : {}),
      ...(serverUrl ? { serverUrl } : {}),
    };
  };

  return { status, idle: async () => probing ?? undefined };
}
