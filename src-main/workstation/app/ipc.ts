import type { appSlice } from '../../../src-shared/ipc/app';
import { enroll, type EnrollDeps } from '../enrollment';
import type { SliceHandlers } from '../handlers';
import { signIn, signOut } from '../session/sign-in';
import { breakTheGlass, clearUnlockPin, setUnlockPin, unlock } from '../session/unlock';
import type { AppStatusSource } from './status';

export interface AppDeps extends EnrollDeps {
  readonly app: AppStatusSource;
}

/** The app slice's handlers: each session step answers with the new status. */
export const appHandlers = (d: AppDeps): SliceHandlers<typeof appSlice> => {
  const status = () => d.app.status();
  return {
    'app.status': status,
    'app.enroll': async (a) => {
      await enroll(d, a);
      return { ok: true };
    },
    'app.signIn': (a) => signIn(d, a).then(status),
    'app.unlock': (a) => unlock(d, a).then(status),
    'app.setPin': (a) => setUnlockPin(d, a).then(status),
    'app.clearPin': () => {
      clearUnlockPin(d);
      return status();
    },
    'app.lock': () => {
      d.session.lock('user');
      return status();
    },
    'app.signOut': () => signOut(d).then(status),
    'app.activity': () => ({}),
    'app.breakGlass': (a) => {
      breakTheGlass(d, a);
      return status();
    },
  };
};
