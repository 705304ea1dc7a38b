import type { IpcParsedArgs } from '../../../src-shared/ipc/contract';
import { IpcError } from '../../../src-shared/ipc/errors';
import { SyncAuthError } from '../../sync/errors';
import type { Actor, WorkstationContext } from '../context';
import { RemoteError, type DistrictRemote } from '../remote';
import { remoteToIpc } from '../district';
import { bookkeepingConflicts, markResolved, resolutionFor } from './review';

export interface ResolveDeps {
  readonly ctx: WorkstationContext;
  readonly actor: Actor;
  readonly remote: DistrictRemote;
  /** The signed-in nurse's access token (throws SyncAuthError when there is none). */
  readonly accessToken: () => Promise<string>;
  readonly log: (line: string) => void;
}

/**
 * sync.resolveConflict: the nurse's choice goes to the district server first (online only), then the conflict is
 * marked resolved here; the row's bookkeeping conflicts (updated_at) are settled with it (the district's value stays).
 */
export async function resolveConflict(
  d: ResolveDeps,
  a: IpcParsedArgs<'sync.resolveConflict'>,
): Promise<void> {
  const { resolution, conflict } = resolutionFor(d.ctx, d.actor, a);
  const who = d.actor as Actor & { userId: string };
  let token: string;
  try {
    token = await d.accessToken();
  } catch (e) {
    if (e instanceof SyncAuthError) throw new IpcError('SERVER_REFUSED', e.message);
    throw remoteToIpc(e);
  }
  try {
    await d.remote.resolveConflict(token, a.id, { resolution, reason: a.reason });
  } catch (e) {
    if (e instanceof SyncAuthError) throw new IpcError('SERVER_REFUSED', e.message);
    if (e instanceof RemoteError && e.status === 409 && /already resolved/.test(e.message)) {
      // resolved elsewhere meanwhile: record it here as well
    } else throw remoteToIpc(e);
  }
  markResolved(d.ctx, who, a, resolution);
  for (const id of bookkeepingConflicts(d.ctx, conflict.table, conflict.rowId)) {
    const reason = `settled with conflict ${a.id}`;
    try {
      await d.remote.resolveConflict(token, id, { resolution: 'KEPT_WINNER', reason });
    } catch (e) {
      if (!(e instanceof RemoteError && e.status === 409)) {
        d.log(`could not settle bookkeeping conflict ${id}: ${e instanceof Error ? e.message : String(e)}`);
        continue;
      }
    }
    markResolved(d.ctx, who, { id, reason, choice: 'KEEP_SERVER' }, 'KEPT_WINNER');
  }
}
