import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import {
  ipcContract,
  isIpcMethod,
  type AppStatus,
  type BridgeEnvelope,
  type IpcArgs,
  type IpcMethod,
  type IpcParsedArgs,
  type IpcResult,
} from '../../src-shared/ipc/contract';
import { IpcError, ipcErrorFromZod } from '../../src-shared/ipc/errors';
import { openLocalStore, type LocalStore } from '../store/open';
import type { SyncProgress } from '../sync/client';
import type { RetryPolicy } from '../sync/retry';
import { createWorkstationContext, type Actor, type WorkstationContext } from './context';
import { visitReasons, medications } from './catalog/read';
import { recordImmunization } from './immunizations/write';
import { DB_FILE_NAME, readKeyFile, slotAad, withSlot, writeKeyFile, type KeyFile } from './keys/key-file';
import { passphraseProtector } from './keys/passphrase';
import {
  KeyUnwrapError,
  type KeyProtection,
  type PassphraseProtector,
  type SafeStorageProtector,
} from './keys/protector';
import {
  appendLocalAudit,
  ensureLocalSchema,
  getSetting,
  setSetting,
  type LocalAuditEntry,
} from './local-db';
import { marToday } from './mar/read';
import { recordDose } from './mar/write';
import { districtRemote, REMOTE_TIMEOUT_MS, RemoteError, type DistrictRemote, type RemoteTokens } from './remote';
import {
  cacheCredentials,
  findCachedUser,
  forgetCredentials,
  storeRefreshToken,
  verifyCached,
  type CachedUser,
} from './session/credentials';
import { effectiveAutoLock, storeDistrictAutoLock, storedDistrictAutoLock } from './session/auto-lock';
import { clearPin, hasPin, MAX_WRONG_PINS, setPin, verifyPin } from './session/pin';
import { studentsReader, type StudentsReader } from './students/read';
import { recordSymptoms } from './symptoms/write';
import { createSyncService, type SyncService } from './sync/service';
import { bookkeepingConflicts, markResolved, openConflicts, rejections, resolutionFor } from './sync/review';
import { SyncAuthError, SyncTransientError } from '../sync/errors';
import { today } from './today/read';
import { excuseNote } from './clinic-visits/excuse-note';
import { checkVisitAllergies } from './clinic-visits/read';
import { createVisit } from './clinic-visits/write';

/**
 * The workstation core: everything behind the IPC contract (src-shared/ipc/contract.ts). Electron's main process
 * and the loopback bridge of browser mode both call `invoke(method, args)`, which validates the arguments with the
 * contract's zod schema, checks the session (enrolled, signed in, not locked, or emergency access for reads), runs
 * the feature module, and validates the result before it leaves.
 *
 * Session rules: sign-in goes to the district server when it answers, else against the nurse's cached argon2id
 * verifier. The session locks after the inactivity lock (session/auto-lock.ts: the launch override, else the district's
 * policy received at sign-in and token refresh, else 10 minutes) without activity (the renderer reports input with
 * app.activity; polling methods do not count) and on app.lock / the OS lock; app.unlock needs the password or the nurse's PIN (session/pin.ts). Break
 * the glass (reason required) opens read-only emergency access for `breakGlassMinutes`, audited.
 */

export { DEFAULT_AUTO_LOCK_MINUTES } from './session/auto-lock';
export const DEFAULT_BREAK_GLASS_MINUTES = 15;
export const MAX_FAILED_UNLOCKS = 5;
/** The start-up reachability probe of the district server (GET /health). */
const PROBE_TIMEOUT_MS = 2_000;
const PROBE_EVERY_MS = 15_000;
const CLINICAL_ROLES = new Set(['NURSE', 'SCHOOL_ADMIN', 'DISTRICT_ADMIN']);

export interface WorkstationCoreOptions {
  readonly dataDir: string;
  readonly mode: 'electron' | 'browser';
  /** Electron's safeStorage, when running in Electron. */
  readonly safeStorage?: SafeStorageProtector;
  /** Passphrase slots (default: argon2id with the OWASP baseline). */
  readonly passphrase?: PassphraseProtector;
  /** How a new enrollment protects the key: safeStorage when available, else passphrase. */
  readonly keyProtection?: KeyProtection;
  /** Prefills enrollment (`--server`). */
  readonly defaultServerUrl?: string;
  /** Wall clock, epoch ms (tests inject one). */
  readonly now?: () => number;
  /**
   * Inactivity before the session locks, set on this workstation (an IT override, and tests): wins over the
   * district's policy; without it the district's policy applies, else 10 minutes.
   */
  readonly autoLockMinutes?: number;
  /** The same in seconds (wins over autoLockMinutes when both are given). */
  readonly autoLockSeconds?: number;
  readonly breakGlassMinutes?: number;
  /** Background sync period while signed in (default 60 s; 0: only on demand). */
  readonly syncIntervalMs?: number;
  /** Checks the inactivity lock on a timer too (default true; tests drive it through calls). */
  readonly lockTimer?: boolean;
  readonly fetch?: typeof fetch;
  readonly remoteTimeoutMs?: number;
  readonly syncRetry?: Partial<RetryPolicy>;
  /** Changes per pulled page (default: the protocol's maximum; tests make it small). */
  readonly syncPullLimit?: number;
  /** Every sync progress report (tests watch it; sync.status shows the latest). */
  readonly onSyncProgress?: (p: SyncProgress) => void;
  readonly deviceName?: string;
  readonly platform?: NodeJS.Platform;
  readonly log?: (line: string) => void;
}

export interface WorkstationCore {
  /** Validates, authorizes, runs and validates one contract call. Never throws. */
  invoke(method: string, args: unknown): Promise<BridgeEnvelope<unknown>>;
  /** Typed call (tests, bench): the result, or throws IpcError. */
  call<M extends IpcMethod>(method: M, args: IpcArgs<M>): Promise<IpcResult<M>>;
  /** The OS locked the screen / suspended: lock the session now. */
  lockNow(reason: string): void;
  close(): Promise<void>;
  readonly internals: {
    readonly dataDir: string;
    context(): WorkstationContext | null;
    sync(): SyncService | null;
    keyFile(): KeyFile | null;
  };
}

interface Opened {
  readonly store: LocalStore;
  readonly ctx: WorkstationContext;
  readonly students: StudentsReader;
  readonly sync: SyncService;
}

interface Session {
  user: CachedUser;
  locked: boolean;
  lastActivity: number;
  failedUnlocks: number;
  access: { token: string; expiresAt: number } | null;
  refreshToken: string | null;
}

interface BreakGlass {
  reason: string;
  until: number;
  lockedUserId: string | null;
}

/** Methods the UI polls: they do not count as activity. */
const POLLING = new Set<IpcMethod>([
  'app.status',
  'sync.status',
  'today.get',
  'mar.today',
  'sync.conflicts',
  'sync.rejections',
]);
/** Callable with no session. */
const PUBLIC = new Set<IpcMethod>([
  'app.status',
  'app.enroll',
  'app.signIn',
  'app.unlock',
  'app.lock',
  'app.signOut',
  'app.activity',
  'app.breakGlass',
  'sync.status',
]);
/** Allowed under emergency access. */
const EMERGENCY_READS = new Set<IpcMethod>([
  'today.get',
  'students.search',
  'students.chart',
  'catalog.visitReasons',
  'catalog.medications',
  'clinicVisits.checkAllergies',
  'mar.today',
]);

type Handlers = { [M in IpcMethod]: (args: IpcParsedArgs<M>) => Promise<IpcResult<M>> | IpcResult<M> };

const platformName = (p: NodeJS.Platform): 'WINDOWS' | 'MACOS' | 'LINUX' =>
  p === 'win32' ? 'WINDOWS' : p === 'darwin' ? 'MACOS' : 'LINUX';

export async function createWorkstationCore(options: WorkstationCoreOptions): Promise<WorkstationCore> {
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);
  /** The district's inactivity lock as last received (stored in local_settings; read when the database opens). */
  let districtAutoLockMinutes: number | null = null;
  const autoLock = () => effectiveAutoLock(options, districtAutoLockMinutes);
  const breakGlassMs = Math.max(1, options.breakGlassMinutes ?? DEFAULT_BREAK_GLASS_MINUTES) * 60_000;
  const syncIntervalMs = options.syncIntervalMs ?? 60_000;
  const safeStorage = options.safeStorage ?? null;
  const passphrase = options.passphrase ?? passphraseProtector();
  const newProtection: KeyProtection = options.keyProtection ?? (safeStorage ? 'safeStorage' : 'passphrase');
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const dbFile = join(options.dataDir, DB_FILE_NAME);

  let keyFile: KeyFile | null = readKeyFile(options.dataDir);
  let opened: Opened | null = null;
  let session: Session | null = null;
  let breakGlass: BreakGlass | null = null;
  let online = false;
  /** whether the district server was heard from (or found unreachable) since start: else the status says unknown */
  let onlineKnown = false;
  let probing: Promise<void> | null = null;
  let lastProbeAt = 0;
  let heldKey: Buffer | null = null; // passphrase mode: the unwrapped key while the database is open (for new slots)
  let remoteCache: { url: string; remote: DistrictRemote } | null = null;

  const remoteFor = (url: string): DistrictRemote => {
    if (remoteCache?.url !== url)
      remoteCache = {
        url,
        remote: districtRemote(url, {
          ...(options.fetch ? { fetch: options.fetch } : {}),
          timeoutMs: options.remoteTimeoutMs ?? REMOTE_TIMEOUT_MS,
        }),
      };
    return remoteCache.remote;
  };
  const nowIso = () => new Date(now()).toISOString();

  const audit = (e: Omit<LocalAuditEntry, 'at'>) => {
    if (opened) appendLocalAudit(opened.store.sqlite, { at: nowIso(), ...e });
  };

  /** The district's policy from a sign-in or refresh: stored for offline sign-ins, applied to the session now. */
  const applyPolicy = (t: RemoteTokens): void => {
    const minutes = t.workstationPolicy?.autoLockMinutes;
    if (minutes === undefined || !opened) return; // an older server: keep what is stored
    if (minutes !== districtAutoLockMinutes) log(`the district's inactivity lock: ${minutes} min`);
    storeDistrictAutoLock(opened.store.sqlite, minutes);
    districtAutoLockMinutes = minutes;
  };

  // ---------------------------------------------------------------------------------------------------------
  // the database

  const tokens = {
    accessToken: async (): Promise<string> => {
      if (!session) throw new SyncAuthError('no nurse is signed in on this workstation', 401);
      if (session.access && session.access.expiresAt > now() + 30_000) return session.access.token;
      await tokens.refresh();
      return session.access!.token;
    },
    refresh: async (): Promise<void> => {
      const s = session;
      if (!s || !keyFile || !opened)
        throw new SyncAuthError('no nurse is signed in on this workstation', 401);
      const rt =
        s.refreshToken ??
        findCachedUser(opened.store.sqlite, { userId: s.user.userId })?.refreshToken ??
        null;
      if (!rt) throw new SyncAuthError('sign in while the district server is reachable to sync', 401);
      try {
        const t = await remoteFor(keyFile.serverUrl).refresh(rt);
        s.access = { token: t.accessToken, expiresAt: now() + t.expiresIn * 1000 };
        s.refreshToken = t.refreshToken;
        storeRefreshToken(opened.store.sqlite, s.user.userId, t, nowIso());
        applyPolicy(t);
      } catch (e) {
        if (e instanceof RemoteError && e.kind === 'refused') {
          s.refreshToken = null;
          throw new SyncAuthError(
            `the district server ended this session (${e.message}): sign in again`,
            401,
          );
        }
        if (e instanceof RemoteError) throw new SyncTransientError(e.message, e.status);
        throw e;
      }
    },
  };

  async function openDatabase(key: Uint8Array, kf: KeyFile): Promise<Opened> {
    const store = await openLocalStore({ file: dbFile, key, deviceId: kf.deviceId, now });
    try {
      ensureLocalSchema(store.sqlite);
      districtAutoLockMinutes = storedDistrictAutoLock(store.sqlite);
      const ctx = createWorkstationContext({ store, schoolId: kf.schoolId, now });
      const students = studentsReader(ctx);
      const sync = createSyncService({
        store,
        serverUrl: kf.serverUrl,
        tokens,
        now,
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(options.syncRetry ? { retry: options.syncRetry } : {}),
        ...(options.syncPullLimit !== undefined ? { pullLimit: options.syncPullLimit } : {}),
        ...(options.onSyncProgress ? { onProgress: options.onSyncProgress } : {}),
        onPulled: () => ctx.invalidate(),
        onOnline: (v) => {
          online = v;
          onlineKnown = true;
        },
        log,
      });
      return { store, ctx, students, sync };
    } catch (e) {
      await store.close();
      throw e;
    }
  }

  async function closeDatabase(): Promise<void> {
    const o = opened;
    opened = null;
    if (!o) return;
    o.sync.stop();
    await o.sync.idle();
    await o.store.close();
  }

  async function openWithSafeStorage(kf: KeyFile): Promise<void> {
    if (opened || kf.protection.kind !== 'safeStorage') return;
    if (!safeStorage)
      throw new IpcError(
        'KEY_PROTECTION_UNAVAILABLE',
        'this workstation’s key is protected by the operating system keychain: start White Cross in its desktop (Electron) mode',
      );
    let key: Buffer;
    try {
      key = safeStorage.unwrap(kf.protection.wrapped);
    } catch (e) {
      throw new IpcError('KEY_PROTECTION_UNAVAILABLE', e instanceof Error ? e.message : String(e));
    }
    try {
      opened = await openDatabase(key, kf);
    } finally {
      key.fill(0);
    }
  }

  if (keyFile?.protection.kind === 'safeStorage' && safeStorage) {
    try {
      await openWithSafeStorage(keyFile);
    } catch (e) {
      log(`cannot open the database at launch: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // session state

  const schoolName = (): string | undefined => {
    if (opened) {
      const r = opened.ctx.stmt(`SELECT name FROM schools WHERE id = ?`).get(opened.ctx.schoolId) as
        { name: string } | undefined;
      if (r) return r.name;
    }
    return keyFile?.schoolName;
  };

  const tick = (): void => {
    const t = now();
    if (breakGlass && t >= breakGlass.until) {
      audit({
        userId: null,
        action: 'LOCK',
        breakGlass: true,
        details: { reason: 'emergency access ended' },
      });
      breakGlass = null;
    }
    if (session && !session.locked && t - session.lastActivity >= autoLock().ms) {
      session.locked = true;
      audit({ userId: session.user.userId, action: 'LOCK', details: { reason: 'inactivity' } });
    }
  };

  /**
   * Before a nurse signs in nothing talks to the server, so the sign-in screen would not know whether it may sign in
   * online: a cheap GET /health with a short timeout, at start and again every PROBE_EVERY_MS while signed out.
   */
  const probeServer = (): void => {
    const url = keyFile?.serverUrl;
    if (!url || probing || opened) return;
    lastProbeAt = Date.now();
    const remote = districtRemote(url, {
      ...(options.fetch ? { fetch: options.fetch } : {}),
      timeoutMs: Math.min(PROBE_TIMEOUT_MS, options.remoteTimeoutMs ?? PROBE_TIMEOUT_MS),
    });
    probing = remote
      .reachable()
      .then((r) => {
        if (opened) return; // the session's own calls know better
        online = r;
        onlineKnown = true;
      })
      .finally(() => {
        probing = null;
      });
  };

  probeServer();

  const status = (): AppStatus => {
    tick();
    if (!opened && Date.now() - lastProbeAt >= PROBE_EVERY_MS) probeServer();
    const name = schoolName();
    const lock = autoLock();
    return {
      enrolled: keyFile !== null,
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
      ...(opened ? { schoolTimeZone: opened.ctx.timeZone() } : {}),
      online: opened ? opened.sync.status().online : online,
      connection: opened
        ? opened.sync.status().online
          ? 'online'
          : 'offline'
        : !onlineKnown
          ? 'unknown'
          : online
            ? 'online'
            : 'offline',
      mode: options.mode,
      autoLockMinutes: Math.max(1, Math.round(lock.ms / 60_000)),
      autoLockSeconds: Math.round(lock.ms / 1000),
      autoLockSource: lock.source,
      ...(session && opened ? { pinSet: hasPin(opened.store.sqlite, session.user.userId) } : {}),
      keyProtection: keyFile?.protection.kind ?? newProtection,
      ...(breakGlass
        ? { breakGlass: { reason: breakGlass.reason, until: new Date(breakGlass.until).toISOString() } }
        : {}),
      ...((keyFile?.serverUrl ?? options.defaultServerUrl)
        ? { serverUrl: keyFile?.serverUrl ?? options.defaultServerUrl }
        : {}),
    };
  };

  const actor = (): Actor => {
    if (session && !session.locked)
      return {
        userId: session.user.userId,
        name: `${session.user.firstName} ${session.user.lastName}`.trim(),
        role: session.user.role,
        breakGlass: false,
      };
    return { userId: null, name: 'Emergency access', role: null, breakGlass: true };
  };

  const requireEnrolled = (): KeyFile => {
    if (!keyFile)
      throw new IpcError('NOT_ENROLLED', 'this workstation is not enrolled to a district server yet');
    return keyFile;
  };
  const requireOpen = (): Opened => {
    if (!opened) throw new IpcError('NOT_SIGNED_IN', 'sign in to open this workstation’s records');
    return opened;
  };

  const startSession = (user: CachedUser, t: RemoteTokens | null): void => {
    if (t) applyPolicy(t);
    session = {
      user,
      locked: false,
      lastActivity: now(),
      failedUnlocks: 0,
      access: t ? { token: t.accessToken, expiresAt: now() + t.expiresIn * 1000 } : null,
      refreshToken: t?.refreshToken ?? user.refreshToken,
    };
    breakGlass = null;
    if (opened) {
      opened.sync.schedule(syncIntervalMs);
      if (t) opened.sync.setOnline(true);
    }
  };

  const remoteToIpc = (e: unknown, field?: string): IpcError => {
    if (e instanceof IpcError) return e;
    if (e instanceof RemoteError) {
      if (e.kind === 'unreachable') return new IpcError('SERVER_UNREACHABLE', e.message, field);
      if (e.code === 'INVALID_CREDENTIALS')
        return new IpcError('INVALID_CREDENTIALS', 'email or password is incorrect', 'password');
      if (e.code === 'ACCOUNT_LOCKED' || e.code === 'ACCOUNT_DISABLED')
        return new IpcError('ACCOUNT_DISABLED', e.message);
      return new IpcError('SERVER_REFUSED', `the district server refused: ${e.message}`);
    }
    return new IpcError('INTERNAL', e instanceof Error ? e.message : String(e));
  };

  const requireClinical = (role: string): void => {
    if (!CLINICAL_ROLES.has(role))
      throw new IpcError(
        'FORBIDDEN',
        `a ${role.toLowerCase().replace('_', ' ')} account cannot use a clinic workstation (nurses and school or district admins can)`,
      );
  };

  // ---------------------------------------------------------------------------------------------------------
  // app.*

  async function enroll(args: IpcParsedArgs<'app.enroll'>): Promise<{ ok: true }> {
    if (keyFile) throw new IpcError('ALREADY_ENROLLED', 'this workstation is already enrolled');
    try {
      if (newProtection === 'safeStorage') {
        if (!safeStorage)
          throw new Error('the operating system keychain is not available here: use passphrase mode');
        safeStorage.assertUsable();
      }
    } catch (e) {
      throw new IpcError('KEY_PROTECTION_UNAVAILABLE', e instanceof Error ? e.message : String(e));
    }
    const serverUrl = args.serverUrl.replace(/\/+$/, '');
    const remote = remoteFor(serverUrl);
    // the password first, so a typo does not spend the one-time enrollment code
    let pre: RemoteTokens;
    try {
      pre = await remote.login({ email: args.email, password: args.password });
    } catch (e) {
      throw remoteToIpc(e, 'serverUrl');
    }
    requireClinical(pre.user.role);
    void remote.logout(pre.accessToken).catch(() => undefined);
    let device;
    try {
      device = await remote.enroll(
        args.enrollmentCode,
        (args.deviceName ?? options.deviceName ?? `White Cross ${hostname()}`).slice(0, 100),
        platformName(options.platform ?? process.platform),
      );
    } catch (e) {
      if (e instanceof RemoteError && e.kind === 'refused')
        throw new IpcError(
          'ENROLLMENT_REFUSED',
          `the enrollment code was refused: ${e.message}`,
          'enrollmentCode',
        );
      throw remoteToIpc(e, 'serverUrl');
    }
    let t: RemoteTokens;
    try {
      t = await remote.login({
        email: args.email,
        password: args.password,
        deviceId: device.deviceId,
        deviceSecret: device.deviceSecret,
      });
    } catch (e) {
      throw remoteToIpc(e, 'email');
    }
    if (existsSync(dbFile)) renameSync(dbFile, `${dbFile}.abandoned-${now()}`);
    const kf0: KeyFile = {
      version: 1,
      deviceId: device.deviceId,
      serverUrl,
      schoolId: device.schoolId,
      enrolledAt: nowIso(),
      protection: { kind: 'safeStorage', wrapped: '' },
    };
    const key = randomBytes(32);
    try {
      const o = await openDatabase(key, kf0);
      opened = o;
      setSetting(o.store.sqlite, 'device.secret', device.deviceSecret);
      setSetting(o.store.sqlite, 'device.id', device.deviceId);
      const user = await cacheCredentials(o.store.sqlite, t, args.password, nowIso());
      const protection: KeyFile['protection'] =
        newProtection === 'safeStorage' && safeStorage
          ? { kind: 'safeStorage', wrapped: safeStorage.wrap(key) }
          : {
              kind: 'passphrase',
              slots: [
                await passphrase.wrap(
                  key,
                  args.password,
                  { userId: t.user.id, email: t.user.email },
                  slotAad(device.deviceId, t.user.id),
                  new Date(now()),
                ),
              ],
            };
      keyFile = { ...kf0, protection };
      writeKeyFile(options.dataDir, keyFile);
      if (protection.kind === 'passphrase') heldKey = Buffer.from(key);
      audit({
        userId: t.user.id,
        action: 'ENROLL',
        table: 'devices',
        recordId: device.deviceId,
        details: { server: serverUrl, school_id: device.schoolId, key_protection: protection.kind },
      });
      startSession(user, t);
      void o.sync.run();
    } finally {
      key.fill(0);
    }
    return { ok: true };
  }

  /** Passphrase mode: the nurse's key slot opens the database (or says why not). */
  async function openWithPassword(
    kf: KeyFile,
    email: string,
    password: string,
    previousPassword: string | undefined,
  ): Promise<{ rewrap: boolean }> {
    if (opened || kf.protection.kind !== 'passphrase') return { rewrap: false };
    const slot = kf.protection.slots.find((s) => s.email.toLowerCase() === email.toLowerCase());
    if (!slot)
      throw new IpcError(
        'NO_KEY_SLOT',
        'this workstation’s database is protected by another nurse’s password: that nurse signs in first, then you can',
        'email',
      );
    const aad = slotAad(kf.deviceId, slot.userId);
    let key: Buffer | null = null;
    let rewrap = false;
    try {
      key = await passphrase.unwrap(slot, password, aad);
    } catch (e) {
      if (!(e instanceof KeyUnwrapError)) throw e;
      if (previousPassword !== undefined) {
        try {
          key = await passphrase.unwrap(slot, previousPassword, aad);
          rewrap = true;
        } catch (e2) {
          if (e2 instanceof KeyUnwrapError)
            throw new IpcError(
              'INVALID_CREDENTIALS',
              'that is not the previous password either',
              'previousPassword',
            );
          throw e2;
        }
      } else {
        // a changed password (the server accepts it) or a wrong one?
        let serverAccepts = false;
        try {
          await remoteFor(kf.serverUrl).login({ email, password });
          serverAccepts = true;
        } catch {
          serverAccepts = false;
        }
        if (serverAccepts)
          throw new IpcError(
            'KEY_SLOT_STALE',
            'your password changed on the district server: enter your previous password once to re-protect this workstation',
            'previousPassword',
          );
        throw new IpcError('INVALID_CREDENTIALS', 'email or password is incorrect', 'password');
      }
    }
    try {
      opened = await openDatabase(key, kf);
    } catch (e) {
      key.fill(0);
      throw e;
    }
    heldKey?.fill(0);
    heldKey = key; // kept while the database is open, to add the slots of other nurses who sign in
    return { rewrap };
  }

  async function signIn(args: IpcParsedArgs<'app.signIn'>): Promise<AppStatus> {
    const kf = requireEnrolled();
    const email = args.email;
    if (kf.protection.kind === 'safeStorage') await openWithSafeStorage(kf);
    let rewrap = false;
    if (!opened) ({ rewrap } = await openWithPassword(kf, email, args.password, args.previousPassword));
    const o = requireOpen();
    const sqlite = o.store.sqlite;
    const deviceSecret = getSetting(sqlite, 'device.secret');
    let t: RemoteTokens | null = null;
    let user: CachedUser | null = null;
    try {
      t = await remoteFor(kf.serverUrl).login({
        email,
        password: args.password,
        deviceId: kf.deviceId,
        ...(deviceSecret ? { deviceSecret } : {}),
      });
    } catch (e) {
      if (!(e instanceof RemoteError)) throw e;
      if (e.kind === 'refused') {
        if (e.code === 'INVALID_CREDENTIALS') forgetCredentials(sqlite, email);
        audit({
          userId: findCachedUser(sqlite, { email })?.userId ?? null,
          action: 'SIGN_IN_FAILED',
          details: { email, online: true, code: e.code },
        });
        throw remoteToIpc(e);
      }
      o.sync.setOnline(false);
      online = false;
      onlineKnown = true;
    }
    if (t) {
      requireClinical(t.user.role);
      user = await cacheCredentials(sqlite, t, args.password, nowIso());
      o.sync.setOnline(true);
      online = true;
      onlineKnown = true;
      if (kf.protection.kind === 'passphrase' && heldKey) {
        const slot = kf.protection.slots.find((s) => s.userId === t.user.id);
        let current = false;
        if (slot && !rewrap) {
          try {
            (await passphrase.unwrap(slot, args.password, slotAad(kf.deviceId, slot.userId))).fill(0);
            current = true;
          } catch {
            current = false;
          }
        }
        if (!current) {
          keyFile = withSlot(
            kf,
            await passphrase.wrap(
              heldKey,
              args.password,
              { userId: t.user.id, email: t.user.email },
              slotAad(kf.deviceId, t.user.id),
              new Date(now()),
            ),
          );
          writeKeyFile(options.dataDir, keyFile);
        }
      }
    } else {
      const cached = findCachedUser(sqlite, { email });
      if (!cached)
        throw new IpcError(
          'NO_CACHED_CREDENTIALS',
          'the district server cannot be reached and you have not signed in on this workstation before: connect to the network once',
        );
      const outcome = await verifyCached(sqlite, cached, args.password, now());
      if (outcome !== 'OK') {
        audit({
          userId: cached.userId,
          action: 'SIGN_IN_FAILED',
          details: { email, online: false, outcome },
        });
        throw outcome === 'LOCKED_OUT'
          ? new IpcError(
              'INVALID_CREDENTIALS',
              'too many wrong passwords: try again in 15 minutes',
              'password',
            )
          : new IpcError('INVALID_CREDENTIALS', 'email or password is incorrect', 'password');
      }
      requireClinical(cached.role);
      user = cached;
    }
    audit({ userId: user.userId, action: 'SIGN_IN', details: { online: t !== null } });
    startSession(user, t);
    if (t) void o.sync.run();
    return status();
  }

  async function unlock(args: IpcParsedArgs<'app.unlock'>): Promise<AppStatus> {
    tick();
    const s = session;
    if (!s) throw new IpcError('NOT_SIGNED_IN', 'no one is signed in: sign in');
    if (!s.locked) return status();
    const o = requireOpen();
    const field = args.pin !== undefined ? 'pin' : 'password';
    let outcome: 'OK' | 'WRONG' | 'LOCKED_OUT' | 'PIN_REMOVED';
    let pinsLeft = 0;
    if (args.pin !== undefined) {
      const p = await verifyPin(o.store.sqlite, s.user.userId, args.pin);
      if (p === 'NONE')
        throw new IpcError(
          'VALIDATION',
          'no PIN is set for you on this workstation: use your password',
          'pin',
        );
      if (typeof p === 'object') {
        outcome = 'WRONG';
        pinsLeft = p.left;
      } else outcome = p === 'REMOVED' ? 'PIN_REMOVED' : p;
    } else {
      const cached = findCachedUser(o.store.sqlite, { userId: s.user.userId });
      outcome = cached ? await verifyCached(o.store.sqlite, cached, args.password ?? '', now()) : 'WRONG';
    }
    if (outcome !== 'OK') {
      s.failedUnlocks++;
      audit({
        userId: s.user.userId,
        action: 'UNLOCK_FAILED',
        details: {
          attempt: s.failedUnlocks,
          with: field,
          ...(outcome === 'PIN_REMOVED' ? { pinRemoved: true } : {}),
        },
      });
      if (s.failedUnlocks >= MAX_FAILED_UNLOCKS || outcome === 'LOCKED_OUT') {
        await signOut();
        throw new IpcError('NOT_SIGNED_IN', `too many wrong attempts: signed out; sign in again`, field);
      }
      if (outcome === 'PIN_REMOVED')
        throw new IpcError(
          'INVALID_CREDENTIALS',
          `wrong PIN ${MAX_WRONG_PINS} times: the PIN is removed; unlock with your password and set a new PIN`,
          'pin',
        );
      throw new IpcError(
        'INVALID_CREDENTIALS',
        field === 'pin' ? `wrong PIN (${pinsLeft} more wrong and the PIN is removed)` : 'wrong password',
        field,
      );
    }
    s.locked = false;
    s.failedUnlocks = 0;
    s.lastActivity = now();
    breakGlass = null;
    audit({ userId: s.user.userId, action: 'UNLOCK', details: { with: field } });
    return status();
  }

  /** Sets the signed-in nurse's unlock PIN; the password is asked again (someone at an open session cannot). */
  async function setUnlockPin(args: IpcParsedArgs<'app.setPin'>): Promise<AppStatus> {
    const s = session;
    const o = requireOpen();
    if (!s || s.locked) throw new IpcError('NOT_SIGNED_IN', 'sign in first');
    const cached = findCachedUser(o.store.sqlite, { userId: s.user.userId });
    const outcome = cached ? await verifyCached(o.store.sqlite, cached, args.password, now()) : 'WRONG';
    if (outcome === 'LOCKED_OUT') {
      await signOut();
      throw new IpcError('NOT_SIGNED_IN', 'too many wrong passwords: signed out; sign in again', 'password');
    }
    if (outcome !== 'OK') throw new IpcError('INVALID_CREDENTIALS', 'wrong password', 'password');
    const replaced = hasPin(o.store.sqlite, s.user.userId);
    await setPin(o.store.sqlite, s.user.userId, args.pin, nowIso());
    audit({ userId: s.user.userId, action: 'PIN_SET', details: { replaced } });
    return status();
  }

  function clearUnlockPin(): AppStatus {
    const s = session;
    const o = requireOpen();
    if (!s || s.locked) throw new IpcError('NOT_SIGNED_IN', 'sign in first');
    if (clearPin(o.store.sqlite, s.user.userId)) audit({ userId: s.user.userId, action: 'PIN_CLEARED' });
    return status();
  }

  const lock = (reason: string): AppStatus => {
    tick();
    if (session && !session.locked) {
      session.locked = true;
      audit({ userId: session.user.userId, action: 'LOCK', details: { reason } });
    }
    if (breakGlass) {
      audit({ userId: null, action: 'LOCK', breakGlass: true, details: { reason } });
      breakGlass = null;
    }
    return status();
  };

  async function signOut(): Promise<AppStatus> {
    const s = session;
    // The device-bound refresh token stays (encrypted in the database): a nurse who signs in offline next
    // time can still sync once the network is back. The district ends it by revoking the device or the user.
    if (s) audit({ userId: s.user.userId, action: 'SIGN_OUT' });
    session = null;
    breakGlass = null;
    opened?.sync.stop();
    if (keyFile?.protection.kind === 'passphrase') {
      heldKey?.fill(0);
      heldKey = null;
      await closeDatabase();
    }
    return status();
  }

  function breakTheGlass(args: IpcParsedArgs<'app.breakGlass'>): AppStatus {
    requireEnrolled();
    tick();
    if (session && !session.locked)
      throw new IpcError(
        'VALIDATION',
        'you are signed in: emergency access is for a locked or signed-out workstation',
        'reason',
      );
    if (!opened)
      throw new IpcError(
        'NO_KEY_SLOT',
        'emergency access needs the records open: a nurse must have signed in since White Cross started',
      );
    breakGlass = {
      reason: args.reason,
      until: now() + breakGlassMs,
      lockedUserId: session?.user.userId ?? null,
    };
    audit({
      userId: null,
      action: 'BREAK_GLASS',
      breakGlass: true,
      details: {
        reason: args.reason,
        locked_user_id: breakGlass.lockedUserId,
        minutes: breakGlassMs / 60_000,
      },
    });
    return status();
  }

  // ---------------------------------------------------------------------------------------------------------
  // handlers

  const ctxOf = (): WorkstationContext => requireOpen().ctx;
  const syncStatus = () =>
    opened ? opened.sync.status() : { online, waiting: 0, running: false, conflicts: 0, rejections: 0 };

  const handlers: Handlers = {
    'app.status': () => status(),
    'app.enroll': (a) => enroll(a),
    'app.signIn': (a) => signIn(a),
    'app.unlock': (a) => unlock(a),
    'app.setPin': (a) => setUnlockPin(a),
    'app.clearPin': () => clearUnlockPin(),
    'app.lock': () => lock('user'),
    'app.signOut': () => signOut(),
    'app.activity': () => ({}),
    'app.breakGlass': (a) => breakTheGlass(a),

    'today.get': () => today(ctxOf()),
    'students.search': (a) => requireOpen().students.search(a),
    'students.chart': (a) => requireOpen().students.chart(a, actor()),
    'catalog.visitReasons': () => visitReasons(ctxOf()),
    'catalog.medications': (a) => medications(ctxOf(), a),
    'clinicVisits.checkAllergies': (a) => checkVisitAllergies(ctxOf(), a),
    'clinicVisits.create': (a) => createVisit(ctxOf(), actor(), a),
    'clinicVisits.excuseNote': (a) => excuseNote(ctxOf(), actor(), a),
    'symptoms.record': (a) => recordSymptoms(ctxOf(), actor(), a),
    'mar.today': () => marToday(ctxOf()),
    'mar.record': (a) => recordDose(ctxOf(), actor(), a),
    'immunizations.record': (a) => recordImmunization(ctxOf(), actor(), a),

    'sync.status': () => syncStatus(),
    'sync.now': async () => requireOpen().sync.run(),
    'sync.conflicts': () => openConflicts(ctxOf()),
    'sync.resolveConflict': async (a) => {
      const o = requireOpen();
      const kf = requireEnrolled();
      const who = actor();
      const { resolution, conflict } = resolutionFor(o.ctx, who, a);
      let token: string;
      try {
        token = await tokens.accessToken();
      } catch (e) {
        if (e instanceof SyncAuthError) throw new IpcError('SERVER_REFUSED', e.message);
        throw remoteToIpc(e);
      }
      try {
        await remoteFor(kf.serverUrl).resolveConflict(token, a.id, { resolution, reason: a.reason });
      } catch (e) {
        if (e instanceof SyncAuthError) throw new IpcError('SERVER_REFUSED', e.message);
        if (e instanceof RemoteError && e.status === 409 && /already resolved/.test(e.message)) {
          // resolved elsewhere meanwhile: record it here as well
        } else throw remoteToIpc(e);
      }
      markResolved(o.ctx, who as Actor & { userId: string }, a, resolution);
      // the row's bookkeeping conflicts (updated_at) are settled with it: the district's value stays
      for (const id of bookkeepingConflicts(o.ctx, conflict.table, conflict.rowId)) {
        try {
          await remoteFor(kf.serverUrl).resolveConflict(token, id, {
            resolution: 'KEPT_WINNER',
            reason: `settled with conflict ${a.id}`,
          });
        } catch (e) {
          if (!(e instanceof RemoteError && e.status === 409)) {
            log(`could not settle bookkeeping conflict ${id}: ${e instanceof Error ? e.message : String(e)}`);
            continue;
          }
        }
        markResolved(
          o.ctx,
          who as Actor & { userId: string },
          { id, reason: `settled with conflict ${a.id}`, choice: 'KEEP_SERVER' },
          'KEPT_WINNER',
        );
      }
      void o.sync.run();
      return {};
    },
    'sync.rejections': () => rejections(ctxOf()),
  };

  // ---------------------------------------------------------------------------------------------------------
  // dispatch

  const authorize = (method: IpcMethod): void => {
    if (PUBLIC.has(method)) return;
    requireEnrolled();
    tick();
    if (session && !session.locked) return;
    if (breakGlass && EMERGENCY_READS.has(method)) return;
    if (breakGlass)
      throw new IpcError(
        'FORBIDDEN',
        'emergency access is read-only: sign in with your own account to record care',
      );
    if (session?.locked)
      throw new IpcError('LOCKED', 'the workstation is locked: unlock with your password or PIN');
    throw new IpcError('NOT_SIGNED_IN', 'sign in first');
  };

  // sign-in, enrollment, unlock and sign-out run one at a time
  let serial: Promise<unknown> = Promise.resolve();
  const SERIAL = new Set<IpcMethod>([
    'app.enroll',
    'app.signIn',
    'app.unlock',
    'app.setPin',
    'app.clearPin',
    'app.signOut',
  ]);

  async function run(method: IpcMethod, raw: unknown): Promise<unknown> {
    const spec = ipcContract[method];
    const parsed = spec.args.safeParse(raw ?? {});
    if (!parsed.success) throw ipcErrorFromZod(parsed.error);
    tick();
    authorize(method);
    if (!POLLING.has(method) && session && !session.locked) session.lastActivity = now();
    const handler = handlers[method] as (a: unknown) => unknown;
    const exec = (): Promise<unknown> => Promise.resolve().then(() => handler(parsed.data));
    let result: unknown;
    if (SERIAL.has(method)) {
      const p = serial.then(exec, exec);
      serial = p.catch(() => undefined);
      result = await p;
    } else result = await exec();
    const out = spec.result.safeParse(result);
    if (!out.success) {
      const i = out.error.issues[0];
      log(
        `${method}: the core's answer does not fit the contract: ${i ? `${i.path.join('.')}: ${i.message}` : ''}`,
      );
      throw new IpcError(
        'INTERNAL',
        `the workstation core answered ${method} wrongly (${i ? i.path.join('.') : ''}); see the log`,
      );
    }
    return out.data;
  }

  let lockTimer: ReturnType<typeof setInterval> | null = null;
  if (options.lockTimer ?? true) {
    lockTimer = setInterval(tick, 5_000);
    lockTimer.unref?.();
  }

  const invoke = async (method: string, raw: unknown): Promise<BridgeEnvelope<unknown>> => {
    if (!isIpcMethod(method))
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `no method ${method.slice(0, 80)}` } };
    try {
      return { ok: true, result: await run(method, raw) };
    } catch (e) {
      if (e instanceof IpcError) return { ok: false, error: e.toShape() };
      log(`${method} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return {
        ok: false,
        error: {
          code: 'INTERNAL',
          message: `${method} failed: ${e instanceof Error ? e.message : String(e)}`,
        },
      };
    }
  };

  return {
    invoke,
    call: async <M extends IpcMethod>(method: M, args: IpcArgs<M>): Promise<IpcResult<M>> => {
      const r = await invoke(method, args);
      if (!r.ok) throw new IpcError(r.error.code, r.error.message, r.error.field);
      return r.result as IpcResult<M>;
    },
    lockNow: (reason) => {
      lock(reason);
    },
    close: async () => {
      if (lockTimer) clearInterval(lockTimer);
      heldKey?.fill(0);
      heldKey = null;
      await closeDatabase();
      await probing;
    },
    internals: {
      dataDir: options.dataDir,
      context: () => opened?.ctx ?? null,
      sync: () => opened?.sync ?? null,
      keyFile: () => keyFile,
    },
  };
}
