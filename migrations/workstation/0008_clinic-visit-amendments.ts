import { sql, type Kysely } from 'kysely';

/**
 * Workstation (SQLite) copy of server migration 0027_clinic-visit-amendments: the new vital-sign columns and the
 * disposition of clinic_visits, and clinic_visit_amendments (pushed; the outbox guard of 0005), mapped per
 * docs/data-model.md (STRICT, timestamps UTC ISO-8601 TEXT, jsonb TEXT with json_valid, CHECKs named as PostgreSQL
 * names them).
 *
 * Also local_visit_drafts, the workstation's own table (never synced, no outbox guard): a nurse's half-filled new
 * visit for one student, kept across a restart of the app (one draft per nurse and student; the form's state as JSON).
 */
const NOW = `(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;
const T = 'clinic_visit_amendments';

const COLUMNS: readonly string[] = [
  `ALTER TABLE clinic_visits ADD COLUMN blood_glucose_mg_dl INTEGER
    CONSTRAINT clinic_visits_blood_glucose_mg_dl_check CHECK (blood_glucose_mg_dl BETWEEN 20 AND 600)`,
  `ALTER TABLE clinic_visits ADD COLUMN spo2_percent INTEGER
    CONSTRAINT clinic_visits_spo2_percent_check CHECK (spo2_percent BETWEEN 50 AND 100)`,
  `ALTER TABLE clinic_visits ADD COLUMN respiratory_rate INTEGER
    CONSTRAINT clinic_visits_respiratory_rate_check CHECK (respiratory_rate BETWEEN 4 AND 80)`,
  `ALTER TABLE clinic_visits ADD COLUMN pain_score INTEGER
    CONSTRAINT clinic_visits_pain_score_check CHECK (pain_score BETWEEN 0 AND 10)`,
  `ALTER TABLE clinic_visits ADD COLUMN peak_flow_l_min INTEGER
    CONSTRAINT clinic_visits_peak_flow_l_min_check CHECK (peak_flow_l_min BETWEEN 50 AND 900)`,
  `ALTER TABLE clinic_visits ADD COLUMN disposition TEXT
    CONSTRAINT clinic_visits_disposition_check
    CHECK (disposition IN ('RETURNED_TO_CLASS','SENT_HOME','EMERGENCY_TRANSPORT'))`,
];

const CLOSED = `NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'write_path.open')`;
const GUARDS: readonly (readonly [suffix: string, timing: string])[] = [
  ['insert', 'BEFORE INSERT'],
  ['update', 'AFTER UPDATE'],
  ['delete', 'BEFORE DELETE'],
];

const UP: readonly string[] = [
  ...COLUMNS,
  `CREATE TABLE ${T} (
    id TEXT NOT NULL PRIMARY KEY,
    clinic_visit_id TEXT NOT NULL REFERENCES clinic_visits(id) ON DELETE RESTRICT,
    student_id TEXT NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    changes TEXT NOT NULL
      CONSTRAINT ${T}_changes_check CHECK (json_valid(changes) AND json_type(changes) = 'object'),
    reason TEXT NOT NULL CONSTRAINT ${T}_reason_check CHECK (length(trim(reason)) > 0),
    amended_by TEXT NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    amended_at TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT ${NOW},
    updated_at TEXT NOT NULL DEFAULT ${NOW},
    deleted_at TEXT
  ) STRICT`,
  `CREATE INDEX idx_${T}_clinic_visit_id_amended_at ON ${T} (clinic_visit_id, amended_at)`,
  `CREATE INDEX idx_${T}_student_id ON ${T} (student_id)`,
  `CREATE INDEX idx_${T}_school_id ON ${T} (school_id)`,
  ...GUARDS.map(
    ([suffix, timing]) =>
      `CREATE TRIGGER ${T}_outbox_guard_${suffix} ${timing} ON ${T} WHEN ${CLOSED}
    BEGIN SELECT RAISE(ABORT, '${T} must be written through the local store (outbox)'); END`,
  ),
  `CREATE TABLE local_visit_drafts (
    user_id TEXT NOT NULL,
    student_id TEXT NOT NULL,
    draft TEXT NOT NULL CHECK (json_valid(draft) AND json_type(draft) = 'object'),
    saved_at TEXT NOT NULL,
    PRIMARY KEY (user_id, student_id)
  ) STRICT`,
];

const DOWN: readonly string[] = [
  `DROP TABLE local_visit_drafts`,
  // the table's triggers and indexes go with it
  `DROP TABLE ${T}`,
  `ALTER TABLE clinic_visits DROP COLUMN disposition`,
  `ALTER TABLE clinic_visits DROP COLUMN peak_flow_l_min`,
  `ALTER TABLE clinic_visits DROP COLUMN pain_score`,
  `ALTER TABLE clinic_visits DROP COLUMN respiratory_rate`,
  `ALTER TABLE clinic_visits DROP COLUMN spo2_percent`,
  `ALTER TABLE clinic_visits DROP COLUMN blood_glucose_mg_dl`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
