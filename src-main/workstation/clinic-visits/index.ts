/** Clinic visits (feature 17): the clinicVisits.* handlers. */
export { clinicVisitsHandlers } from './ipc';
export { excuseNoteRows } from './excuse-note';
