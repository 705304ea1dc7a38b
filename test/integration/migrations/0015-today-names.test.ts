import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateWorkstationTo, rollbackWorkstation } from '../../../src-main/db/migrate';
import { refreshPlannerStatistics } from '../../../src-main/db/open';
import { LOCAL_ONLY_MIGRATIONS, workstationMigrations } from '../../../migrations/workstation';
import { openTempWorkstationDb, type WorkstationTestDb } from '../../support/db';
import { introspectSqlite } from '../../support/introspect-sqlite';
import { diffSchemas } from '../../support/schema-shape';

/**
 * Workstation migration 0015_today-names (local-only): a list joined to its students for their names (Today's
 * visits) finds each name in one search of the index, without reading the student's row, once the planner has
 * statistics (the store refreshes them at open and after a pull: refreshPlannerStatistics); down leaves exactly the
 * schema of the migration before.
 */
const DAY_VISITS = `SELECT v.id, s.first_name, s.last_name, s.preferred_name FROM clinic_visits v
  JOIN students s ON s.id = v.student_id
  WHERE v.school_id = ? AND v.deleted_at IS NULL AND v.arrival_time >= ? AND v.arrival_time < ? ORDER BY v.arrival_time`;

const NAMES = Object.keys(workstationMigrations);
const PREVIOUS = NAMES[NAMES.indexOf('0015_today-names') - 1]!;

describe('workstation migration 0015_today-names', () => {
  let w: WorkstationTestDb;
  let before: ReturnType<typeof introspectSqlite>;
  const plan = () =>
    (
      w.sqlite
        .prepare(`EXPLAIN QUERY PLAN ${DAY_VISITS}`)
        .all('s1', '2026-12-07T05:00:00.000Z', '2026-12-08T05:00:00.000Z') as { detail: string }[]
    )
      .map((r) => r.detail)
      .join(' | ');

  beforeAll(async () => {
    w = openTempWorkstationDb();
    await migrateWorkstationTo(w.db, PREVIOUS);
    before = introspectSqlite(w.sqlite);
    await migrateWorkstationTo(w.db, '0015_today-names');
    // a school: 300 students, a visit each over the last days (written with the outbox guard open, as a pull does)
    const db = w.sqlite;
    db.transaction(() => {
      db.prepare(`INSERT INTO sync_state (key, value) VALUES ('write_path.open', '1')`).run();
      db.prepare(
        `INSERT INTO schools (id, district_id, name, school_code) VALUES ('s1', 'd', 'School', 'S1')`,
      ).run();
      db.prepare(
        `INSERT INTO users (id, first_name, last_name, role, email) VALUES ('u1', 'Nora', 'Nurse', 'NURSE', 'n@example.org')`,
      ).run();
      const student = db.prepare(
        `INSERT INTO students (id, district_id, school_id, student_number, first_name, last_name, date_of_birth, grade_level) VALUES (?, 'd', 's1', ?, 'Ann', ?, '2015-01-01', '5')`,
      );
      const visit = db.prepare(
        `INSERT INTO clinic_visits (id, student_id, arrival_time, severity_triage, presenting_complaint, attended_by_user_id, school_id) VALUES (?, ?, ?, 'ROUTINE', 'Headache', 'u1', 's1')`,
      );
      for (let i = 0; i < 300; i++) {
        student.run(`st${i}`, `N${i}`, `Name${i}`);
        visit.run(`v${i}`, `st${i}`, new Date(Date.UTC(2026, 11, 1 + (i % 7), 14)).toISOString());
      }
      db.prepare(`DELETE FROM sync_state WHERE key = 'write_path.open'`).run();
    })();
    refreshPlannerStatistics(db);
  });
  afterAll(async () => {
    await w?.dispose();
  });

  it("reads each visit's student name from the index alone", () => {
    expect(plan()).toMatch(/SEARCH s USING COVERING INDEX idx_students_id_names \(id=\?\)/);
  });

  it('is local-only', () => {
    expect(LOCAL_ONLY_MIGRATIONS.has('0015_today-names')).toBe(true);
  });

  it('rolls back to exactly the schema of the migration before and migrates up again', async () => {
    await rollbackWorkstation(w.db, { all: false });
    expect(plan()).not.toMatch(/idx_students_id_names/);
    expect(diffSchemas(before, introspectSqlite(w.sqlite), 'after rolling back 0015')).toEqual([]);
    await migrateWorkstationTo(w.db, '0015_today-names');
    refreshPlannerStatistics(w.sqlite);
    expect(plan()).toMatch(/COVERING INDEX idx_students_id_names/);
  });
});
