import type { syncSlice } from '../../../src-shared/ipc/sync';
import type { FeatureDeps, SliceHandlers } from '../handlers';
import type { DistrictRemote } from '../remote';
import { resolveConflict } from './resolve';
import { openConflicts, rejections } from './review';
import type { SyncService } from './service';

export interface SyncDeps extends FeatureDeps {
  /** sync.status before the records are open: what the start-up probe found. */
  readonly offlineStatus: () => { online: boolean };
  /** The district server of this workstation. */
  readonly remote: () => DistrictRemote;
  readonly accessToken: () => Promise<string>;
  readonly log: (line: string) => void;
  /** The sync loop of the open records (throws NOT_SIGNED_IN when closed). */
  readonly service: () => SyncService;
  /** The sync loop if the records are open (sync.status answers without them). */
  readonly serviceIfOpen: () => SyncService | null;
}

export const syncHandlers = (d: SyncDeps): SliceHandlers<typeof syncSlice> => ({
  'sync.status': () =>
    d.serviceIfOpen()?.status() ?? {
      online: d.offlineStatus().online,
      waiting: 0,
      running: false,
      conflicts: 0,
      rejections: 0,
    },
  'sync.now': () => d.service().run(),
  'sync.conflicts': () => openConflicts(d.ctx()),
  'sync.resolveConflict': async (a) => {
    const service = d.service();
    await resolveConflict(
      { ctx: d.ctx(), actor: d.actor(), remote: d.remote(), accessToken: d.accessToken, log: d.log },
      a,
    );
    void service.run();
    return {};
  },
  'sync.rejections': () => rejections(d.ctx()),
});
