import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateWorkstationTo, rollbackWorkstation } from '../../../src-main/db/migrate';
import { openTempWorkstationDb, type WorkstationTestDb } from '../../support/db';
import { introspectSqlite } from '../../support/introspect-sqlite';
import { migrationWriter } from '../../support/workstation-migration';
import { diffSchemas } from '../../support/schema-shape';

/**
 * Workstation migration 0009_mar-five-rights: the server's 0028 in SQLite. An existing dose keeps its values (no
 * timing, not voided), the constraints hold, both new tables refuse a write that bypasses the local store; down
 * leaves exactly the schema of 0008 and up works again.
 */
describe('workstation migration 0009_mar-five-rights', () => {
  let w: WorkstationTestDb;
  let before: ReturnType<typeof introspectSqlite>;
  const { run, open } = migrationWriter(() => w.sqlite);

  beforeAll(async () => {
    w = openTempWorkstationDb();
    await migrateWorkstationTo(w.db, '0008_clinic-visit-amendments');
    open(() => {
      run(`INSERT INTO schools (id, district_id, name, school_code) VALUES ('sch', 'd', 'School', 'S1')`);
      run(
        `INSERT INTO users (id, email, first_name, last_name, role) VALUES ('u1', 'a@x', 'A', 'N', 'NURSE')`,
      );
      run(
        `INSERT INTO users (id, email, first_name, last_name, role) VALUES ('u2', 'b@x', 'B', 'N', 'NURSE')`,
      );
      run(`INSERT INTO students (id, district_id, first_name, last_name, date_of_birth, grade_level, school_id,
             student_number) VALUES ('st', 'd', 'S', 'T', '2015-01-01', '4', 'sch', 'N1')`);
      run(`INSERT INTO medications (id, name) VALUES ('med', 'Methylphenidate')`);
      run(`INSERT INTO medication_administrations (id, student_id, medication_id, administered_at,
             administration_status, dose_given, administered_by, school_id)
           VALUES ('adm', 'st', 'med', '2026-01-05T15:00:00.000Z', 'GIVEN', '10 mg', 'u1', 'sch')`);
    });
    before = introspectSqlite(w.sqlite);
    await migrateWorkstationTo(w.db, '0009_mar-five-rights');
  });
  afterAll(async () => {
    await w?.dispose();
  });

  it('leaves an existing dose without timing and not voided', () => {
    expect(w.sqlite.prepare(`SELECT dose_timing, voided_at FROM medication_administrations`).all()).toEqual([
      { dose_timing: null, voided_at: null },
    ]);
  });

  it('refuses a write that bypasses the local store, on both new tables', () => {
    for (const t of ['medication_administration_corrections', 'controlled_substance_transactions'])
      expect(() => run(`INSERT INTO ${t} (id) VALUES ('z')`), t).toThrow(
        /must be written through the local store/,
      );
  });

  it('enforces its constraints', () => {
    expect(() => open(() => run(`UPDATE medication_administrations SET dose_timing = 'SOON'`))).toThrow(
      /medication_administrations_dose_timing_check/,
    );
    const correction = (kind: string, reason: string, changes = '{}') =>
      open(() =>
        run(`INSERT INTO medication_administration_corrections
               (id, administration_id, student_id, school_id, kind, changes, reason, corrected_by, corrected_at)
             VALUES ('c-${kind}-${reason.length}', 'adm', 'st', 'sch', '${kind}', '${changes}', '${reason}', 'u1',
               '2026-01-05T16:00:00.000Z')`),
      );
    expect(() => correction('VOID', '  ')).toThrow(/medication_administration_corrections_reason_check/);
    expect(() => correction('DELETE', 'wrong')).toThrow(/medication_administration_corrections_kind_check/);
    expect(() => correction('VOID', 'wrong', '[]')).toThrow(
      /medication_administration_corrections_changes_check/,
    );
    correction('VOID', 'wrong student');
    const tx = (id: string, kind: string, qty: number, expected: string, witness: string) =>
      open(() =>
        run(`INSERT INTO controlled_substance_transactions
               (id, school_id, medication_id, kind, quantity, expected_quantity, recorded_by, witness_user_id, recorded_at)
             VALUES ('${id}', 'sch', 'med', '${kind}', ${qty}, ${expected}, 'u1', ${witness}, '2026-01-05T16:00:00.000Z')`),
      );
    expect(() => tx('t1', 'RECEIVED', -1, 'NULL', 'NULL')).toThrow(
      /controlled_substance_transactions_quantity_check/,
    );
    expect(() => tx('t2', 'STOLEN', 1, 'NULL', 'NULL')).toThrow(
      /controlled_substance_transactions_kind_check/,
    );
    expect(() => tx('t3', 'WASTED', 1, 'NULL', `'u1'`)).toThrow(
      /controlled_substance_transactions_witness_check/,
    );
    expect(() => tx('t4', 'COUNT', 1, 'NULL', `'u2'`)).toThrow(
      /controlled_substance_transactions_expected_quantity_check/,
    );
    expect(() => tx('t5', 'RECEIVED', 1, '3', 'NULL')).toThrow(
      /controlled_substance_transactions_expected_quantity_check/,
    );
    tx('t6', 'COUNT', 28, '30', `'u2'`);
    tx('t7', 'RECEIVED', 30, 'NULL', 'NULL');
    expect(w.sqlite.prepare(`SELECT count(*) AS n FROM controlled_substance_transactions`).get()).toEqual({
      n: 2,
    });
    open(() => {
      run(`DELETE FROM controlled_substance_transactions`);
      run(`DELETE FROM medication_administration_corrections`);
    });
  });

  it('rolls back to exactly the schema of 0008 and migrates up again', async () => {
    await rollbackWorkstation(w.db, { all: false });
    expect(diffSchemas(before, introspectSqlite(w.sqlite), 'after rolling back 0009')).toEqual([]);
    expect(w.sqlite.prepare(`SELECT id, dose_given FROM medication_administrations`).all()).toEqual([
      { id: 'adm', dose_given: '10 mg' },
    ]);
    await migrateWorkstationTo(w.db, '0009_mar-five-rights');
    expect(
      w.sqlite
        .prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'controlled_substance_transactions'`)
        .get(),
    ).toEqual({ n: 1 });
  });
});
