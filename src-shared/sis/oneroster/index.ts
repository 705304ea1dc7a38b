/** OneRoster: the bundle every source produces, the CSV reader, mappings and the plan (pure). */
export type { RosterBundle, RosterFileName, RosterRecord } from './bundle';
export type { RosterEntity, RosterError, RosterErrorType } from './errors';
export { parseCsvText, readOneRosterCsv, type CsvReadResult } from './csv';
export { ONEROSTER_HEADERS, nearestHeader } from './spec-headers';
export {
  applyTransforms,
  DATE_FORMATS,
  parseDate,
  pipelineOf,
  transformPipeline,
  transformStep,
  type TransformStep,
} from './transforms';
export {
  FIELD_GROUPS,
  GUARDIAN_COLUMNS,
  mappingsFromRows,
  ONEROSTER_DEFAULT_MAPPINGS,
  STUDENT_COLUMNS,
  strategiesOf,
  type ConflictStrategy,
  type FieldGroup,
  type FieldMappingRow,
  type GuardianColumn,
  type RosterMappings,
  type StudentColumn,
} from './mappings';
export { extractRecords, type RosterRecords } from './records';
export {
  planCounts,
  planRoster,
  type PlanOptions,
  type ReviewItem,
  type RosterPlan,
  type RosterSnapshot,
  type SnapshotGuardian,
  type SnapshotSchool,
  type SnapshotStudent,
} from './plan';
