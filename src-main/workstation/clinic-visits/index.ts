/** Clinic visits (feature 17): the clinicVisits.* handlers, and the allergy check a dose given outside a visit also runs. */
export { clinicVisitsHandlers } from './ipc';
export { checkAllergies, drugProfile, requireMedication } from './allergy-check';
