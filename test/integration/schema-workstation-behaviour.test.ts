import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerDb, type ServerDbHandle } from '../../server-sync/db/connect';
import { migrateServerToLatest } from '../../server-sync/db/migrate';
import { seedDemo } from '../../server-sync/seed/demo';
import { migrateWorkstationToLatest } from '../../src-main/db/migrate';
import { workstationTableSchemas } from '../../src-shared/db/workstation-schema.generated';
import { openTempWorkstationDb, type WorkstationTestDb } from '../support/db';
import { introspectSqlite } from '../support/introspect-sqlite';
import type { SchemaShape } from '../support/schema-shape';

/** Tables only the workstation has (its sync bookkeeping). */
const LOCAL_ONLY = new Set([
  'outbox',
  'sync_state',
  'sync_conflicts',
  'sync_rejections',
  // the workstation's own tables (migration 0006_workstation-local), never on the server
  'local_settings',
  'local_credentials',
  'local_pins',
  'local_audit_log',
  'local_submissions',
  // a half-filled visit's draft (migration 0008_clinic-visit-amendments), local only
  'local_visit_drafts',
]);

/** A server value as the workstation stores it (docs/data-model.md, SQLite types). */
function toSqlite(v: unknown, type: string, isJson: boolean): unknown {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (isJson) return JSON.stringify(v);
  if (type === 'REAL' && typeof v === 'string') return Number(v);
  return v;
}

/**
 * Runs fn inside the local store's write path (migration 0005's guard refuses writes to synced tables outside
 * it), as the sync pull's apply does; the marker never outlives the transaction.
 */
function inWritePath<T>(w: WorkstationTestDb, fn: () => T): T {
  return w.sqlite.transaction(() => {
    w.sqlite.prepare(`INSERT INTO sync_state (key, value) VALUES ('write_path.open', '1')`).run();
    const out = fn();
    w.sqlite.prepare(`DELETE FROM sync_state WHERE key = 'write_path.open'`).run();
    return out;
  })();
}

/** Parents before children, by the workstation's own foreign keys. */
function insertionOrder(shape: SchemaShape): string[] {
  const done: string[] = [];
  const visit = (t: string, path: string[]) => {
    if (done.includes(t) || path.includes(t)) return;
    for (const fk of shape[t]?.foreignKeys ?? []) if (fk.references !== t) visit(fk.references, [...path, t]);
    done.push(t);
  };
  for (const t of Object.keys(shape).sort()) visit(t, []);
  return done;
}

/**
 * The workstation's schema holds the server's rows of one school, column for column: what the sync pull will
 * deliver. Also: the workstation's constraints and immutable trail behave as on the server.
 */
describe('workstation database holds a school of the seeded district', () => {
  let server: ServerDbHandle;
  let w: WorkstationTestDb;
  let schoolId: string;
  const copied: Record<string, number> = {};

  beforeAll(async () => {
    server = await openServerDb({ pgliteDir: ':memory:' });
    await migrateServerToLatest(server.db);
    await seedDemo(server.db, {
      seed: 5,
      students: 40,
      years: 1,
      schools: 2,
      asOf: new Date('2026-11-20T12:00:00Z'),
    });
    w = openTempWorkstationDb();
    await migrateWorkstationToLatest(w.db);
    const shape = introspectSqlite(w.sqlite);
    schoolId =
      (await sql<{ id: string }>`SELECT id FROM schools ORDER BY name LIMIT 1`.execute(server.db)).rows[0]
        ?.id ?? '';
    const present = new Map<string, Set<string>>();
    for (const table of insertionOrder(shape)) {
      if (LOCAL_ONLY.has(table)) continue;
      const t = shape[table];
      if (!t) continue;
      const cols = Object.entries(t.columns).filter(([, c]) => !c.generated);
      const scoped = 'school_id' in t.columns;
      const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)} ${
        scoped ? sql`WHERE school_id = ${schoolId} OR school_id IS NULL` : sql``
      } ORDER BY 1`.execute(server.db);
      const ids = new Set<string>();
      const insert = w.sqlite.prepare(
        `INSERT INTO ${table} (${cols.map(([c]) => c).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
      );
      const fks = t.foreignKeys.filter((f) => f.columns.length === 1);
      inWritePath(w, () => {
        for (const r of rows.rows) {
          // a row pointing at a parent outside this school's data set (e.g. a student who transferred out) stays on the server
          if (
            fks.some(
              (f) =>
                r[f.columns[0] ?? ''] != null &&
                !present.get(f.references)?.has(String(r[f.columns[0] ?? ''])),
            )
          )
            continue;
          insert.run(...cols.map(([c, shapeCol]) => toSqlite(r[c], shapeCol.type, Boolean(shapeCol.json))));
          ids.add(String(r.id));
        }
      });
      present.set(table, ids);
      copied[table] = ids.size;
    }
  });
  afterAll(async () => {
    await server?.close();
    await w?.dispose();
  });

  it('accepts every shared table with rows from the server', () => {
    const empty = Object.entries(copied)
      .filter(([, n]) => n === 0)
      .map(([t]) => t);
    expect(empty).toEqual([]);
  });

  it('every row parses with the generated workstation zod schema', () => {
    const failures: string[] = [];
    for (const [table, s] of Object.entries(workstationTableSchemas)) {
      for (const r of w.sqlite.prepare(`SELECT * FROM ${table} LIMIT 50`).all() as Record<
        string,
        unknown
      >[]) {
        const parsed = s.row.safeParse(r);
        if (!parsed.success) {
          failures.push(
            `${table}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
          );
          break;
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('report_generation_log is append-only on the workstation too', () => {
    const row = w.sqlite.prepare(`SELECT id FROM report_generation_log LIMIT 1`).get() as
      { id: string } | undefined;
    expect(row).toBeDefined();
    const update = () =>
      w.sqlite.prepare(`UPDATE report_generation_log SET log_message = 'x' WHERE id = ?`).run(row?.id);
    const remove = () => w.sqlite.prepare(`DELETE FROM report_generation_log WHERE id = ?`).run(row?.id);
    // even inside the store's write path, the trail refuses changes
    expect(() => inWritePath(w, update)).toThrow(/append-only/);
    expect(() => inWritePath(w, remove)).toThrow(/append-only/);
    // and outside it, a direct write is refused too (by the trail or by the outbox guard)
    expect(update).toThrow(/append-only|must be written through the local store/);
    expect(remove).toThrow(/append-only|must be written through the local store/);
  });

  it('rejects bad data naming the CHECK constraint, and orphans by foreign key, writing nothing', () => {
    const student = w.sqlite.prepare(`SELECT id, sex FROM students LIMIT 1`).get() as {
      id: string;
      sex: string;
    };
    expect(() =>
      inWritePath(w, () => w.sqlite.prepare(`UPDATE students SET sex = 'Q' WHERE id = ?`).run(student.id)),
    ).toThrow(/students_sex_check/);
    expect(() =>
      inWritePath(w, () =>
        w.sqlite
          .prepare(
            `INSERT INTO allergies (id, student_id, school_id, allergen, allergen_type, severity) VALUES ('bad', 'nobody', ?, 'peanut', 'FOOD', 'SEVERE')`,
          )
          .run(schoolId),
      ),
    ).toThrow(/FOREIGN KEY constraint failed/);
    expect(w.sqlite.prepare(`SELECT sex FROM students WHERE id = ?`).get(student.id)).toEqual({
      sex: student.sex,
    });
    expect(w.sqlite.prepare(`SELECT count(*) AS n FROM allergies WHERE id = 'bad'`).get()).toEqual({ n: 0 });
  });
});
