import type { clinicVisitsSlice } from '../../../src-shared/ipc/clinic-visits';
import type { FeatureDeps, SliceHandlers } from '../handlers';
import { amendVisit } from './amend';
import { discardDraft, getDraft, saveDraft } from './drafts';
import { excuseNote } from './excuse-note';
import { finishVisit } from './finish';
import { getVisit } from './read';
import { createVisit } from './write';

export const clinicVisitsHandlers = (d: FeatureDeps): SliceHandlers<typeof clinicVisitsSlice> => ({
  'clinicVisits.create': (a) => createVisit(d.ctx(), d.actor(), a),
  'clinicVisits.excuseNote': (a) => excuseNote(d.ctx(), d.actor(), a),
  'clinicVisits.get': (a) => getVisit(d.ctx(), d.actor(), a),
  'clinicVisits.finish': (a) => finishVisit(d.ctx(), d.actor(), a),
  'clinicVisits.amend': (a) => amendVisit(d.ctx(), d.actor(), a),
  'clinicVisits.saveDraft': (a) => saveDraft(d.ctx(), d.actor(), a),
  'clinicVisits.getDraft': (a) => getDraft(d.ctx(), d.actor(), a),
  'clinicVisits.discardDraft': (a) => discardDraft(d.ctx(), d.actor(), a),
});
