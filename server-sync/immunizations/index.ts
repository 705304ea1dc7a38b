/** Immunizations on the district side: reading CDC's CDSi supporting data from its folder, and the CLI. */
export {
  readSupportingData,
  shippedSupportingDataDir,
  supportingDataChecksum,
  versionOfDir,
  SHIPPED_CDSI_ROOT,
  type LoadedSupportingData,
} from './supporting-data';
export { registerImmunizationCommands, supportingDataSummary } from './cli';
export {
  canonicalJson,
  parseSchoolEntryDataset,
  readSchoolEntryDataset,
  schoolEntryChecksum,
  SchoolEntryDatasetError,
  SHIPPED_SCHOOL_ENTRY_DIR,
  type SchoolEntryDataset,
} from './school-entry';
export {
  loadSchoolEntry,
  loadShippedSchoolEntry,
  SCHOOL_ENTRY_DATASET,
  schoolEntryVersionId,
  type SchoolEntryCounts,
  type SchoolEntryLoadOptions,
  type SchoolEntryLoadReport,
} from './school-entry-load';
