import type { IpcAccess } from '../../../src-shared/ipc/contract';
import { IpcError } from '../../../src-shared/ipc/errors';
import { SyncAuthError, SyncTransientError } from '../../sync/errors';
import type { Actor } from '../context';
import type { DatabaseKey } from '../keys/database-key';
import type { LocalAuditEntry } from '../local-db';
import { RemoteError, type DistrictRemote, type RemoteTokens } from '../remote';
import {
  effectiveAutoLock,
  storeDistrictAutoLock,
  storedDistrictAutoLock,
  type AutoLock,
  type AutoLockOverride,
} from './auto-lock';
import { findCachedUser, storeRefreshToken, type CachedUser } from './credentials';

/**
 * The nurse's session: who is signed in, whether it is locked, emergency (break-the-glass) access, the tokens the
 * sync uses, and the inactivity lock (./auto-lock.ts: the launch override, else the district's policy received at
 * sign-in and token refresh, else 10 minutes). Sign-in (./sign-in.ts) and unlock (./unlock.ts) start and reopen it.
 */

export const DEFAULT_BREAK_GLASS_MINUTES = 15;

export interface SessionState {
  user: CachedUser;
  locked: boolean;
  lastActivity: number;
  failedUnlocks: number;
  access: { token: string; expiresAt: number } | null;
  refreshToken: string | null;
}

export interface BreakGlass {
  readonly reason: string;
  readonly until: number;
  readonly lockedUserId: string | null;
}

export interface SessionOptions extends AutoLockOverride {
  readonly now: () => number;
  readonly log: (line: string) => void;
  readonly keys: DatabaseKey;
  readonly remote: (serverUrl: string) => DistrictRemote;
  readonly audit: (e: Omit<LocalAuditEntry, 'at'>) => void;
  readonly breakGlassMinutes?: number;
  /** Background sync period while signed in (0: only on demand). */
  readonly syncIntervalMs: number;
  /** After the session started, locked, reopened or ended (what runs only while signed in follows it). */
  readonly onChange?: () => void;
}

export interface Session {
  readonly current: () => SessionState | null;
  readonly breakGlass: () => BreakGlass | null;
  readonly autoLock: () => AutoLock;
  /** Ends emergency access and locks an inactive session when their time is up. */
  readonly tick: () => void;
  /** The signed-in nurse, or the emergency reader. */
  readonly actor: () => Actor;
  /** Throws unless a call with this access rule may run now. */
  readonly authorize: (access: IpcAccess) => void;
  /** A call that is the nurse's activity (not polling). */
  readonly touch: () => void;
  readonly start: (user: CachedUser, t: RemoteTokens | null) => void;
  /** After unlock: open again, failures forgotten, emergency access ended. */
  readonly reopen: () => void;
  readonly lock: (reason: string) => void;
  readonly end: () => void;
  readonly openBreakGlass: (reason: string) => void;
  /** The district's stored policy, when the records open. */
  readonly loadPolicy: (sqlite: Parameters<typeof storedDistrictAutoLock>[0]) => void;
  readonly tokens: { readonly accessToken: () => Promise<string>; readonly refresh: () => Promise<void> };
}

export function createSession(o: SessionOptions): Session {
  let session: SessionState | null = null;
  let breakGlass: BreakGlass | null = null;
  /** The district's inactivity lock as last received (stored in local_settings; read when the records open). */
  let districtAutoLockMinutes: number | null = null;
  const breakGlassMs = Math.max(1, o.breakGlassMinutes ?? DEFAULT_BREAK_GLASS_MINUTES) * 60_000;
  const autoLock = () => effectiveAutoLock(o, districtAutoLockMinutes);
  const nowIso = () => new Date(o.now()).toISOString();

  /** The district's policy from a sign-in or refresh: stored for offline sign-ins, applied to the session now. */
  const applyPolicy = (t: RemoteTokens): void => {
    const minutes = t.workstationPolicy?.autoLockMinutes;
    const opened = o.keys.opened();
    if (minutes === undefined || !opened) return; // an older server: keep what is stored
    if (minutes !== districtAutoLockMinutes) o.log(`the district's inactivity lock: ${minutes} min`);
    storeDistrictAutoLock(opened.store.sqlite, minutes);
    districtAutoLockMinutes = minutes;
  };

  const tokens = {
    accessToken: async (): Promise<string> => {
      if (!session) throw new SyncAuthError('no nurse is signed in on this workstation', 401);
      if (session.access && session.access.expiresAt > o.now() + 30_000) return session.access.token;
      await tokens.refresh();
      return session.access!.token;
    },
    // One refresh at a time: the sync and the alert stream may both find the token expiring, and the server rotates
    // the refresh token (a second use of the old one would end the session).
    refresh: (): Promise<void> =>
      (refreshing ??= refreshOnce().finally(() => {
        refreshing = null;
      })),
  };
  let refreshing: Promise<void> | null = null;

  async function refreshOnce(): Promise<void> {
    const s = session;
    const kf = o.keys.keyFile();
    const opened = o.keys.opened();
    if (!s || !kf || !opened) throw new SyncAuthError('no nurse is signed in on this workstation', 401);
    const rt =
      s.refreshToken ?? findCachedUser(opened.store.sqlite, { userId: s.user.userId })?.refreshToken ?? null;
    if (!rt) throw new SyncAuthError('sign in while the district server is reachable to sync', 401);
    try {
      const t = await o.remote(kf.serverUrl).refresh(rt);
      s.access = { token: t.accessToken, expiresAt: o.now() + t.expiresIn * 1000 };
      s.refreshToken = t.refreshToken;
      storeRefreshToken(opened.store.sqlite, s.user.userId, t, nowIso());
      applyPolicy(t);
    } catch (e) {
      if (e instanceof RemoteError && e.kind === 'refused') {
        s.refreshToken = null;
        throw new SyncAuthError(`the district server ended this session (${e.message}): sign in again`, 401);
      }
      if (e instanceof RemoteError) throw new SyncTransientError(e.message, e.status);
      throw e;
    }
  }

  const tick = (): void => {
    const t = o.now();
    if (breakGlass && t >= breakGlass.until) {
      o.audit({
        userId: null,
        action: 'LOCK',
        breakGlass: true,
        details: { reason: 'emergency access ended' },
      });
      breakGlass = null;
    }
    if (session && !session.locked && t - session.lastActivity >= autoLock().ms) {
      session.locked = true;
      o.audit({ userId: session.user.userId, action: 'LOCK', details: { reason: 'inactivity' } });
      o.onChange?.();
    }
  };

  return {
    current: () => session,
    breakGlass: () => breakGlass,
    autoLock,
    tick,
    tokens,
    loadPolicy: (sqlite) => {
      districtAutoLockMinutes = storedDistrictAutoLock(sqlite);
    },
    actor: () =>
      session && !session.locked
        ? {
            userId: session.user.userId,
            name: `${session.user.firstName} ${session.user.lastName}`.trim(),
            role: session.user.role,
            breakGlass: false,
          }
        : { userId: null, name: 'Emergency access', role: null, breakGlass: true },

    authorize(access) {
      if (access === 'public') return;
      o.keys.requireEnrolled();
      tick();
      if (session && !session.locked) return;
      if (breakGlass && access === 'emergencyRead') return;
      if (breakGlass)
        throw new IpcError(
          'FORBIDDEN',
          'emergency access is read-only: sign in with your own account to record care',
        );
      if (session?.locked)
        throw new IpcError('LOCKED', 'the workstation is locked: unlock with your password or PIN');
      throw new IpcError('NOT_SIGNED_IN', 'sign in first');
    },
    touch() {
      if (session && !session.locked) session.lastActivity = o.now();
    },

    start(user, t) {
      if (t) applyPolicy(t);
      session = {
        user,
        locked: false,
        lastActivity: o.now(),
        failedUnlocks: 0,
        access: t ? { token: t.accessToken, expiresAt: o.now() + t.expiresIn * 1000 } : null,
        refreshToken: t?.refreshToken ?? user.refreshToken,
      };
      breakGlass = null;
      const opened = o.keys.opened();
      if (opened) {
        opened.sync.schedule(o.syncIntervalMs);
        if (t) opened.sync.setOnline(true);
      }
      o.onChange?.();
    },
    reopen() {
      if (!session) return;
      session.locked = false;
      session.failedUnlocks = 0;
      session.lastActivity = o.now();
      breakGlass = null;
      o.onChange?.();
    },
    lock(reason) {
      tick();
      if (session && !session.locked) {
        session.locked = true;
        o.audit({ userId: session.user.userId, action: 'LOCK', details: { reason } });
      }
      if (breakGlass) {
        o.audit({ userId: null, action: 'LOCK', breakGlass: true, details: { reason } });
        breakGlass = null;
      }
      o.onChange?.();
    },
    end() {
      session = null;
      breakGlass = null;
      o.onChange?.();
    },
    openBreakGlass(reason) {
      breakGlass = { reason, until: o.now() + breakGlassMs, lockedUserId: session?.user.userId ?? null };
      o.audit({
        userId: null,
        action: 'BREAK_GLASS',
        breakGlass: true,
        details: { reason, locked_user_id: breakGlass.lockedUserId, minutes: breakGlassMs / 60_000 },
      });
    },
  };
}
