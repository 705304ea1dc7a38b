/** Immunizations: the immunizations.* handlers, and a student's doses and status for the chart. */
export { immunizationsHandlers } from './ipc';
export {
  immunizationDoses,
  immunizationStatus,
  overdueImmunizations,
  type OverdueImmunization,
} from './read';
export {
  currentSupportingData,
  readShippedSupportingData,
  shippedCdsiRoot,
  type CurrentSupportingData,
} from './supporting-data';
