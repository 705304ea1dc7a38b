import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { migrateWorkstationToLatest } from '../../../src-main/db/migrate';
import { serverTableSchemas } from '../../../src-shared/db/server-schema.generated';
import { workstationTableSchemas } from '../../../src-shared/db/workstation-schema.generated';
import { CLINICAL_ROLES } from '../../../src-shared/auth';
import {
  PULL_ONLY_TABLES,
  SYNCED_TABLE_FACTS,
  SYNCED_TABLES,
  WORKSTATION_WRITABLE_TABLES,
  type SyncedTableFacts,
} from '../../../src-shared/sync/tables';
import { APPLY_ORDER } from '../../../server-sync/sync/store';
import { openTempWorkstationDb, type WorkstationTestDb } from '../../support/db';

/**
 * The one declaration of the synced tables (src-shared/sync/tables.ts) against the generated schemas of both sides
 * and the workstation's migrated database (its foreign keys). The server's foreign keys are checked against the
 * declared references on PostgreSQL by test/integration/sync-server/tables.test.ts.
 */

type Shapes = Readonly<Record<string, { row: z.ZodObject } | undefined>>;
const server: Shapes = serverTableSchemas;
const workstation: Shapes = workstationTableSchemas;
const columnsOf = (side: Shapes, table: string): string[] => Object.keys(side[table]?.row.shape ?? {});
const facts: readonly SyncedTableFacts[] = SYNCED_TABLE_FACTS;
const rank = (t: string) => SYNCED_TABLES.indexOf(t as (typeof SYNCED_TABLES)[number]);

describe('the synced tables, declared once', () => {
  it('declares each table once, and every synced table exists on both sides', () => {
    expect(new Set(SYNCED_TABLES).size).toBe(SYNCED_TABLES.length);
    for (const t of SYNCED_TABLES) {
      expect(server[t], `${t} on the server`).toBeDefined();
      expect(workstation[t], `${t} on the workstation`).toBeDefined();
    }
    expect([...WORKSTATION_WRITABLE_TABLES, ...PULL_ONLY_TABLES].sort()).toEqual([...SYNCED_TABLES].sort());
    for (const f of facts) expect(Object.isFrozen(f), f.name).toBe(true);
    expect(Object.isFrozen(SYNCED_TABLE_FACTS)).toBe(true);
  });

  it('derives the apply order from the declaration: the workstation-writable tables in declared order', () => {
    expect(APPLY_ORDER).toEqual(facts.filter((f) => f.direction === 'push').map((f) => f.name));
  });

  it('names only columns the server has, and referenced tables the server has', () => {
    for (const f of facts) {
      for (const [col, target] of Object.entries(f.references)) {
        expect(columnsOf(server, f.name), `${f.name}.${col}`).toContain(col);
        expect(server[target], `${f.name}.${col} -> ${target}`).toBeDefined();
      }
      for (const col of f.serverOnlyColumns ?? []) expect(columnsOf(server, f.name)).toContain(col);
    }
  });

  it('puts every referenced synced table before the table that references it (parents first)', () => {
    for (const f of facts)
      for (const [col, target] of Object.entries(f.references))
        if (target !== f.name && rank(target) >= 0)
          expect(rank(target), `${f.name}.${col} -> ${target}`).toBeLessThan(rank(f.name));
  });

  it('says for every table with a student_id column whether its rows follow the student', () => {
    const withStudent = facts.filter(
      (f) =>
        columnsOf(server, f.name).includes('student_id') ||
        columnsOf(workstation, f.name).includes('student_id'),
    );
    expect(withStudent.length).toBeGreaterThan(10);
    for (const f of withStudent) {
      // a clinical row of a student goes where the student goes
      expect(f.followsStudent, f.name).toBe('student_id');
      for (const side of [server, workstation]) expect(columnsOf(side, f.name)).toContain('school_id');
    }
    for (const f of facts) {
      const follows = f.followsStudent;
      if (follows === 'student_id') expect(withStudent).toContain(f);
      if (follows === 'self') expect(f.name).toBe('students');
      if (typeof follows === 'object') {
        expect(f.references[follows.via], `${f.name}.${follows.via}`).toBe(follows.parent);
        expect(facts.find((p) => p.name === follows.parent)?.followsStudent).toBe('student_id');
        expect(columnsOf(server, f.name)).toContain('school_id');
      }
    }
  });

  it('lets only the clinical roles write, and only the workstation-writable tables', () => {
    for (const f of facts) {
      if (f.direction === 'pull') expect(f.writers, f.name).toEqual([]);
      else expect([...f.writers].sort(), f.name).toEqual([...CLINICAL_ROLES].sort());
    }
    expect([...CLINICAL_ROLES].sort()).toEqual(['DISTRICT_ADMIN', 'NURSE', 'SCHOOL_ADMIN']);
  });

  it('finds the school of a table without school_id through a reference to a table with one', () => {
    for (const f of facts) {
      const hasSchool = columnsOf(server, f.name).includes('school_id');
      if (f.direction === 'push') expect(hasSchool || f.schoolVia !== undefined, f.name).toBe(true);
      if (f.schoolVia !== undefined) {
        expect(hasSchool, f.name).toBe(false);
        const parent = f.references[f.schoolVia];
        expect(parent, `${f.name}.${f.schoolVia}`).toBeDefined();
        expect(columnsOf(server, parent ?? '')).toContain('school_id');
      }
      if (f.appendOnly) expect(columnsOf(server, f.name)).not.toContain('deleted_at');
    }
  });

  describe("the workstation's migrated database", () => {
    let w: WorkstationTestDb;
    beforeAll(async () => {
      w = openTempWorkstationDb();
      await migrateWorkstationToLatest(w.db);
    });
    afterAll(async () => {
      await w?.dispose();
    });

    it('has every foreign key of a synced table declared, so the declared order respects them', () => {
      let n = 0;
      for (const f of facts) {
        const fks = w.sqlite
          .prepare(`SELECT "table" AS target, "from" AS col FROM pragma_foreign_key_list(?)`)
          .all(f.name) as { target: string; col: string }[];
        for (const fk of fks) {
          n++;
          expect(f.references[fk.col], `${f.name}.${fk.col} -> ${fk.target}`).toBe(fk.target);
        }
      }
      expect(n).toBeGreaterThan(40);
    });
  });
});
