import type { marSlice } from '../../../src-shared/ipc/mar';
import type { FeatureDeps, SliceHandlers } from '../handlers';
import { marToday } from './read';
import { recordDose } from './write';

export const marHandlers = (d: FeatureDeps): SliceHandlers<typeof marSlice> => ({
  'mar.today': () => marToday(d.ctx()),
  'mar.record': (a) => recordDose(d.ctx(), d.actor(), a),
});
