import type { symptomsSlice } from '../../../src-shared/ipc/symptoms';
import type { FeatureDeps, SliceHandlers } from '../handlers';
import { recordSymptoms } from './write';

export const symptomsHandlers = (d: FeatureDeps): SliceHandlers<typeof symptomsSlice> => ({
  'symptoms.record': (a) => recordSymptoms(d.ctx(), d.actor(), a),
});
