import type { todaySlice } from '../../../src-shared/ipc/today';
import type { FeatureDeps, SliceHandlers } from '../handlers';
import { today } from './read';

export const todayHandlers = (d: FeatureDeps): SliceHandlers<typeof todaySlice> => ({
  'today.get': () => today(d.ctx(), d.actor()),
});
