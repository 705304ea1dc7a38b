import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateWorkstationTo, rollbackWorkstation } from '../../../src-main/db/migrate';
import {
  LOCAL_ONLY_MIGRATIONS,
  WORKSTATION_SYNC_SCHEMA_VERSION,
  workstationMigrations,
} from '../../../migrations/workstation';
import { openTempWorkstationDb, type WorkstationTestDb } from '../../support/db';
import { introspectSqlite } from '../../support/introspect-sqlite';
import { diffSchemas } from '../../support/schema-shape';

/**
 * Workstation migration 0014_today-reads (local-only): Today's visits of one day are found by (school_id,
 * arrival_time), in order, instead of every visit of the school sorted; down leaves exactly the schema of the migration before;
 * the sync schema version does not move.
 */
const DAY_VISITS = `SELECT v.id FROM clinic_visits v WHERE v.school_id = ? AND v.deleted_at IS NULL
  AND v.arrival_time >= ? AND v.arrival_time < ? ORDER BY v.arrival_time`;

const NAMES = Object.keys(workstationMigrations);
const PREVIOUS = NAMES[NAMES.indexOf('0014_today-reads') - 1]!;

describe('workstation migration 0014_today-reads', () => {
  let w: WorkstationTestDb;
  let before: ReturnType<typeof introspectSqlite>;
  const plan = () =>
    (
      w.sqlite
        .prepare(`EXPLAIN QUERY PLAN ${DAY_VISITS}`)
        .all('s1', '2026-12-07T05:00:00.000Z', '2026-12-08T05:00:00.000Z') as { detail: string }[]
    ).map((r) => r.detail);

  beforeAll(async () => {
    w = openTempWorkstationDb();
    await migrateWorkstationTo(w.db, PREVIOUS);
    before = introspectSqlite(w.sqlite);
    await migrateWorkstationTo(w.db, '0014_today-reads');
  });
  afterAll(async () => {
    await w?.dispose();
  });

  it("reads one day's visits by school and arrival, already in order", () => {
    const steps = plan();
    expect(steps.join(' | ')).toMatch(
      /idx_clinic_visits_school_id_arrival_time \(school_id=\? AND arrival_time>\? AND arrival_time<\?\)/,
    );
    expect(steps.join(' | ')).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
  });

  it('is local-only: the sync schema version counts the migrations that shape synced tables', () => {
    expect(LOCAL_ONLY_MIGRATIONS.has('0014_today-reads')).toBe(true);
    expect(WORKSTATION_SYNC_SCHEMA_VERSION).toBe(
      Object.keys(workstationMigrations).length - LOCAL_ONLY_MIGRATIONS.size,
    );
  });

  it('rolls back to exactly the schema of the migration before and migrates up again', async () => {
    await rollbackWorkstation(w.db, { all: false });
    expect(diffSchemas(before, introspectSqlite(w.sqlite), 'after rolling back 0014')).toEqual([]);
    await migrateWorkstationTo(w.db, '0014_today-reads');
    expect(plan().join(' | ')).toMatch(/idx_clinic_visits_school_id_arrival_time/);
  });
});
