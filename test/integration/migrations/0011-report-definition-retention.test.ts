import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateWorkstationTo, rollbackWorkstation } from '../../../src-main/db/migrate';
import { openTempWorkstationDb, type WorkstationTestDb } from '../../support/db';
import { introspectSqlite } from '../../support/introspect-sqlite';
import { migrationWriter } from '../../support/workstation-migration';
import { diffSchemas } from '../../support/schema-shape';

/**
 * Workstation migration 0011_report-definition-retention: the server's 0030 in SQLite. A pulled definition keeps its
 * row with no retention, a retention must be more than zero days; down leaves exactly the schema of 0010 (the
 * definition intact) and up works again.
 */
describe('workstation migration 0011_report-definition-retention', () => {
  let w: WorkstationTestDb;
  let before: ReturnType<typeof introspectSqlite>;
  const { run, open } = migrationWriter(() => w.sqlite);

  beforeAll(async () => {
    w = openTempWorkstationDb();
    await migrateWorkstationTo(w.db, '0010_clinic-visit-pain-scale');
    open(() =>
      run(`INSERT INTO report_definitions (id, report_code, report_name) VALUES ('rd1', 'R1', 'Report one')`),
    );
    before = introspectSqlite(w.sqlite);
    await migrateWorkstationTo(w.db, '0011_report-definition-retention');
  });
  afterAll(async () => {
    await w?.dispose();
  });

  it('keeps a pulled definition with no retention, and takes more than zero days only, through the local store', () => {
    expect(w.sqlite.prepare(`SELECT report_code, retention_days FROM report_definitions`).all()).toEqual([
      { report_code: 'R1', retention_days: null },
    ]);
    expect(() => run(`UPDATE report_definitions SET retention_days = 30`)).toThrow(
      /must be written through the local store/,
    );
    expect(() => open(() => run(`UPDATE report_definitions SET retention_days = 0`))).toThrow(
      /report_definitions_retention_days_check/,
    );
    expect(() => open(() => run(`UPDATE report_definitions SET retention_days = 'a year'`))).toThrow(
      /INTEGER|datatype/i,
    );
    open(() => run(`UPDATE report_definitions SET retention_days = 30`));
    expect(w.sqlite.prepare(`SELECT retention_days FROM report_definitions`).get()).toEqual({
      retention_days: 30,
    });
  });

  it('rolls back to exactly the schema of 0010 and migrates up again', async () => {
    await rollbackWorkstation(w.db, { all: false });
    expect(diffSchemas(before, introspectSqlite(w.sqlite), 'after rolling back 0011')).toEqual([]);
    expect(w.sqlite.prepare(`SELECT id, report_code FROM report_definitions`).all()).toEqual([
      { id: 'rd1', report_code: 'R1' },
    ]);
    await migrateWorkstationTo(w.db, '0011_report-definition-retention');
    expect(w.sqlite.prepare(`SELECT retention_days FROM report_definitions`).all()).toEqual([
      { retention_days: null },
    ]);
  });
});
