import type { IpcParsedArgs } from '../../../src-shared/ipc/contract';
import { IpcError } from '../../../src-shared/ipc/errors';
import { findCachedUser, verifyCached } from './credentials';
import { clearPin, hasPin, MAX_WRONG_PINS, setPin, verifyPin } from './pin';
import { signOut, type SignInDeps } from './sign-in';

/**
 * Unlock (the password, or the nurse's PIN: ./pin.ts), the PIN itself, and break-the-glass emergency access
 * (read-only, audited, for a locked or signed-out workstation).
 */

export const MAX_FAILED_UNLOCKS = 5;

type Deps = Pick<SignInDeps, 'now' | 'keys' | 'session' | 'audit'>;

export async function unlock(d: Deps, args: IpcParsedArgs<'app.unlock'>): Promise<void> {
  d.session.tick();
  const s = d.session.current();
  if (!s) throw new IpcError('NOT_SIGNED_IN', 'no one is signed in: sign in');
  if (!s.locked) return;
  const sqlite = d.keys.requireOpen().store.sqlite;
  const field = args.pin !== undefined ? 'pin' : 'password';
  let outcome: 'OK' | 'WRONG' | 'LOCKED_OUT' | 'PIN_REMOVED';
  let pinsLeft = 0;
  if (args.pin !== undefined) {
    const p = await verifyPin(sqlite, s.user.userId, args.pin);
    if (p === 'NONE')
      throw new IpcError('VALIDATION', 'no PIN is set for you on this workstation: use your password', 'pin');
    if (typeof p === 'object') {
      outcome = 'WRONG';
      pinsLeft = p.left;
    } else outcome = p === 'REMOVED' ? 'PIN_REMOVED' : p;
  } else {
    const cached = findCachedUser(sqlite, { userId: s.user.userId });
    outcome = cached ? await verifyCached(sqlite, cached, args.password ?? '', d.now()) : 'WRONG';
  }
  if (outcome !== 'OK') {
    s.failedUnlocks++;
    d.audit({
      userId: s.user.userId,
      action: 'UNLOCK_FAILED',
      details: {
        attempt: s.failedUnlocks,
        with: field,
        ...(outcome === 'PIN_REMOVED' ? { pinRemoved: true } : {}),
      },
    });
    if (s.failedUnlocks >= MAX_FAILED_UNLOCKS || outcome === 'LOCKED_OUT') {
      await signOut(d);
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
  d.session.reopen();
  d.audit({ userId: s.user.userId, action: 'UNLOCK', details: { with: field } });
}

const signedIn = (d: Deps) => {
  const s = d.session.current();
  const o = d.keys.requireOpen();
  if (!s || s.locked) throw new IpcError('NOT_SIGNED_IN', 'sign in first');
  return { s, sqlite: o.store.sqlite };
};

/** Sets the signed-in nurse's unlock PIN; the password is asked again (someone at an open session cannot). */
export async function setUnlockPin(d: Deps, args: IpcParsedArgs<'app.setPin'>): Promise<void> {
  const { s, sqlite } = signedIn(d);
  const cached = findCachedUser(sqlite, { userId: s.user.userId });
  const outcome = cached ? await verifyCached(sqlite, cached, args.password, d.now()) : 'WRONG';
  if (outcome === 'LOCKED_OUT') {
    await signOut(d);
    throw new IpcError('NOT_SIGNED_IN', 'too many wrong passwords: signed out; sign in again', 'password');
  }
  if (outcome !== 'OK') throw new IpcError('INVALID_CREDENTIALS', 'wrong password', 'password');
  const replaced = hasPin(sqlite, s.user.userId);
  await setPin(sqlite, s.user.userId, args.pin, new Date(d.now()).toISOString());
  d.audit({ userId: s.user.userId, action: 'PIN_SET', details: { replaced } });
}

export function clearUnlockPin(d: Deps): void {
  const { s, sqlite } = signedIn(d);
  if (clearPin(sqlite, s.user.userId)) d.audit({ userId: s.user.userId, action: 'PIN_CLEARED' });
}

export function breakTheGlass(d: Deps, args: IpcParsedArgs<'app.breakGlass'>): void {
  d.keys.requireEnrolled();
  d.session.tick();
  const s = d.session.current();
  if (s && !s.locked)
    throw new IpcError(
      'VALIDATION',
      'you are signed in: emergency access is for a locked or signed-out workstation',
      'reason',
    );
  if (!d.keys.opened())
    throw new IpcError(
      'NO_KEY_SLOT',
      'emergency access needs the records open: a nurse must have signed in since White Cross started',
    );
  d.session.openBreakGlass(args.reason);
}
