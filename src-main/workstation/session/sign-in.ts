import type { IpcParsedArgs } from '../../../src-shared/ipc/contract';
import { IpcError } from '../../../src-shared/ipc/errors';
import type { DatabaseKey } from '../keys/database-key';
import { getSetting, type LocalAuditEntry } from '../local-db';
import type { Connection } from '../open-database';
import { RemoteError, type DistrictRemote, type RemoteTokens } from '../remote';
import { remoteToIpc, requireClinical } from '../district';
import {
  cacheCredentials,
  findCachedUser,
  forgetCredentials,
  verifyCached,
  type CachedUser,
} from './credentials';
import type { Session } from './session';

/**
 * Sign-in and sign-out. Sign-in goes to the district server when it answers (the nurse's cached verifier and, in
 * passphrase mode, her key slot are refreshed), else against the nurse's cached argon2id verifier. Only clinical
 * roles sign in. Sign-out keeps the device-bound refresh token; in passphrase mode the records close.
 */

export interface SignInDeps {
  readonly now: () => number;
  readonly keys: DatabaseKey;
  readonly session: Session;
  readonly connection: Connection;
  readonly remote: (serverUrl: string) => DistrictRemote;
  readonly audit: (e: Omit<LocalAuditEntry, 'at'>) => void;
}

export async function signIn(d: SignInDeps, args: IpcParsedArgs<'app.signIn'>): Promise<void> {
  const kf = d.keys.requireEnrolled();
  const email = args.email;
  const nowIso = new Date(d.now()).toISOString();
  if (kf.protection.kind === 'safeStorage') await d.keys.openWithSafeStorage(kf);
  let rewrap = false;
  if (!d.keys.opened())
    ({ rewrap } = await d.keys.openWithPassword(kf, email, args.password, args.previousPassword));
  const o = d.keys.requireOpen();
  const sqlite = o.store.sqlite;
  const deviceSecret = getSetting(sqlite, 'device.secret');
  let t: RemoteTokens | null = null;
  let user: CachedUser;
  try {
    t = await d.remote(kf.serverUrl).login({
      email,
      password: args.password,
      deviceId: kf.deviceId,
      ...(deviceSecret ? { deviceSecret } : {}),
    });
  } catch (e) {
    if (!(e instanceof RemoteError)) throw e;
    if (e.kind === 'refused') {
      if (e.code === 'INVALID_CREDENTIALS') forgetCredentials(sqlite, email);
      d.audit({
        userId: findCachedUser(sqlite, { email })?.userId ?? null,
        action: 'SIGN_IN_FAILED',
        details: { email, online: true, code: e.code },
      });
      throw remoteToIpc(e);
    }
    o.sync.setOnline(false);
    d.connection.online = false;
    d.connection.known = true;
  }
  if (t) {
    requireClinical(t.user.role);
    user = await cacheCredentials(sqlite, t, args.password, nowIso);
    o.sync.setOnline(true);
    d.connection.online = true;
    d.connection.known = true;
    await d.keys.refreshSlot(t.user, args.password, rewrap);
  } else {
    const cached = findCachedUser(sqlite, { email });
    if (!cached)
      throw new IpcError(
        'NO_CACHED_CREDENTIALS',
        'the district server cannot be reached and you have not signed in on this workstation before: connect to the network once',
      );
    const outcome = await verifyCached(sqlite, cached, args.password, d.now());
    if (outcome !== 'OK') {
      d.audit({
        userId: cached.userId,
        action: 'SIGN_IN_FAILED',
        details: { email, online: false, outcome },
      });
      throw outcome === 'LOCKED_OUT'
        ? new IpcError('INVALID_CREDENTIALS', 'too many wrong passwords: try again in 15 minutes', 'password')
        : new IpcError('INVALID_CREDENTIALS', 'email or password is incorrect', 'password');
    }
    requireClinical(cached.role);
    user = cached;
  }
  d.audit({ userId: user.userId, action: 'SIGN_IN', details: { online: t !== null } });
  d.session.start(user, t);
  if (t) void o.sync.run();
}

export async function signOut(d: Pick<SignInDeps, 'keys' | 'session' | 'audit'>): Promise<void> {
  const s = d.session.current();
  // The device-bound refresh token stays (encrypted in the database): a nurse who signs in offline next
  // time can still sync once the network is back. The district ends it by revoking the device or the user.
  if (s) d.audit({ userId: s.user.userId, action: 'SIGN_OUT' });
  d.session.end();
  d.keys.opened()?.sync.stop();
  await d.keys.closeIfPassphrase();
}
