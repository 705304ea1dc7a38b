import { sql, type Kysely } from 'kysely';

/**
 * Workstation (SQLite) copy of server migration 0031_immunization-supporting-data (docs/immunizations.md): the releases
 * of CDC's CDSi supporting data and their files, pulled from the district (never written here), mapped per
 * docs/data-model.md: STRICT tables, booleans INTEGER 0/1, timestamps UTC ISO-8601 TEXT, every CHECK named as
 * PostgreSQL names it, regular expressions as GLOB patterns. At most one current release (a partial UNIQUE index:
 * the district clears the old flag before it sets the new one, and the pull applies changes in that order). Both
 * tables get the outbox guard of 0005 (written only through the local store or the sync pull).
 */
const NOW = `(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;
const TIMESTAMPS = `created_at TEXT NOT NULL DEFAULT ${NOW},
    updated_at TEXT NOT NULL DEFAULT ${NOW},
    deleted_at TEXT`;
const HEX64 = (t: string, c: string) =>
  `CONSTRAINT ${t}_${c}_check CHECK (length(${c}) = 64 AND ${c} NOT GLOB '*[^0-9a-f]*')`;

const R = 'immunization_supporting_data_releases';
const F = 'immunization_supporting_data_files';
const NEW_TABLES: readonly string[] = [R, F];

const TABLES: readonly string[] = [
  `CREATE TABLE ${R} (
    id TEXT NOT NULL PRIMARY KEY,
    version TEXT NOT NULL CONSTRAINT ${R}_version_check
      CHECK (version GLOB '[0-9]*.[0-9]*' AND version NOT GLOB '*[^0-9.]*' AND version NOT GLOB '*..*'
        AND version NOT GLOB '*.'),
    checksum TEXT NOT NULL UNIQUE ${HEX64(R, 'checksum')},
    file_count INTEGER NOT NULL CONSTRAINT ${R}_file_count_check CHECK (file_count > 0),
    is_current INTEGER NOT NULL DEFAULT 0 CONSTRAINT ${R}_is_current_check CHECK (is_current IN (0,1)),
    loaded_at TEXT NOT NULL DEFAULT ${NOW},
    loaded_by TEXT REFERENCES users(id) ON DELETE RESTRICT,
    ${TIMESTAMPS}
  ) STRICT`,
  `CREATE UNIQUE INDEX idx_${R}_is_current ON ${R} (is_current) WHERE is_current = 1`,
  `CREATE INDEX idx_${R}_loaded_at ON ${R} (loaded_at)`,
  `CREATE TABLE ${F} (
    id TEXT NOT NULL PRIMARY KEY,
    release_id TEXT NOT NULL REFERENCES ${R}(id) ON DELETE RESTRICT,
    file_name TEXT NOT NULL CONSTRAINT ${F}_file_name_check
      CHECK (file_name GLOB '?*.xml' AND file_name NOT GLOB '*[^A-Za-z0-9._-]*'),
    sha256 TEXT NOT NULL ${HEX64(F, 'sha256')},
    content TEXT NOT NULL CONSTRAINT ${F}_content_check CHECK (length(content) > 0),
    ${TIMESTAMPS},
    CONSTRAINT ${F}_release_id_file_name_key UNIQUE (release_id, file_name)
  ) STRICT`,
];

const CLOSED = `NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'write_path.open')`;
const GUARDS: readonly (readonly [suffix: string, timing: string])[] = [
  ['insert', 'BEFORE INSERT'],
  ['update', 'AFTER UPDATE'],
  ['delete', 'BEFORE DELETE'],
];

const UP: readonly string[] = [
  ...TABLES,
  ...NEW_TABLES.flatMap((t) =>
    GUARDS.map(
      ([suffix, timing]) =>
        `CREATE TRIGGER ${t}_outbox_guard_${suffix} ${timing} ON ${t} WHEN ${CLOSED}
    BEGIN SELECT RAISE(ABORT, '${t} must be written through the local store (outbox)'); END`,
    ),
  ),
];

// the tables' triggers and indexes go with them
const DOWN: readonly string[] = [`DROP TABLE ${F}`, `DROP TABLE ${R}`];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
