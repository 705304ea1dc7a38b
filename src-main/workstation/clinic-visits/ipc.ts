import type { clinicVisitsSlice } from '../../../src-shared/ipc/clinic-visits';
import type { FeatureDeps, SliceHandlers } from '../handlers';
import { excuseNote } from './excuse-note';
import { createVisit } from './write';

export const clinicVisitsHandlers = (d: FeatureDeps): SliceHandlers<typeof clinicVisitsSlice> => ({
  'clinicVisits.create': (a) => createVisit(d.ctx(), d.actor(), a),
  'clinicVisits.excuseNote': (a) => excuseNote(d.ctx(), d.actor(), a),
});
