import type { immunizationsSlice } from '../../../src-shared/ipc/immunizations';
import type { FeatureDeps, SliceHandlers } from '../handlers';
import { immunizationForecast } from './forecast';
import { recordImmunization } from './write';

export const immunizationsHandlers = (d: FeatureDeps): SliceHandlers<typeof immunizationsSlice> => ({
  'immunizations.forecast': (a) => immunizationForecast(d.ctx(), d.actor(), a.studentId),
  'immunizations.record': (a) => recordImmunization(d.ctx(), d.actor(), a),
});
