import { sql, type Kysely } from 'kysely';

/**
 * Push ingest: fewer round trips, and a shorter hold of the sync capture lock (docs/sync.md, "Ordering" and
 * "Push"; docs/bench.md, "Push ingest").
 *
 * - sync_rows_elsewhere_by_table(ids): sync_rows_elsewhere of 0019 for every table of a push at once. `ids` is
 *   {table: [row id...]}; returns (table_name, row_id) of the rows that exist at all, whatever the caller's
 *   schools, so a push that names another school's row is refused as out of scope instead of looking like a
 *   new row. Only synced tables (listed here, frozen); it returns ids, never row data.
 * - Staged capture. 0019's writers take the capture lock at their first synced write and hold it to commit, so
 *   a push's whole write step (its rows, their indexes, foreign key and row-level security checks, the capture
 *   triggers' to_jsonb) ran one push at a time. Now, while app.sync_defer is 'on' (only inside
 *   sync_apply_changes), the lock trigger does not lock and the capture triggers compute each statement's changes
 *   exactly as before but append them to app.sync_staged (transaction-local: a rolled back statement, savepoint
 *   or transaction takes its staged changes with it) instead of inserting them. sync_log_staged() then takes the
 *   capture lock and inserts the staged changes into sync_changes in staging order, so server_seq is still drawn
 *   only under the lock, which is still held to commit: server_seq order stays commit order, and a pull still
 *   never skips a late commit. Only the log insert, and what the transaction does after it, run under the lock.
 *   sync_log_staged runs as its caller: the row-level security of sync_changes applies to what it logs (a push
 *   only logs rows of its own school). It answers {logged, waited_ms} (its wait for the lock, for the profile).
 *   Writers that do not go through sync_apply_changes (routes, jobs, transfers, the seed) capture as in 0019.
 * - sync_apply_changes(groups, log_later DEFAULT false) replaces sync_apply_changes(groups): the same writes and
 *   the same answer, its capture staged; it logs the staged changes itself (sync_log_staged) before it returns,
 *   unless log_later is true, and then the caller must call sync_log_staged() in the same transaction (the push
 *   does, as its next statement: server-sync/sync/store.ts applyWrites).
 * - audit_chain_lock_head(): the audit chain lock and audit_chain_head() in one statement (the audit writer's two
 *   round trips in one; a push makes them while it holds the capture lock).
 */

const LOCK_KEY = 1464030041;

/** The synced tables of 0019 (src-shared/sync/tables.ts at the time of writing). */
const SYNCED: readonly string[] = [
  'schools',
  'users',
  'students',
  'medications',
  'drug_catalog',
  'drug_interactions',
  'interaction_severity_levels',
  'visit_reasons',
  'vaccination_schedules',
  'alert_definitions',
  'report_definitions',
  'guardians',
  'allergies',
  'health_conditions',
  'student_medications',
  'clinic_visits',
  'medication_administrations',
  'vaccinations',
  'immunization_exemptions',
  'immunization_reminders',
  'class_time_missed',
  'symptom_tracking',
  'student_drug_allergies_xref',
  'alert_instances',
  'phi_disclosures',
  'phi_disclosure_recipients',
  'report_instances',
  'report_generation_log',
];

const ELSEWHERE = `CREATE FUNCTION sync_rows_elsewhere_by_table(p_ids jsonb) RETURNS TABLE (table_name text, row_id text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
  DECLARE
    v_t text;
    v_sql text;
  BEGIN
    IF jsonb_typeof(p_ids) IS DISTINCT FROM 'object' THEN
      RAISE EXCEPTION 'sync_rows_elsewhere_by_table takes {table: [row id...]}' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR v_t IN SELECT k FROM jsonb_object_keys(p_ids) k ORDER BY k LOOP
      IF v_t NOT IN (${SYNCED.map((t) => `'${t}'`).join(', ')}) THEN
        RAISE EXCEPTION '% is not a synced table', v_t USING ERRCODE = 'invalid_parameter_value';
      END IF;
      v_sql := concat_ws(' UNION ALL ', v_sql,
        format('SELECT %L::text, x.id FROM %I x WHERE x.id = ANY (ARRAY(SELECT jsonb_array_elements_text($1->%L)))', v_t, v_t, v_t));
    END LOOP;
    IF v_sql IS NOT NULL THEN
      RETURN QUERY EXECUTE v_sql USING p_ids;
    END IF;
  END
  $fn$`;

// The capture functions of 0019, written so that `staged` adds the staging branch and `!staged` is 0019's text.
const META_HLC = `COALESCE(v_meta->(r.j->>'id')->>'h', v_hlc)`;
const META_SEQ = `COALESCE(v_meta->(r.j->>'id')->>'s', v_seq)::bigint`;
const SCHOOL_OF = (j: string) =>
  `CASE WHEN v_scope = 'school_id' THEN ${j}->>'school_id' WHEN v_scope = 'district' THEN NULL ELSE sync_capture_school(v_scope, ${j}) END`;
const DECLARE = (staged: boolean) => `
  DECLARE
    v_scope text := TG_ARGV[0];
    v_hidden text[] := COALESCE(string_to_array(NULLIF(TG_ARGV[1], ''), ','), '{}'::text[]);
    v_meta jsonb := NULLIF(current_setting('app.sync_meta', true), '')::jsonb;
    v_seq text := NULLIF(current_setting('app.device_seq', true), '');
    v_hlc text := NULLIF(current_setting('app.hlc', true), '');
    v_dev text := NULLIF(current_setting('app.device_id', true), '');${
      staged
        ? `
    v_staged boolean := COALESCE(current_setting('app.sync_defer', true), '') = 'on';
    v_chunk jsonb;`
        : ''
    }`;
const CAPTURE_FN = `LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp`;
const INSERT_CHANGES = `INSERT INTO sync_changes (table_name, row_id, school_id, operation, changed_columns, hlc, device_id, device_seq)`;
const DEVICE_COLS = `CASE WHEN c.seq IS NOT NULL THEN v_dev END, CASE WHEN v_dev IS NOT NULL THEN c.seq END`;

/** A capture function's body: the lock and the INSERT of 0019, or (staged) the same rows appended to app.sync_staged. */
function captureBody(staged: boolean, cols: string, from: string, order: string): string {
  const direct = `PERFORM pg_advisory_xact_lock(${LOCK_KEY});
    ${INSERT_CHANGES}
    SELECT ${cols}
    FROM ${from}
    ORDER BY ${order};`;
  if (!staged) return direct;
  return `IF v_staged THEN
      SELECT jsonb_agg(jsonb_build_array(${cols}) ORDER BY ${order}) INTO v_chunk
      FROM ${from};
      PERFORM sync_capture_stage(v_chunk);
    ELSE
      ${direct}
    END IF;`;
}

const INSERT_FROM = `(SELECT r.j->>'id' AS id, r.j, r.ord, ${SCHOOL_OF('r.j')} AS school, ${META_HLC} AS hlc, ${META_SEQ} AS seq
          FROM (SELECT to_jsonb(n) - v_hidden AS j, row_number() OVER () AS ord FROM new_rows n) r) c`;
const DELETE_FROM = `(SELECT r.j->>'id' AS id, r.ord, ${SCHOOL_OF('r.j')} AS school, ${META_HLC} AS hlc, ${META_SEQ} AS seq
          FROM (SELECT to_jsonb(o) AS j, row_number() OVER () AS ord FROM old_rows o) r) c`;
const UPDATE_FROM = `(
      SELECT p.id, p.ord, p.hlc, p.seq, e.kind, e.school, e.op, e.cols
      FROM (
        SELECT r.j->>'id' AS id, o.j AS oj, r.j AS nj, r.ord, ${META_HLC} AS hlc, ${META_SEQ} AS seq,
               ${SCHOOL_OF('o.j')} AS old_school, ${SCHOOL_OF('r.j')} AS new_school,
               (SELECT jsonb_object_agg(k.key, k.value) FROM jsonb_each(r.j) k
                 WHERE k.key <> 'id' AND (o.j->k.key) IS DISTINCT FROM k.value) AS changed
        FROM (SELECT to_jsonb(n) - v_hidden AS j, row_number() OVER () AS ord FROM new_rows n) r
        JOIN (SELECT to_jsonb(x) - v_hidden AS j FROM old_rows x) o ON o.j->>'id' = r.j->>'id'
      ) p
      CROSS JOIN LATERAL (
        SELECT 1 AS kind, p.old_school AS school, 'REMOVE' AS op, '{}'::jsonb AS cols
          WHERE p.old_school IS DISTINCT FROM p.new_school AND p.old_school IS NOT NULL
        UNION ALL
        SELECT 2, p.new_school, 'UPSERT', p.nj - 'id'
          WHERE p.old_school IS DISTINCT FROM p.new_school
        UNION ALL
        SELECT 2, p.new_school,
               CASE WHEN p.oj->>'deleted_at' IS NULL AND p.nj->>'deleted_at' IS NOT NULL THEN 'DELETE' ELSE 'UPSERT' END,
               CASE WHEN p.oj->>'deleted_at' IS NOT NULL AND p.nj->>'deleted_at' IS NULL THEN p.nj - 'id' ELSE p.changed END
          WHERE p.old_school IS NOT DISTINCT FROM p.new_school AND p.changed IS NOT NULL
      ) e
    ) c`;

const captureFunctions = (staged: boolean): string[] => [
  `CREATE OR REPLACE FUNCTION sync_capture_lock() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    ${staged ? `IF COALESCE(current_setting('app.sync_defer', true), '') <> 'on' THEN\n      PERFORM pg_advisory_xact_lock(${LOCK_KEY});\n    END IF;` : `PERFORM pg_advisory_xact_lock(${LOCK_KEY});`}
    RETURN NULL;
  END
  $fn$`,
  // INSERT → UPSERT of the whole row.
  `CREATE OR REPLACE FUNCTION sync_capture_insert() RETURNS trigger ${CAPTURE_FN} AS $fn$${DECLARE(staged)}
  BEGIN
    ${captureBody(staged, `TG_TABLE_NAME, c.id, c.school, 'UPSERT', c.j - 'id', c.hlc, ${DEVICE_COLS}`, INSERT_FROM, 'c.seq NULLS LAST, c.ord')}
    RETURN NULL;
  END
  $fn$`,
  // DELETE (physical) → DELETE.
  `CREATE OR REPLACE FUNCTION sync_capture_delete() RETURNS trigger ${CAPTURE_FN} AS $fn$${DECLARE(staged)}
  BEGIN
    ${captureBody(staged, `TG_TABLE_NAME, c.id, c.school, 'DELETE', '{}'::jsonb, c.hlc, ${DEVICE_COLS}`, DELETE_FROM, 'c.seq NULLS LAST, c.ord')}
    RETURN NULL;
  END
  $fn$`,
  // UPDATE → the changed columns (nothing when none changed); a new school → REMOVE for the old one + the whole
  // row for the new one; deleted_at set → DELETE; deleted_at cleared → the whole row.
  `CREATE OR REPLACE FUNCTION sync_capture_update() RETURNS trigger ${CAPTURE_FN} AS $fn$${DECLARE(staged)}
  BEGIN
    ${captureBody(staged, `TG_TABLE_NAME, c.id, c.school, c.op, c.cols, c.hlc, ${DEVICE_COLS}`, UPDATE_FROM, 'c.seq NULLS LAST, c.ord, c.kind')}
    RETURN NULL;
  END
  $fn$`,
];

/** Appends one statement's changes (a JSON array of [table, row, school, operation, columns, hlc, device, seq]) to app.sync_staged, one line each. */
const STAGE = `CREATE FUNCTION sync_capture_stage(p_chunk jsonb) RETURNS void LANGUAGE plpgsql AS $fn$
  BEGIN
    IF p_chunk IS NOT NULL THEN
      PERFORM set_config('app.sync_staged', COALESCE(current_setting('app.sync_staged', true), '') || p_chunk::text || E'\\n', true);
    END IF;
  END
  $fn$`;

/**
 * Takes the capture lock (held to commit) and logs the staged changes in staging order. Returns how many it logged
 * and how long it waited for the lock (milliseconds; for the push's profile).
 */
const LOG_STAGED = `CREATE FUNCTION sync_log_staged() RETURNS jsonb LANGUAGE plpgsql AS $fn$
  DECLARE
    v_t0 timestamptz := clock_timestamp();
    v_waited numeric;
    v_staged text;
    v_n integer := 0;
  BEGIN
    PERFORM pg_advisory_xact_lock(${LOCK_KEY});
    v_waited := round((extract(epoch FROM clock_timestamp() - v_t0) * 1000)::numeric, 3);
    v_staged := NULLIF(current_setting('app.sync_staged', true), '');
    IF v_staged IS NOT NULL THEN
      ${INSERT_CHANGES}
      SELECT x.e->>0, x.e->>1, x.e->>2, x.e->>3, x.e->4, x.e->>5, x.e->>6, (x.e->>7)::bigint
      FROM unnest(string_to_array(rtrim(v_staged, E'\\n'), E'\\n')) WITH ORDINALITY AS s(chunk, n)
      CROSS JOIN LATERAL jsonb_array_elements(s.chunk::jsonb) WITH ORDINALITY AS x(e, k)
      ORDER BY s.n, x.k;
      GET DIAGNOSTICS v_n = ROW_COUNT;
      PERFORM set_config('app.sync_staged', '', true);
    END IF;
    RETURN jsonb_build_object('logged', v_n, 'waited_ms', v_waited);
  END
  $fn$`;

/** pg_advisory_xact_lock key of the audit chain (server-sync/audit/writer.ts AUDIT_CHAIN_LOCK_KEY). */
const AUDIT_LOCK_KEY = 7301982113;

/**
 * The audit chain's lock and head in one statement: takes the audit chain lock (held to commit), then reads
 * audit_chain_head() (0018) in a snapshot taken after the lock is granted (a VOLATILE function's statements each take
 * their own), so it sees the rows of the appender that held the lock before.
 */
const AUDIT_LOCK_HEAD = `CREATE FUNCTION audit_chain_lock_head(OUT chain_seq bigint, OUT row_hash varchar)
    RETURNS record LANGUAGE plpgsql VOLATILE AS $fn$
  BEGIN
    PERFORM pg_advisory_xact_lock(${AUDIT_LOCK_KEY});
    SELECT h.chain_seq, h.row_hash INTO chain_seq, row_hash FROM audit_chain_head() h;
  END
  $fn$`;

/** sync_apply_changes of 0019 (staged: with its capture staged, and log_later). */
const applyChanges = (
  staged: boolean,
): string => `CREATE FUNCTION sync_apply_changes(p_groups jsonb${staged ? ', p_log_later boolean DEFAULT false' : ''}) RETURNS jsonb LANGUAGE plpgsql AS $fn$
  DECLARE
    v_g jsonb;
    v_base integer := 0;
    v_failed integer;
    v_t text;
    v_list text;
    v_set text;
    v_sql text;
    v_n bigint;
    v_i integer;
    v_state text;
    v_msg text;
    v_constraint text;
  BEGIN
    BEGIN${staged ? `\n      PERFORM set_config('app.sync_defer', 'on', true);` : ''}
      FOR v_g IN SELECT value FROM jsonb_array_elements(p_groups) LOOP
        v_t := v_g->>'t';
        SELECT string_agg(quote_ident(k), ', '), string_agg(format('%I = r.%I', k, k), ', ')
          INTO v_list, v_set FROM jsonb_array_elements_text(v_g->'cols') k;
        IF v_g->>'op' = 'INSERT' THEN
          v_sql := format('INSERT INTO %I (%s) SELECT %s FROM jsonb_populate_recordset(NULL::%I, $1)', v_t, v_list, v_list, v_t);
        ELSE
          v_sql := format('UPDATE %I t SET %s FROM jsonb_populate_recordset(NULL::%I, $1) r WHERE t.id = r.id', v_t, v_set, v_t);
        END IF;
        PERFORM set_config('app.sync_meta', (v_g->'meta')::text, true);
        BEGIN
          EXECUTE v_sql USING v_g->'rows';
          GET DIAGNOSTICS v_n = ROW_COUNT;
          IF v_n <> jsonb_array_length(v_g->'rows') THEN
            RAISE EXCEPTION 'a row of % does not exist in this school', v_t USING ERRCODE = 'no_data_found';
          END IF;
        EXCEPTION WHEN OTHERS THEN
          GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_msg = MESSAGE_TEXT, v_constraint = CONSTRAINT_NAME;
          v_failed := v_base;
          FOR v_i IN 0 .. jsonb_array_length(v_g->'rows') - 1 LOOP
            BEGIN
              EXECUTE v_sql USING jsonb_build_array(v_g->'rows'->v_i);
              GET DIAGNOSTICS v_n = ROW_COUNT;
              IF v_n = 0 THEN
                RAISE EXCEPTION 'row % of % does not exist in this school', v_g->'rows'->v_i->>'id', v_t USING ERRCODE = 'no_data_found';
              END IF;
            EXCEPTION WHEN OTHERS THEN
              GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_msg = MESSAGE_TEXT, v_constraint = CONSTRAINT_NAME;
              v_failed := v_base + v_i;
              EXIT;
            END;
          END LOOP;
          RAISE EXCEPTION USING ERRCODE = v_state, MESSAGE = v_msg, CONSTRAINT = COALESCE(v_constraint, '');
        END;
        v_base := v_base + jsonb_array_length(v_g->'rows');
      END LOOP;
    EXCEPTION WHEN OTHERS THEN
      PERFORM set_config('app.sync_meta', '', true);${staged ? `\n      PERFORM set_config('app.sync_defer', '', true);` : ''}
      RETURN jsonb_build_object('failed', v_failed, 'sqlstate', v_state, 'message', v_msg, 'constraint', NULLIF(v_constraint, ''));
    END;
    PERFORM set_config('app.sync_meta', '', true);${
      staged
        ? `\n    PERFORM set_config('app.sync_defer', '', true);\n    IF NOT p_log_later THEN\n      PERFORM sync_log_staged();\n    END IF;`
        : ''
    }
    RETURN NULL;
  END
  $fn$`;

const UP: readonly string[] = [
  ELSEWHERE,
  AUDIT_LOCK_HEAD,
  STAGE,
  LOG_STAGED,
  ...captureFunctions(true),
  `DROP FUNCTION sync_apply_changes(jsonb)`,
  applyChanges(true),
];

const DOWN: readonly string[] = [
  `DROP FUNCTION sync_apply_changes(jsonb, boolean)`,
  applyChanges(false),
  ...captureFunctions(false),
  `DROP FUNCTION sync_log_staged()`,
  `DROP FUNCTION sync_capture_stage(jsonb)`,
  `DROP FUNCTION audit_chain_lock_head()`,
  `DROP FUNCTION sync_rows_elsewhere_by_table(jsonb)`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
