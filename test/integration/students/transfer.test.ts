import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import {
  STUDENT_CHILD_TABLES,
  STUDENT_ROW_TABLES,
  transferStudent,
} from '../../../server-sync/students/index';
import { serverTargets } from '../../support/db';
import {
  allergy,
  edit,
  makeWorld,
  openMigrated,
  pullAll,
  push,
  T0,
  type World,
} from '../sync-server/support';

/** A student's transfer (server-sync/students/transfer.ts): every row of theirs moves, and the old school's devices drop them. */

/** Append-only trails that hold a student's rows but stay where they were written (docs/sync.md, "Student transfer"). */
const STAYS: readonly string[] = ['phi_disclosure_audit'];

describe.each(serverTargets())('student transfer on $name', (target) => {
  let h: ServerDbHandle;
  let w: World;
  beforeAll(async () => {
    h = await openMigrated(target);
    w = await makeWorld(h.db);
    await push(h.db, w, w.devA1, [
      allergy(1, 'alg-a', w.studentA, w.schoolA, T0, w.devA1),
      allergy(2, 'alg-a2', w.studentA2, w.schoolA, T0 + 1, w.devA1),
    ]);
    await push(h.db, w, w.devB1, [allergy(1, 'alg-b', w.studentB, w.schoolB, T0, w.devB1)]);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("moves every table that holds a student's rows: those with student_id, and the children of those without", async () => {
    const columns = await sql<{ table_name: string; column_name: string }>`
      SELECT c.table_name, c.column_name FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
        AND c.column_name IN ('student_id', 'school_id')`.execute(h.db);
    const has = (t: string, c: string) => columns.rows.some((r) => r.table_name === t && r.column_name === c);
    const tables = [...new Set(columns.rows.map((r) => r.table_name))];
    const withStudent = tables.filter(
      (t) => has(t, 'student_id') && has(t, 'school_id') && !STAYS.includes(t),
    );
    expect([...STUDENT_ROW_TABLES].sort()).toEqual(withStudent.sort());
    const fks = await sql<{ child: string; col: string; parent: string }>`
      SELECT c.relname AS child, a.attname AS col, p.relname AS parent FROM pg_constraint k
      JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
      JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
      WHERE k.contype = 'f'`.execute(h.db);
    const children = fks.rows
      .filter(
        (f) =>
          STUDENT_ROW_TABLES.includes(f.parent) &&
          has(f.child, 'school_id') &&
          !has(f.child, 'student_id') &&
          !STAYS.includes(f.child),
      )
      .map((f) => [f.child, f.col, f.parent]);
    expect(STUDENT_CHILD_TABLES.map((c) => [...c]).sort()).toEqual(children.sort());
    // parents first: a child table's parent moves before it
    for (const [t, , parent] of STUDENT_CHILD_TABLES)
      expect(STUDENT_ROW_TABLES.includes(parent), `${t} -> ${parent}`).toBe(true);
  });

  it("removes the student and their rows from the old school's devices and brings them whole to the new", async () => {
    const cursorA = (await pullAll(h.db, w, w.devA1)).cursor;
    const cursorB = (await pullAll(h.db, w, w.devB1)).cursor;
    const r = await transferStudent(h.db, w.studentA2, w.schoolB, {
      userId: w.admin,
      schoolIds: [w.schoolA, w.schoolB],
    });
    expect(r.moved).toMatchObject({ students: 1, allergies: 1 });
    const a = await pullAll(h.db, w, w.devA1, cursorA);
    expect(a.changes.map((c) => [c.table, c.rowId, c.op])).toEqual([
      ['students', w.studentA2, 'REMOVE'],
      ['allergies', 'alg-a2', 'REMOVE'],
    ]);
    const b = await pullAll(h.db, w, w.devB1, cursorB);
    expect(b.changes.map((c) => [c.table, c.rowId, c.op])).toEqual([
      ['students', w.studentA2, 'UPSERT'],
      ['allergies', 'alg-a2', 'UPSERT'],
    ]);
    expect(b.changes[1]?.columns).toMatchObject({
      student_id: w.studentA2,
      school_id: w.schoolB,
      allergen: 'Peanut',
      severity: 'SEVERE',
    });
    // The moved row is now school B's: a device of A can no longer edit it, a device of B can.
    const denied = await push(h.db, w, w.devA1, [
      edit(3, 'allergies', 'alg-a2', { notes: 'x' }, T0 + 10, w.devA1),
    ]);
    expect(denied.rejections[0]?.code).toBe('OUT_OF_SCOPE');
    const ok = await push(h.db, w, w.devB1, [
      edit(2, 'allergies', 'alg-a2', { notes: 'arrived from Alpha' }, T0 + 10, w.devB1),
    ]);
    expect(ok.rejections).toEqual([]);
  });

  it("refuses a school outside the actor's schools or district, and a student the actor cannot see", async () => {
    await expect(
      transferStudent(h.db, w.studentA, w.schoolB, { userId: w.nurseA, schoolIds: [w.schoolA] }),
    ).rejects.toMatchObject({ statusCode: 403 });
    await expect(
      transferStudent(h.db, w.studentB, w.schoolA, { userId: w.nurseA, schoolIds: [w.schoolA] }),
    ).rejects.toMatchObject({ statusCode: 404 });
    await expect(
      transferStudent(h.db, w.studentA, 'no-such-school', {
        userId: w.admin,
        schoolIds: [w.schoolA, w.schoolB],
      }),
    ).rejects.toMatchObject({ statusCode: 404 });
  });
});
