import { INVALID_CREDENTIALS } from '../../src-shared/api/auth';
import { isClinicalRole } from '../../src-shared/auth';
import { IpcError } from '../../src-shared/ipc/errors';
import { districtRemote, REMOTE_TIMEOUT_MS, RemoteError, type DistrictRemote } from './remote';

/**
 * The district server as the workstation's modules use it: one client per server address (`districtRemotes`), and
 * what its answers mean to the nurse: a RemoteError (./remote.ts) as the IpcError the UI shows.
 * A refused sign-in (401 INVALID_CREDENTIALS, src-shared/api/auth.ts) shows the server's own message: the server
 * answers an unknown, a locked and an inactive account alike, and its message states the lockout rule.
 */
export function remoteToIpc(e: unknown, field?: string): IpcError {
  if (e instanceof IpcError) return e;
  if (e instanceof RemoteError) {
    if (e.kind === 'unreachable') return new IpcError('SERVER_UNREACHABLE', e.message, field);
    if (e.code === INVALID_CREDENTIALS)
      return new IpcError('INVALID_CREDENTIALS', e.message || 'email or password is incorrect', 'password');
    // an older server answers a locked account with 423 ACCOUNT_LOCKED
    if (e.code === 'ACCOUNT_LOCKED' || e.code === 'ACCOUNT_DISABLED')
      return new IpcError('ACCOUNT_DISABLED', e.message);
    return new IpcError('SERVER_REFUSED', `the district server refused: ${e.message}`);
  }
  return new IpcError('INTERNAL', e instanceof Error ? e.message : String(e));
}

/** Only the clinical roles (src-shared/auth/roles.ts) work at a clinic workstation. */
export function requireClinical(role: string): void {
  if (!isClinicalRole(role))
    throw new IpcError(
      'FORBIDDEN',
      `a ${role.toLowerCase().replace('_', ' ')} account cannot use a clinic workstation (nurses and school or district admins can)`,
    );
}

/** One client per server address (enrollment, sign-in, refresh and conflict resolution share it). */
export function districtRemotes(o: {
  readonly fetch?: typeof fetch | undefined;
  readonly remoteTimeoutMs?: number | undefined;
}): (serverUrl: string) => DistrictRemote {
  let cached: { url: string; remote: DistrictRemote } | null = null;
  return (url) => {
    if (cached?.url !== url)
      cached = {
        url,
        remote: districtRemote(url, {
          ...(o.fetch ? { fetch: o.fetch } : {}),
          timeoutMs: o.remoteTimeoutMs ?? REMOTE_TIMEOUT_MS,
        }),
      };
    return cached.remote;
  };
}
