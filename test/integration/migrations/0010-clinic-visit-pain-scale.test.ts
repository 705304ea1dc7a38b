import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateWorkstationTo, rollbackWorkstation } from '../../../src-main/db/migrate';
import { openTempWorkstationDb, type WorkstationTestDb } from '../../support/db';
import { introspectSqlite } from '../../support/introspect-sqlite';
import { migrationWriter } from '../../support/workstation-migration';
import { diffSchemas } from '../../support/schema-shape';

/**
 * Workstation migration 0010_clinic-visit-pain-scale: the server's 0029 in SQLite. An existing visit keeps its pain
 * score with no scale, the scale takes NUMERIC or FACES only, clinic_visits keeps its outbox guard; down leaves
 * exactly the schema of 0009 (the visit and its score intact) and up works again.
 */
describe('workstation migration 0010_clinic-visit-pain-scale', () => {
  let w: WorkstationTestDb;
  let before: ReturnType<typeof introspectSqlite>;
  const { run, open } = migrationWriter(() => w.sqlite);

  beforeAll(async () => {
    w = openTempWorkstationDb();
    await migrateWorkstationTo(w.db, '0009_mar-five-rights');
    open(() => {
      run(`INSERT INTO schools (id, district_id, name, school_code) VALUES ('sch', 'd', 'School', 'S1')`);
      run(
        `INSERT INTO users (id, email, first_name, last_name, role) VALUES ('u1', 'a@x', 'A', 'N', 'NURSE')`,
      );
      run(`INSERT INTO students (id, district_id, first_name, last_name, date_of_birth, grade_level, school_id,
             student_number) VALUES ('st', 'd', 'S', 'T', '2015-01-01', '4', 'sch', 'N1')`);
      run(`INSERT INTO clinic_visits (id, student_id, arrival_time, presenting_complaint, attended_by_user_id,
             school_id, pain_score) VALUES ('v1', 'st', '2026-01-05T14:00:00.000Z', 'Knee', 'u1', 'sch', 6)`);
    });
    before = introspectSqlite(w.sqlite);
    await migrateWorkstationTo(w.db, '0010_clinic-visit-pain-scale');
  });
  afterAll(async () => {
    await w?.dispose();
  });

  it('keeps an existing pain score, with no scale', () => {
    expect(w.sqlite.prepare(`SELECT pain_score, pain_scale FROM clinic_visits`).all()).toEqual([
      { pain_score: 6, pain_scale: null },
    ]);
  });

  it('takes NUMERIC or FACES only, written through the local store', () => {
    expect(() => run(`UPDATE clinic_visits SET pain_scale = 'FACES'`)).toThrow(
      /must be written through the local store/,
    );
    expect(() => open(() => run(`UPDATE clinic_visits SET pain_scale = 'EMOJI'`))).toThrow(
      /clinic_visits_pain_scale_check/,
    );
    open(() => run(`UPDATE clinic_visits SET pain_scale = 'FACES'`));
    expect(w.sqlite.prepare(`SELECT pain_scale FROM clinic_visits`).get()).toEqual({ pain_scale: 'FACES' });
  });

  it('rolls back to exactly the schema of 0009 and migrates up again', async () => {
    await rollbackWorkstation(w.db, { all: false });
    expect(diffSchemas(before, introspectSqlite(w.sqlite), 'after rolling back 0010')).toEqual([]);
    expect(w.sqlite.prepare(`SELECT id, pain_score FROM clinic_visits`).all()).toEqual([
      { id: 'v1', pain_score: 6 },
    ]);
    await migrateWorkstationTo(w.db, '0010_clinic-visit-pain-scale');
    expect(w.sqlite.prepare(`SELECT pain_scale FROM clinic_visits`).all()).toEqual([{ pain_scale: null }]);
  });
});
