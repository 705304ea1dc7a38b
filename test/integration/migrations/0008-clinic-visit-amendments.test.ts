import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateWorkstationTo, rollbackWorkstation } from '../../../src-main/db/migrate';
import {
  LOCAL_ONLY_MIGRATIONS,
  WORKSTATION_SYNC_SCHEMA_VERSION,
  workstationMigrations,
} from '../../../migrations/workstation/index';
import { openTempWorkstationDb, type WorkstationTestDb } from '../../support/db';
import { introspectSqlite } from '../../support/introspect-sqlite';
import { migrationWriter } from '../../support/workstation-migration';
import { diffSchemas } from '../../support/schema-shape';

/**
 * Workstation migration 0008_clinic-visit-amendments: the server's 0027 in SQLite (vital-sign and disposition
 * columns of clinic_visits, clinic_visit_amendments with the outbox guard) and the local-only local_visit_drafts.
 * An existing visit keeps its values (new columns null), the ranges hold, the amendments table refuses a write that
 * bypasses the local store while drafts (local) do not need the write path; down restores exactly 0007.
 */
describe('workstation migration 0008_clinic-visit-amendments', () => {
  let w: WorkstationTestDb;
  let before: ReturnType<typeof introspectSqlite>;
  const { run, open } = migrationWriter(() => w.sqlite);

  beforeAll(async () => {
    w = openTempWorkstationDb();
    await migrateWorkstationTo(w.db, '0007_medication-safety');
    open(() => {
      run(`INSERT INTO schools (id, district_id, name, school_code) VALUES ('s1', 'd1', 'S', 'S1')`);
      run(
        `INSERT INTO users (id, email, first_name, last_name, role) VALUES ('u1', 'n@x.org', 'N', 'N', 'NURSE')`,
      );
      run(`INSERT INTO students (id, district_id, school_id, student_number, first_name, last_name, date_of_birth,
           grade_level) VALUES ('st1', 'd1', 's1', '1', 'A', 'B', '2014-01-01', '6')`);
      run(`INSERT INTO clinic_visits (id, student_id, arrival_time, presenting_complaint, attended_by_user_id, school_id,
             heart_rate) VALUES ('v1', 'st1', '2026-01-05T14:00:00.000Z', 'Headache', 'u1', 's1', 90)`);
    });
    before = introspectSqlite(w.sqlite);
    await migrateWorkstationTo(w.db, '0008_clinic-visit-amendments');
  });
  afterAll(async () => {
    await w?.dispose();
  });

  it('counts in the sync schema version (it shapes synced tables)', () => {
    expect(LOCAL_ONLY_MIGRATIONS.has('0008_clinic-visit-amendments')).toBe(false);
    const upTo = Object.keys(workstationMigrations).slice(0, 8);
    expect(upTo.at(-1)).toBe('0008_clinic-visit-amendments');
    expect(upTo.filter((n) => !LOCAL_ONLY_MIGRATIONS.has(n))).toHaveLength(7);
    expect(WORKSTATION_SYNC_SCHEMA_VERSION).toBeGreaterThanOrEqual(7);
  });

  it('keeps an existing visit as it was, the new columns empty', () => {
    expect(
      w.sqlite
        .prepare(
          `SELECT heart_rate, blood_glucose_mg_dl, spo2_percent, respiratory_rate, pain_score, peak_flow_l_min,
             disposition FROM clinic_visits`,
        )
        .all(),
    ).toEqual([
      {
        heart_rate: 90,
        blood_glucose_mg_dl: null,
        spo2_percent: null,
        respiratory_rate: null,
        pain_score: null,
        peak_flow_l_min: null,
        disposition: null,
      },
    ]);
  });

  it('enforces the vital ranges and the disposition', () => {
    const bad: [string, string][] = [
      ['blood_glucose_mg_dl = 19', 'clinic_visits_blood_glucose_mg_dl_check'],
      ['blood_glucose_mg_dl = 601', 'clinic_visits_blood_glucose_mg_dl_check'],
      ['spo2_percent = 101', 'clinic_visits_spo2_percent_check'],
      ['respiratory_rate = 3', 'clinic_visits_respiratory_rate_check'],
      ['pain_score = 11', 'clinic_visits_pain_score_check'],
      ['peak_flow_l_min = 49', 'clinic_visits_peak_flow_l_min_check'],
      [`disposition = 'GONE'`, 'clinic_visits_disposition_check'],
    ];
    for (const [set, check] of bad)
      expect(() => open(() => run(`UPDATE clinic_visits SET ${set}`)), set).toThrow(new RegExp(check));
    open(() =>
      run(`UPDATE clinic_visits SET blood_glucose_mg_dl = 600, spo2_percent = 100, respiratory_rate = 4,
           pain_score = 0, peak_flow_l_min = 900, disposition = 'SENT_HOME'`),
    );
  });

  it('guards clinic_visit_amendments (outbox) and checks its rows', () => {
    expect(() => run(`INSERT INTO clinic_visit_amendments (id) VALUES ('z')`)).toThrow(
      /must be written through the local store/,
    );
    const amend = (changes: string, reason: string) =>
      open(() =>
        run(`INSERT INTO clinic_visit_amendments (id, clinic_visit_id, student_id, school_id, changes, reason,
             amended_by, amended_at) VALUES ('a-${reason.length}-${changes.length}', 'v1', 'st1', 's1', '${changes}',
             '${reason}', 'u1', '2026-01-05T15:00:00.000Z')`),
      );
    expect(() => amend('[]', 'typo')).toThrow(/clinic_visit_amendments_changes_check/);
    expect(() => amend('{}', '   ')).toThrow(/clinic_visit_amendments_reason_check/);
    amend('{"heart_rate":{"old":90,"new":96}}', 'typo');
    expect(w.sqlite.prepare(`SELECT count(*) AS n FROM clinic_visit_amendments`).get()).toEqual({ n: 1 });
  });

  it('keeps drafts locally without the write path, one per nurse and student', () => {
    run(
      `INSERT INTO local_visit_drafts (user_id, student_id, draft, saved_at) VALUES ('u1', 'st1', '{}', 'x')`,
    );
    expect(() =>
      run(
        `INSERT INTO local_visit_drafts (user_id, student_id, draft, saved_at) VALUES ('u1', 'st1', '{}', 'y')`,
      ),
    ).toThrow(/UNIQUE/);
    expect(() =>
      run(
        `INSERT INTO local_visit_drafts (user_id, student_id, draft, saved_at) VALUES ('u2', 'st1', '[1]', 'y')`,
      ),
    ).toThrow(/CHECK/);
  });

  it('rolls back to exactly the schema of 0007 and migrates up again', async () => {
    open(() => run(`DELETE FROM clinic_visit_amendments`));
    await rollbackWorkstation(w.db, { all: false });
    expect(diffSchemas(before, introspectSqlite(w.sqlite), 'after rolling back 0008')).toEqual([]);
    expect(w.sqlite.prepare(`SELECT id, heart_rate FROM clinic_visits`).all()).toEqual([
      { id: 'v1', heart_rate: 90 },
    ]);
    await migrateWorkstationTo(w.db, '0008_clinic-visit-amendments');
    expect(
      w.sqlite
        .prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'clinic_visit_amendments'`)
        .get(),
    ).toEqual({ n: 1 });
  });
});
