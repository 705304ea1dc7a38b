import type { immunizationsSlice } from '../../../src-shared/ipc/immunizations';
import type { FeatureDeps, SliceHandlers } from '../handlers';
import { recordImmunization } from './write';

export const immunizationsHandlers = (d: FeatureDeps): SliceHandlers<typeof immunizationsSlice> => ({
  'immunizations.record': (a) => recordImmunization(d.ctx(), d.actor(), a),
});
