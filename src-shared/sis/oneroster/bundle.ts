/**
 * A OneRoster roster as read from any source (CSV bulk files, the REST rostering service), before mapping: one list
 * of records per OneRoster file, each record its fields by the CSV column name of the OneRoster spec
 * (`sourcedId`, `status`, `dateLastModified`, `orgSourcedIds`, `metadata.*`...), and where it came from, so an
 * error can name the file, the line and the record.
 *
 * The CSV reader fills `files` from manifest.csv's files (orgs.csv → `orgs`); the REST client fills them from the
 * endpoints (`/orgs` → `orgs`), flattening each JSON object to the CSV column names (a GUID reference list such as
 * `orgs: [{sourcedId}]` becomes `orgSourcedIds` joined by commas, as in the CSV binding), with `line` the record's
 * 1-based position in the paged result. Mapping and applying read only this shape, whatever the source.
 */
export type RosterFileName =
  | 'orgs'
  | 'academicSessions'
  | 'users'
  | 'demographics'
  | 'enrollments'
  | 'classes'
  | 'courses'
  | 'userProfiles'
  | 'roles';

export interface RosterRecord {
  /** 1-based line in the CSV file (the header is line 1, so the first record is line 2), or position in the REST result. */
  readonly line: number;
  readonly fields: Readonly<Record<string, string>>;
}

export interface RosterBundle {
  /** Where it came from, for errors and the job row: a file or directory path, an SFTP path, a REST base URL. */
  readonly source: string;
  /** OneRoster version the source declared (manifest.csv `oneroster.version`, or the REST path's version). */
  readonly version: '1.1' | '1.2';
  /** Bulk (a full roster: who is absent is withdrawn) or delta (only changed records: absence means nothing). */
  readonly mode: 'bulk' | 'delta';
  readonly files: Readonly<Partial<Record<RosterFileName, readonly RosterRecord[]>>>;
  /** Header names a source gave that the spec does not know, per file, so a misspelled optional header is reported. */
  readonly unknownHeaders?: Readonly<Partial<Record<RosterFileName, readonly string[]>>>;
}
