import type { immunizationsSlice } from '../../../src-shared/ipc/immunizations';
import type { FeatureDeps, SliceHandlers } from '../handlers';
import { immunizationDashboard } from './dashboard';
import { immunizationForecast } from './forecast';
import { recordImmunization } from './write';

export const immunizationsHandlers = (d: FeatureDeps): SliceHandlers<typeof immunizationsSlice> => ({
  'immunizations.forecast': (a) => immunizationForecast(d.ctx(), d.actor(), a.studentId),
  'immunizations.dashboard': () => immunizationDashboard(d.ctx(), d.actor()),
  'immunizations.record': (a) => recordImmunization(d.ctx(), d.actor(), a),
});
