/**
 * A rejected record (or header, or file) of a roster: where it is (file, line, sourcedId), which field, and why,
 * in words an IT person can act on. Stored as a sis_sync_errors row (error_type, entity_type) and printed by the
 * CLI as {file, line, sourcedId, field, reason}.
 */
export type RosterErrorType = 'VALIDATION_ERROR' | 'MISSING_REQUIRED_FIELD' | 'DUPLICATE_RECORD' | 'CONFLICT';
export type RosterEntity = 'STUDENT' | 'EMERGENCY_CONTACT' | 'ENROLLMENT' | 'SCHOOL' | 'FILE';

export interface RosterError {
  /** The CSV file name (users.csv), or the REST endpoint. */
  readonly file: string;
  /** 1-based line (1 = the header), or null for a whole file. */
  readonly line: number | null;
  readonly sourcedId: string | null;
  readonly field: string | null;
  readonly reason: string;
  readonly type: RosterErrorType;
  readonly entity: RosterEntity;
}

export const fileOf = (name: string): string => `${name}.csv`;
