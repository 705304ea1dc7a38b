/** Medication safety on the district server: reading the shipped dataset (the loader and the CLI build on it). */
export {
  DatasetError,
  SHIPPED_DATASET_DIR,
  datasetProblems,
  parseDatasetFile,
  readDataset,
} from './read-dataset';
export { registerInteractionsCommand, runInteractions, interactionsArgs } from './interactions-cli';
