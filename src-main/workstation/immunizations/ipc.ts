import type { immunizationsSlice } from '../../../src-shared/ipc/immunizations';
import type { FeatureDeps, SliceHandlers } from '../handlers';
import type { DistrictRemote } from '../remote';
import { registryQuery } from './registry-query';
import { immunizationDashboard } from './dashboard';
import { immunizationForecast } from './forecast';
import { recordImmunization } from './write';

export interface ImmunizationsDeps extends FeatureDeps {
  /** The district server (the registry is queried through it) and the session's access token. */
  readonly remote: () => DistrictRemote;
  readonly accessToken: () => Promise<string>;
}

export const immunizationsHandlers = (d: ImmunizationsDeps): SliceHandlers<typeof immunizationsSlice> => ({
  'immunizations.forecast': (a) => immunizationForecast(d.ctx(), d.actor(), a.studentId),
  'immunizations.dashboard': () => immunizationDashboard(d.ctx(), d.actor()),
  'immunizations.record': (a) => recordImmunization(d.ctx(), d.actor(), a),
  'immunizations.registryQuery': (a) =>
    registryQuery({ ctx: d.ctx(), actor: d.actor(), remote: d.remote(), accessToken: d.accessToken }, a),
});
