import type { syncSlice } from '../../../src-shared/ipc/sync';
import type { FeatureDeps, SliceHandlers } from '../handlers';
import type { Opened } from '../open-database';
import type { DistrictRemote } from '../remote';
import { resolveConflict } from './resolve';
import { openConflicts, rejections } from './review';

export interface SyncDeps extends FeatureDeps {
  /** sync.status before the records are open: what the start-up probe found. */
  readonly offlineStatus: () => { online: boolean };
  /** The district server of this workstation. */
  readonly remote: () => DistrictRemote;
  readonly accessToken: () => Promise<string>;
  readonly log: (line: string) => void;
  /** The records if open (sync.status answers without them). */
  readonly opened: () => Opened | null;
}

export const syncHandlers = (d: SyncDeps): SliceHandlers<typeof syncSlice> => ({
  'sync.status': () =>
    d.opened()?.sync.status() ?? {
      online: d.offlineStatus().online,
      waiting: 0,
      running: false,
      conflicts: 0,
      rejections: 0,
    },
  'sync.now': () => d.open().sync.run(),
  'sync.conflicts': () => openConflicts(d.ctx()),
  'sync.resolveConflict': async (a) => {
    const o = d.open();
    await resolveConflict(
      { ctx: o.ctx, actor: d.actor(), remote: d.remote(), accessToken: d.accessToken, log: d.log },
      a,
    );
    void o.sync.run();
    return {};
  },
  'sync.rejections': () => rejections(d.ctx()),
});
