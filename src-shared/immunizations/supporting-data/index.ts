/** CDC's CDSi supporting data: the model, its parsing from CDC's XML, and CDSi date arithmetic (pure). */
export {
  addDuration,
  isYmd,
  parseDuration,
  subtractDuration,
  type Duration,
  type DurationUnit,
} from './duration';
export { SupportingDataError } from './xml';
export { parseAntigenXml } from './antigen';
export { parseScheduleXml } from './schedule';
export {
  ANTIGEN_FILE,
  SCHEDULE_FILE,
  buildSupportingData,
  crossProblems,
  parseSupportingData,
  type SupportingDataFile,
} from './build';
export type * from './model';
export {
  checksumText,
  compareVersions,
  isSupportingDataFile,
  rebuildStoredRelease,
  releaseFolders,
  storedReleaseProblems,
  supportingDataFileId,
  supportingDataReleaseId,
  versionOfFolderName,
  StoredFile,
  StoredRelease,
  SupportingDataVersion,
  type StoredSupportingData,
} from './release';
