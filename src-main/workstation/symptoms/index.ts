/** Symptoms (outbreak surveillance at the point of care): the symptoms.* handlers. */
export { symptomsHandlers } from './ipc';
export { recordSymptoms } from './write';
