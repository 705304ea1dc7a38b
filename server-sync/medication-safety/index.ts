/** Medication safety on the district server: reading the shipped dataset, loading it into the reference tables, its routes. */
export {
  DatasetError,
  SHIPPED_DATASET_DIR,
  datasetProblems,
  parseDatasetFile,
  readDataset,
} from './read-dataset';
export { registerInteractionsCommand, runInteractions, interactionsArgs } from './interactions-cli';
export {
  liveCounts,
  loadedVersion,
  loadMedicationSafety,
  loadShippedIfChanged,
  validateDataset,
  type LoadedVersion,
  type LoadOptions,
  type LoadReport,
  type TableCounts,
} from './load';
export { datasetChecksum, REFERENCE_TABLES, type ReferenceTable } from './rows';
export { registerMedicationSafetyCommands } from './cli';
export { medicationSafetyRoutes, type MedicationSafetyRoutesOptions } from './routes';
