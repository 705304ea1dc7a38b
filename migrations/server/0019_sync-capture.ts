import { sql, type Kysely } from 'kysely';

/**
 * Change capture for sync (docs/sync.md).
 *
 * - The HLC columns of 0002_sync widen from varchar(40) to varchar(100): a device id (a UUID, 36 characters) as
 *   the HLC's node makes a timestamp of 58 characters (the protocol allows nodes of up to 64).
 * - Capture: AFTER INSERT / UPDATE / DELETE statement triggers with transition tables on every synced table
 *   append the statement's changes to sync_changes in one set-based INSERT (sync_capture_insert/update/delete).
 *   INSERT → UPSERT with the full row; UPDATE → UPSERT with only the changed columns (nothing when no
 *   sync-visible column changed); deleted_at set → DELETE (the tombstone) with the changed columns; deleted_at
 *   cleared by the server → UPSERT of the full row; the row's school changed (a transfer) → REMOVE for the old
 *   school plus UPSERT of the full row for the new one; a physical DELETE → DELETE. Columns the server keeps to
 *   itself (users.password_hash...) never enter the log. device_id comes from app.device_id; device_seq and hlc
 *   per row from app.sync_meta ({row id: {s, h}}, set by the push apply), else from app.device_seq / app.hlc.
 *   The school of a row: its school_id column; district-wide (NULL) for catalogs; report_generation_log takes its
 *   report instance's. They run as the table owner (SECURITY DEFINER): the log is the server's, so the caller's
 *   row-level security does not decide what gets logged.
 * - Ordering: every transaction that writes a synced table takes pg_advisory_xact_lock(1464030041) at its
 *   first synced write statement (BEFORE STATEMENT, so before any row lock of that statement) and holds it
 *   until commit. server_seq is drawn under the lock, so server_seq order is commit order and a pull can
 *   never see seq N+1 while seq N is still in flight.
 * - sync_apply_changes(groups): applies a push's decided writes in one call, one multi-row statement per group
 *   of consecutive writes of one table, operation and column set. On a failure it finds the failing row, rolls
 *   back everything it wrote in this call and returns {failed: index, sqlstate, message, constraint}; NULL when
 *   all applied. It runs as the caller (row-level security applies).
 * - sync_rows_elsewhere(table, ids): which of these ids exist at all, whatever the caller's schools, so a push
 *   that names another school's row is refused as out of scope instead of looking like a new row.
 * - Backfill: every existing row of a synced table becomes an UPSERT, parents before children.
 * The table list is frozen here (src-shared/sync/tables.ts at the time of writing).
 */
const LOCK_KEY = 1464030041;

/** [table, school scope ('school_id' | 'district' | 'parent:<table>:<fk column>'), hidden columns]. */
const TABLES: readonly (readonly [string, string, string])[] = [
  ['schools', 'district', ''],
  ['users', 'district', 'password_hash,failed_login_count,locked_until,last_login_at,password_changed_at'],
  ['students', 'school_id', ''],
  ['medications', 'district', ''],
  ['drug_catalog', 'district', ''],
  ['drug_interactions', 'district', ''],
  ['interaction_severity_levels', 'district', ''],
  ['visit_reasons', 'district', ''],
  ['vaccination_schedules', 'district', ''],
  ['alert_definitions', 'district', ''],
  ['report_definitions', 'district', ''],
  ['guardians', 'school_id', ''],
  ['allergies', 'school_id', ''],
  ['health_conditions', 'school_id', ''],
  ['student_medications', 'school_id', ''],
  ['clinic_visits', 'school_id', ''],
  ['medication_administrations', 'school_id', ''],
  ['vaccinations', 'school_id', ''],
  ['immunization_exemptions', 'school_id', ''],
  ['immunization_reminders', 'school_id', ''],
  ['class_time_missed', 'school_id', ''],
  ['symptom_tracking', 'school_id', ''],
  ['student_drug_allergies_xref', 'school_id', ''],
  ['alert_instances', 'school_id', ''],
  ['phi_disclosures', 'school_id', ''],
  ['phi_disclosure_recipients', 'school_id', ''],
  ['report_instances', 'school_id', ''],
  ['report_generation_log', 'parent:report_instances:report_instance_id', ''],
];

/** Per row of a capture statement: its HLC and device seq (app.sync_meta by row id, else app.hlc / app.device_seq). */
const META_HLC = `COALESCE(v_meta->(r.j->>'id')->>'h', v_hlc)`;
const META_SEQ = `COALESCE(v_meta->(r.j->>'id')->>'s', v_seq)::bigint`;
const SCHOOL_OF = (j: string) =>
  `CASE WHEN v_scope = 'school_id' THEN ${j}->>'school_id' WHEN v_scope = 'district' THEN NULL ELSE sync_capture_school(v_scope, ${j}) END`;
const DECLARE = `
  DECLARE
    v_scope text := TG_ARGV[0];
    v_hidden text[] := COALESCE(string_to_array(NULLIF(TG_ARGV[1], ''), ','), '{}'::text[]);
    v_meta jsonb := NULLIF(current_setting('app.sync_meta', true), '')::jsonb;
    v_seq text := NULLIF(current_setting('app.device_seq', true), '');
    v_hlc text := NULLIF(current_setting('app.hlc', true), '');
    v_dev text := NULLIF(current_setting('app.device_id', true), '');`;
const CAPTURE_FN = `LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp`;
/** device_id and device_seq are both set (a pushed change) or both NULL (a change made on the server). */
const INSERT_CHANGES = `INSERT INTO sync_changes (table_name, row_id, school_id, operation, changed_columns, hlc, device_id, device_seq)`;
const DEVICE_COLS = `CASE WHEN c.seq IS NOT NULL THEN v_dev END, CASE WHEN v_dev IS NOT NULL THEN c.seq END`;

const FUNCTIONS: readonly string[] = [
  `CREATE FUNCTION sync_capture_lock() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    PERFORM pg_advisory_xact_lock(${LOCK_KEY});
    RETURN NULL;
  END
  $fn$`,

  `CREATE FUNCTION sync_capture_school(p_scope text, p_row jsonb) RETURNS text LANGUAGE plpgsql STABLE AS $fn$
  DECLARE
    v_school text;
  BEGIN
    IF p_scope = 'school_id' THEN
      RETURN p_row->>'school_id';
    ELSIF p_scope LIKE 'parent:%' THEN
      EXECUTE format('SELECT school_id FROM %I WHERE id = $1', split_part(p_scope, ':', 2))
        INTO v_school USING p_row->>split_part(p_scope, ':', 3);
      RETURN v_school;
    END IF;
    RETURN NULL;
  END
  $fn$`,

  // INSERT → UPSERT of the whole row.
  `CREATE FUNCTION sync_capture_insert() RETURNS trigger ${CAPTURE_FN} AS $fn$${DECLARE}
  BEGIN
    PERFORM pg_advisory_xact_lock(${LOCK_KEY});
    ${INSERT_CHANGES}
    SELECT TG_TABLE_NAME, c.id, c.school, 'UPSERT', c.j - 'id', c.hlc, ${DEVICE_COLS}
    FROM (SELECT r.j->>'id' AS id, r.j, r.ord, ${SCHOOL_OF('r.j')} AS school, ${META_HLC} AS hlc, ${META_SEQ} AS seq
          FROM (SELECT to_jsonb(n) - v_hidden AS j, row_number() OVER () AS ord FROM new_rows n) r) c
    ORDER BY c.seq NULLS LAST, c.ord;
    RETURN NULL;
  END
  $fn$`,

  // DELETE (physical) → DELETE.
  `CREATE FUNCTION sync_capture_delete() RETURNS trigger ${CAPTURE_FN} AS $fn$${DECLARE}
  BEGIN
    PERFORM pg_advisory_xact_lock(${LOCK_KEY});
    ${INSERT_CHANGES}
    SELECT TG_TABLE_NAME, c.id, c.school, 'DELETE', '{}'::jsonb, c.hlc, ${DEVICE_COLS}
    FROM (SELECT r.j->>'id' AS id, r.ord, ${SCHOOL_OF('r.j')} AS school, ${META_HLC} AS hlc, ${META_SEQ} AS seq
          FROM (SELECT to_jsonb(o) AS j, row_number() OVER () AS ord FROM old_rows o) r) c
    ORDER BY c.seq NULLS LAST, c.ord;
    RETURN NULL;
  END
  $fn$`,

  // UPDATE → the changed columns (nothing when none changed); a new school → REMOVE for the old one + the whole
  // row for the new one; deleted_at set → DELETE; deleted_at cleared → the whole row.
  `CREATE FUNCTION sync_capture_update() RETURNS trigger ${CAPTURE_FN} AS $fn$${DECLARE}
  BEGIN
    PERFORM pg_advisory_xact_lock(${LOCK_KEY});
    ${INSERT_CHANGES}
    SELECT TG_TABLE_NAME, c.id, c.school, c.op, c.cols, c.hlc, ${DEVICE_COLS}
    FROM (
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
    ) c
    ORDER BY c.seq NULLS LAST, c.ord, c.kind;
    RETURN NULL;
  END
  $fn$`,

  `CREATE FUNCTION sync_rows_elsewhere(p_table text, p_ids jsonb) RETURNS SETOF text LANGUAGE plpgsql STABLE
    SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
  BEGIN
    IF p_table NOT IN (${TABLES.map(([t]) => `'${t}'`).join(', ')}) THEN
      RAISE EXCEPTION '% is not a synced table', p_table USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY EXECUTE format('SELECT id FROM %I WHERE id IN (SELECT jsonb_array_elements_text($1))', p_table) USING p_ids;
  END
  $fn$`,

  // p_groups: [{t, op: INSERT|UPDATE, cols: [column...], rows: [{id, column: value...}], meta: {id: {s: seq, h: hlc}}}],
  // each group one multi-row statement (a row id at most once per group). On the first failure: finds the failing
  // row (row by row, only then), rolls back everything of this call, and says which row (index over all groups).
  `CREATE FUNCTION sync_apply_changes(p_groups jsonb) RETURNS jsonb LANGUAGE plpgsql AS $fn$
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
    BEGIN
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
      PERFORM set_config('app.sync_meta', '', true);
      RETURN jsonb_build_object('failed', v_failed, 'sqlstate', v_state, 'message', v_msg, 'constraint', NULLIF(v_constraint, ''));
    END;
    PERFORM set_config('app.sync_meta', '', true);
    RETURN NULL;
  END
  $fn$`,
];

const hiddenList = (hidden: string): string =>
  hidden === ''
    ? ''
    : ` - ARRAY[${hidden
        .split(',')
        .map((c) => `'${c}'`)
        .join(', ')}]::text[]`;

const schoolExpr = (scope: string): string =>
  scope === 'school_id'
    ? 'x.school_id'
    : scope === 'district'
      ? 'NULL::text'
      : `sync_capture_school('${scope}', to_jsonb(x))`;

/** An HLC is '<15 digits>:<5 digits>:<node>' with a node (the device id) of up to 64 characters: 86 characters at most. */
const HLC_COLUMNS: readonly (readonly [string, string])[] = [
  ['sync_changes', 'hlc'],
  ['sync_field_versions', 'hlc'],
  ['sync_conflicts', 'winning_hlc'],
  ['sync_conflicts', 'losing_hlc'],
];

const UP: readonly string[] = [
  ...HLC_COLUMNS.map(([t, c]) => `ALTER TABLE ${t} ALTER COLUMN ${c} TYPE varchar(100)`),
  ...FUNCTIONS,
  ...TABLES.flatMap(([t, scope, hidden]) => [
    `CREATE TRIGGER sync_capture_lock BEFORE INSERT OR UPDATE OR DELETE ON ${t}
      FOR EACH STATEMENT EXECUTE FUNCTION sync_capture_lock()`,
    ...(['insert', 'update', 'delete'] as const).map(
      (op) => `CREATE TRIGGER sync_capture_${op} AFTER ${op.toUpperCase()} ON ${t}
        REFERENCING ${op === 'insert' ? 'NEW TABLE AS new_rows' : op === 'delete' ? 'OLD TABLE AS old_rows' : 'OLD TABLE AS old_rows NEW TABLE AS new_rows'}
        FOR EACH STATEMENT EXECUTE FUNCTION sync_capture_${op}('${scope}', '${hidden}')`,
    ),
  ]),
  ...TABLES.map(
    ([t, scope, hidden]) =>
      `INSERT INTO sync_changes (table_name, row_id, school_id, operation, changed_columns)
        SELECT '${t}', x.id, ${schoolExpr(scope)}, 'UPSERT', to_jsonb(x)${hiddenList(hidden)} - 'id'
        FROM ${t} x ORDER BY x.id`,
  ),
];

const DOWN: readonly string[] = [
  ...[...TABLES]
    .reverse()
    .flatMap(([t]) => [
      `DROP TRIGGER sync_capture_delete ON ${t}`,
      `DROP TRIGGER sync_capture_update ON ${t}`,
      `DROP TRIGGER sync_capture_insert ON ${t}`,
      `DROP TRIGGER sync_capture_lock ON ${t}`,
    ]),
  `DROP FUNCTION sync_apply_changes(jsonb)`,
  `DROP FUNCTION sync_rows_elsewhere(text, jsonb)`,
  `DROP FUNCTION sync_capture_update()`,
  `DROP FUNCTION sync_capture_delete()`,
  `DROP FUNCTION sync_capture_insert()`,
  `DROP FUNCTION sync_capture_school(text, jsonb)`,
  `DROP FUNCTION sync_capture_lock()`,
  ...HLC_COLUMNS.map(([t, c]) => `ALTER TABLE ${t} ALTER COLUMN ${c} TYPE varchar(40)`),
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
