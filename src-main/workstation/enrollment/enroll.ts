import { hostname } from 'node:os';
import type { DevicePlatform } from '../../../src-shared/api/admin';
import type { IpcParsedArgs } from '../../../src-shared/ipc/contract';
import { IpcError } from '../../../src-shared/ipc/errors';
import type { KeyFile } from '../keys/key-file';
import { setSetting } from '../local-db';
import { RemoteError, type RemoteTokens } from '../remote';
import { remoteToIpc, requireClinical } from '../district';
import { cacheCredentials } from '../session/credentials';
import type { SignInDeps } from '../session/sign-in';

/**
 * app.enroll: the workstation joins its district with a one-time enrollment code (POST /devices/enroll,
 * src-shared/api/admin.ts). The nurse's password is checked first, so a typo does not spend the code; then the
 * device identity is kept, new records are created under a new key (keys/database-key.ts) and the nurse is signed in.
 */

export interface EnrollDeps extends SignInDeps {
  readonly deviceName?: string;
  readonly platform: NodeJS.Platform;
}

export const platformName = (p: NodeJS.Platform): DevicePlatform =>
  p === 'win32' ? 'WINDOWS' : p === 'darwin' ? 'MACOS' : 'LINUX';

export async function enroll(d: EnrollDeps, args: IpcParsedArgs<'app.enroll'>): Promise<void> {
  d.keys.assertUsable();
  const serverUrl = args.serverUrl.replace(/\/+$/, '');
  const remote = d.remote(serverUrl);
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
      (args.deviceName ?? d.deviceName ?? `White Cross ${hostname()}`).slice(0, 100),
      platformName(d.platform),
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
  const nowIso = new Date(d.now()).toISOString();
  const kf0: KeyFile = {
    version: 1,
    deviceId: device.deviceId,
    serverUrl,
    schoolId: device.schoolId,
    enrolledAt: nowIso,
    protection: { kind: 'safeStorage', wrapped: '' },
  };
  const nurse = { id: t.user.id, email: t.user.email, password: args.password };
  const { records, init: user } = await d.keys.create(kf0, nurse, async (o) => {
    setSetting(o.store.sqlite, 'device.secret', device.deviceSecret);
    setSetting(o.store.sqlite, 'device.id', device.deviceId);
    return cacheCredentials(o.store.sqlite, t, args.password, nowIso);
  });
  d.audit({
    userId: t.user.id,
    action: 'ENROLL',
    table: 'devices',
    recordId: device.deviceId,
    details: {
      server: serverUrl,
      school_id: device.schoolId,
      key_protection: d.keys.keyFile()!.protection.kind,
    },
  });
  d.session.start(user, t);
  void records.sync.run();
}
