import { sql, type Kysely } from 'kysely';

/**
 * Workstation (SQLite) copy of server migration 0028_mar-five-rights: the same tables and columns (sync applies
 * rows by column name), mapped per docs/data-model.md (STRICT, timestamps UTC ISO-8601 TEXT, jsonb TEXT with
 * json_valid, numeric REAL, every CHECK named as PostgreSQL names it). Both new tables are written by the nurse
 * and pushed; each gets the outbox guard of 0005 (written only through the local store or the sync pull).
 */
const NOW = `(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;
const TIMESTAMPS = `created_at TEXT NOT NULL DEFAULT ${NOW},
    updated_at TEXT NOT NULL DEFAULT ${NOW},
    deleted_at TEXT`;

const NEW_TABLES: readonly string[] = [
  'medication_administration_corrections',
  'controlled_substance_transactions',
];

const UP_TABLES: readonly string[] = [
  `ALTER TABLE medication_administrations ADD COLUMN dose_timing TEXT
    CONSTRAINT medication_administrations_dose_timing_check CHECK (dose_timing IN ('EARLY','ON_TIME','LATE'))`,
  `ALTER TABLE medication_administrations ADD COLUMN voided_at TEXT`,
  `CREATE TABLE medication_administration_corrections (
    id TEXT NOT NULL PRIMARY KEY,
    administration_id TEXT NOT NULL REFERENCES medication_administrations(id) ON DELETE RESTRICT,
    student_id TEXT NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    kind TEXT NOT NULL
      CONSTRAINT medication_administration_corrections_kind_check CHECK (kind IN ('CORRECTION','VOID')),
    changes TEXT NOT NULL CONSTRAINT medication_administration_corrections_changes_check
      CHECK (json_valid(changes) AND json_type(changes) = 'object'),
    reason TEXT NOT NULL
      CONSTRAINT medication_administration_corrections_reason_check CHECK (length(trim(reason)) > 0),
    corrected_by TEXT NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    corrected_at TEXT NOT NULL,
    ${TIMESTAMPS}
  ) STRICT`,
  `CREATE INDEX idx_medication_administration_corrections_administration_id
    ON medication_administration_corrections (administration_id, corrected_at)`,
  `CREATE INDEX idx_medication_administration_corrections_student_id
    ON medication_administration_corrections (student_id)`,
  `CREATE INDEX idx_medication_administration_corrections_school_id
    ON medication_administration_corrections (school_id)`,
  `CREATE TABLE controlled_substance_transactions (
    id TEXT NOT NULL PRIMARY KEY,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    medication_id TEXT NOT NULL REFERENCES medications(id) ON DELETE RESTRICT,
    kind TEXT NOT NULL
      CONSTRAINT controlled_substance_transactions_kind_check
      CHECK (kind IN ('RECEIVED','GIVEN','WASTED','RETURNED','VOIDED','COUNT')),
    quantity REAL NOT NULL
      CONSTRAINT controlled_substance_transactions_quantity_check CHECK (quantity >= 0 AND quantity <= 100000),
    expected_quantity REAL,
    administration_id TEXT,
    recorded_by TEXT NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    witness_user_id TEXT REFERENCES users(id) ON DELETE RESTRICT,
    recorded_at TEXT NOT NULL,
    note TEXT,
    ${TIMESTAMPS},
    CONSTRAINT controlled_substance_transactions_witness_check CHECK (witness_user_id IS NOT recorded_by),
    CONSTRAINT controlled_substance_transactions_expected_quantity_check
      CHECK ((kind = 'COUNT') = (expected_quantity IS NOT NULL))
  ) STRICT`,
  `CREATE INDEX idx_controlled_substance_transactions_school_id_medication_id
    ON controlled_substance_transactions (school_id, medication_id, recorded_at)`,
];

const CLOSED = `NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'write_path.open')`;
const GUARDS: readonly (readonly [suffix: string, timing: string])[] = [
  ['insert', 'BEFORE INSERT'],
  ['update', 'AFTER UPDATE'],
  ['delete', 'BEFORE DELETE'],
];

const UP: readonly string[] = [
  ...UP_TABLES,
  ...NEW_TABLES.flatMap((t) =>
    GUARDS.map(
      ([suffix, timing]) =>
        `CREATE TRIGGER ${t}_outbox_guard_${suffix} ${timing} ON ${t} WHEN ${CLOSED}
    BEGIN SELECT RAISE(ABORT, '${t} must be written through the local store (outbox)'); END`,
    ),
  ),
];

const DOWN: readonly string[] = [
  // the tables' triggers and indexes go with them
  ...[...NEW_TABLES].reverse().map((t) => `DROP TABLE ${t}`),
  `ALTER TABLE medication_administrations DROP COLUMN voided_at`,
  `ALTER TABLE medication_administrations DROP COLUMN dose_timing`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
