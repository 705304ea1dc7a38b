import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateWorkstationTo, rollbackWorkstation } from '../../../src-main/db/migrate';
import { openTempWorkstationDb, type WorkstationTestDb } from '../../support/db';
import { introspectSqlite } from '../../support/introspect-sqlite';
import { migrationWriter } from '../../support/workstation-migration';
import { diffSchemas } from '../../support/schema-shape';
import { workstationMigrations } from '../../../migrations/workstation/index';

/**
 * Workstation migration 0013_school-entry-requirements: the server's 0032 in SQLite. A pulled schedule keeps its row
 * with no requirement, a requirement must be a JSON object; down leaves exactly the schema before it (the schedule
 * intact) and up works again. The migration before it is read from the index (0012 belongs to a change written at the
 * same time: 0011 until it is merged).
 */
const THIS = '0013_school-entry-requirements';
const names = Object.keys(workstationMigrations);
const PREVIOUS = names[names.indexOf(THIS) - 1]!;

describe('workstation migration 0013_school-entry-requirements', () => {
  let w: WorkstationTestDb;
  let before: ReturnType<typeof introspectSqlite>;
  const { run, open } = migrationWriter(() => w.sqlite);

  beforeAll(async () => {
    w = openTempWorkstationDb();
    await migrateWorkstationTo(w.db, PREVIOUS);
    open(() =>
      run(
        `INSERT INTO vaccination_schedules (id, state_code, vaccine_type, dose_number, grade_level) VALUES ('vs1', 'OH', 'MMR', 1, 'K')`,
      ),
    );
    before = introspectSqlite(w.sqlite);
    await migrateWorkstationTo(w.db, THIS);
  });
  afterAll(async () => {
    await w?.dispose();
  });

  it('keeps a pulled schedule with no requirement, and takes a JSON object only, through the local store', () => {
    expect(w.sqlite.prepare(`SELECT vaccine_type, requirement FROM vaccination_schedules`).all()).toEqual([
      { vaccine_type: 'MMR', requirement: null },
    ]);
    expect(() => run(`UPDATE vaccination_schedules SET requirement = '{"state":"CA"}'`)).toThrow(
      /must be written through the local store/,
    );
    for (const bad of [`'not json'`, `'[1,2]'`, `'"MMR"'`])
      expect(() => open(() => run(`UPDATE vaccination_schedules SET requirement = ${bad}`))).toThrow(
        /vaccination_schedules_requirement_check/,
      );
    open(() => run(`UPDATE vaccination_schedules SET requirement = '{"state":"CA"}'`));
    expect(w.sqlite.prepare(`SELECT requirement FROM vaccination_schedules`).get()).toEqual({
      requirement: '{"state":"CA"}',
    });
  });

  it('rolls back to exactly the schema before it and migrates up again', async () => {
    await rollbackWorkstation(w.db, { all: false });
    expect(diffSchemas(before, introspectSqlite(w.sqlite), 'after rolling back 0013')).toEqual([]);
    expect(w.sqlite.prepare(`SELECT id, vaccine_type FROM vaccination_schedules`).all()).toEqual([
      { id: 'vs1', vaccine_type: 'MMR' },
    ]);
    await migrateWorkstationTo(w.db, THIS);
    expect(w.sqlite.prepare(`SELECT requirement FROM vaccination_schedules`).all()).toEqual([
      { requirement: null },
    ]);
  });
});
