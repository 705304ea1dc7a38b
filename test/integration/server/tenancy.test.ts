import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../server-sync/auth/users';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { withTenant } from '../../../server-sync/db/tenant';
import { seedDemo } from '../../../server-sync/seed/demo';
import { serverTargets } from '../../support/db';
import { bearer, login, makeApp, PASSWORD, TestClock } from './support';

/**
 * Row-level security (0018_tenancy, docs/tenancy.md), on a seeded district of two schools. Every table
 * with a policy is enumerated from pg_policies, so a new table is covered as soon as it has one; every
 * table with a school_id column must have one.
 */

/** Tables without school_id reach their school through a parent: the owner's SQL for a row's school. */
const SCHOOL_OF_CHILD: Readonly<Record<string, string>> = {
  outbreak_case_clusters: '(SELECT p.school_id FROM symptom_tracking p WHERE p.id = t.symptom_tracking_id)',
  alert_delivery_log: '(SELECT p.school_id FROM alert_instances p WHERE p.id = t.alert_instance_id)',
  report_generation_log: '(SELECT p.school_id FROM report_instances p WHERE p.id = t.report_instance_id)',
  sharing_permissions: '(SELECT p.school_id FROM shared_documents p WHERE p.id = t.shared_document_id)',
  document_access_tokens: '(SELECT p.school_id FROM shared_documents p WHERE p.id = t.shared_document_id)',
  share_access_audit: '(SELECT p.school_id FROM shared_documents p WHERE p.id = t.shared_document_id)',
  sis_sync_jobs: '(SELECT p.school_id FROM sis_sync_configs p WHERE p.id = t.config_id)',
  sis_sync_errors:
    '(SELECT c.school_id FROM sis_sync_jobs j JOIN sis_sync_configs c ON c.id = j.config_id WHERE j.id = t.sync_job_id)',
  sis_field_mappings: '(SELECT p.school_id FROM sis_sync_configs p WHERE p.id = t.config_id)',
  sis_sync_sources: '(SELECT p.school_id FROM sis_sync_configs p WHERE p.id = t.config_id)',
};

/** Append-only: the application role may not UPDATE or DELETE at all. */
const TRAILS = new Set(['audit_logs', 'phi_disclosure_audit', 'share_access_audit', 'report_generation_log']);

const RLS_VIOLATION = /row-level security|row level security/i;
const DENIED = /permission denied/i;

interface TableInfo {
  name: string;
  schoolExpr: string;
  nullable: boolean;
  pk: string[];
  insertable: string[];
}

describe.each(serverTargets())('tenancy by row-level security on $name', (target) => {
  let h: ServerDbHandle;
  let schools: [string, string];
  let tables: TableInfo[];

  const scope = (schoolId: string) => ({ schoolIds: [schoolId], userId: null, deviceId: null });

  beforeAll(async () => {
    h = await target.open();
    await migrateServerToLatest(h.db);
    await seedDemo(h.db, {
      seed: 7,
      students: 40,
      years: 1,
      schools: 2,
      asOf: new Date('2026-11-20T12:00:00Z'),
    });
    const s = await h.db.selectFrom('schools').select('id').orderBy('id').execute();
    expect(s).toHaveLength(2);
    schools = [s[0]?.id ?? '', s[1]?.id ?? ''];
    await addRowsTheSeedLeavesEmpty(h, schools);
    const policyTables = await sql<{ t: string }>`
      SELECT DISTINCT tablename AS t FROM pg_policies WHERE schemaname = 'public' ORDER BY 1`.execute(h.db);
    tables = [];
    for (const { t } of policyTables.rows) {
      const cols = await sql<{ name: string; nullable: boolean; generated: boolean }>`
        SELECT a.attname AS name, NOT a.attnotnull AS nullable, (a.attgenerated <> '' OR a.attidentity <> '') AS generated
        FROM pg_attribute a WHERE a.attrelid = ${t}::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`.execute(
        h.db,
      );
      const pk = await sql<{ name: string }>`
        SELECT a.attname AS name FROM pg_constraint c CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY k(n, o)
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n
        WHERE c.conrelid = ${t}::regclass AND c.contype = 'p' ORDER BY k.o`.execute(h.db);
      const school = cols.rows.find((c) => c.name === 'school_id');
      const child = SCHOOL_OF_CHILD[t];
      if (!school && !child)
        throw new Error(`${t} has a policy but no school_id and no entry in SCHOOL_OF_CHILD`);
      tables.push({
        name: t,
        schoolExpr: school ? 't.school_id' : (child ?? ''),
        nullable: school?.nullable ?? false,
        pk: pk.rows.map((r) => r.name),
        insertable: cols.rows.filter((c) => !c.generated).map((c) => c.name),
      });
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  it('every table with a school_id column has row-level security and a policy, and the app role privileges', async () => {
    const r = await sql<{ t: string; rls: boolean; policies: number; can_select: boolean }>`
      SELECT c.relname AS t, c.relrowsecurity AS rls,
             (SELECT count(*)::int FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = c.relname) AS policies,
             has_table_privilege('white_cross_app', c.oid, 'SELECT') AS can_select
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND EXISTS (SELECT 1 FROM information_schema.columns k
                    WHERE k.table_schema = 'public' AND k.table_name = c.relname AND k.column_name = 'school_id')
      ORDER BY 1`.execute(h.db);
    expect(r.rows.length).toBeGreaterThanOrEqual(38);
    const bad = r.rows.filter((x) => !x.rls || x.policies === 0 || !x.can_select).map((x) => x.t);
    expect(bad).toEqual([]);
    for (const child of Object.keys(SCHOOL_OF_CHILD)) expect(tables.map((t) => t.name)).toContain(child);
    const priv = await sql<{ upd: boolean; del: boolean; ins: boolean; tokens: boolean }>`
      SELECT has_table_privilege('white_cross_app', 'audit_logs', 'UPDATE') AS upd,
             has_table_privilege('white_cross_app', 'audit_logs', 'DELETE') AS del,
             has_table_privilege('white_cross_app', 'audit_logs', 'INSERT') AS ins,
             has_table_privilege('white_cross_app', 'auth_refresh_tokens', 'SELECT') AS tokens`.execute(h.db);
    expect(priv.rows[0]).toEqual({ upd: false, del: false, ins: true, tokens: false });
  });

  it('as a user of one school, no table shows, changes, deletes or accepts a row of the other school', async () => {
    const problems: string[] = [];
    const covered = new Set<string>();
    for (const t of tables) {
      for (const [mine, other] of [schools, [schools[1], schools[0]]] as const) {
        const rowsOf = async (school: string) =>
          (
            await sql<{ k: string; j: Record<string, unknown> }>`
              SELECT ${sql.raw(pkText(t))} AS k, to_jsonb(t) AS j FROM ${sql.table(t.name)} t
              WHERE ${sql.raw(t.schoolExpr)} = ${school}`.execute(h.db)
          ).rows;
        const others = await rowsOf(other);
        const own = await rowsOf(mine);
        const shared = t.nullable
          ? Number(
              (
                await sql<{
                  n: number;
                }>`SELECT count(*)::int AS n FROM ${sql.table(t.name)} t WHERE t.school_id IS NULL`.execute(
                  h.db,
                )
              ).rows[0]?.n,
            )
          : 0;
        const visible = await withTenant(h.db, scope(mine), async (trx) =>
          (
            await sql<{ k: string }>`SELECT ${sql.raw(pkText(t))} AS k FROM ${sql.table(t.name)} t`.execute(
              trx,
            )
          ).rows.map((r) => r.k),
        );
        const leaked = others.filter((o) => visible.includes(o.k));
        if (leaked.length) problems.push(`${t.name}: ${leaked.length} row(s) of the other school visible`);
        if (!t.schoolExpr.startsWith('(') && visible.length !== own.length + shared) {
          problems.push(
            `${t.name}: sees ${visible.length} rows, its own school has ${own.length} (+${shared} district-wide)`,
          );
        }
        const victim = others[0];
        if (!victim) continue;
        covered.add(t.name);
        const where = sql.raw(`${pkText(t)} = ${sql.lit(victim.k).compile(h.db).sql}`);
        const col = sql.raw(`"${t.insertable.find((c) => !t.pk.includes(c)) ?? t.insertable[0] ?? ''}"`);
        for (const [verb, stmt] of [
          ['update', sql`UPDATE ${sql.table(t.name)} t SET ${col} = ${col} WHERE ${where}`],
          ['delete', sql`DELETE FROM ${sql.table(t.name)} t WHERE ${where}`],
        ] as const) {
          try {
            const n = await withTenant(h.db, scope(mine), async (trx) =>
              Number((await stmt.execute(trx)).numAffectedRows ?? 0n),
            );
            if (n !== 0) problems.push(`${t.name}: ${verb} of the other school's row affected ${n} row(s)`);
            if (TRAILS.has(t.name)) problems.push(`${t.name}: ${verb} allowed on an append-only trail`);
          } catch (e) {
            if (!(TRAILS.has(t.name) && DENIED.test((e as Error).message)))
              problems.push(`${t.name}: ${verb}: ${(e as Error).message}`);
          }
        }
        const copy: Record<string, unknown> = { ...victim.j };
        if ('id' in copy) copy.id = uuidv7();
        const cols = sql.raw(t.insertable.map((c) => `"${c}"`).join(', '));
        try {
          await withTenant(h.db, scope(mine), (trx) =>
            sql`INSERT INTO ${sql.table(t.name)} (${cols})
                SELECT ${cols} FROM jsonb_populate_record(NULL::${sql.table(t.name)}, ${JSON.stringify(copy)}::jsonb)`.execute(
              trx,
            ),
          );
          problems.push(`${t.name}: insert of a row of the other school was accepted`);
        } catch (e) {
          if (!RLS_VIOLATION.test((e as Error).message))
            problems.push(`${t.name}: insert failed, but not by the policy: ${(e as Error).message}`);
        }
      }
    }
    expect(problems).toEqual([]);
    // every table with a policy was exercised with a row of the other school in at least one direction
    expect(tables.map((t) => t.name).filter((t) => !covered.has(t))).toEqual([]);
  });

  it('an empty scope sees no student data at all', async () => {
    const n = await withTenant(h.db, { schoolIds: [], userId: null, deviceId: null }, async (trx) =>
      Number(
        (
          await sql<{
            n: number;
          }>`SELECT (SELECT count(*) FROM students) + (SELECT count(*) FROM vaccinations) AS n`.execute(trx)
        ).rows[0]?.n,
      ),
    );
    expect(n).toBe(0);
  });

  describe('through the HTTP routes', () => {
    let app: FastifyInstance;
    beforeAll(async () => {
      for (const [i, s] of schools.entries()) {
        await createUser(h.db, {
          email: `rls.nurse${i}@example.org`,
          role: 'NURSE',
          password: PASSWORD,
          firstName: 'R',
          lastName: 'N',
          schools: [s],
        });
      }
      app = makeApp(h, new TestClock());
      await app.ready();
    });
    afterAll(async () => {
      await app?.close();
    });

    it("a nurse of one school never gets the other school's students, by search or by id", async () => {
      for (const [i, mine] of schools.entries()) {
        const other = schools[1 - i] ?? '';
        const t = await login(app, `rls.nurse${i}@example.org`);
        const list = await app.inject({ method: 'GET', url: '/students?limit=100', headers: bearer(t) });
        expect(list.statusCode).toBe(200);
        const students = list.json<{ students: { id: string; schoolId: string }[] }>().students;
        const ownCount = await h.db
          .selectFrom('students')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('school_id', '=', mine)
          .where('deleted_at', 'is', null)
          .executeTakeFirstOrThrow();
        expect(students.length).toBe(Math.min(100, Number(ownCount.n)));
        expect(students.every((s) => s.schoolId === mine)).toBe(true);
        const foreign = await h.db
          .selectFrom('students')
          .select(['id', 'last_name', 'student_number'])
          .where('school_id', '=', other)
          .limit(3)
          .execute();
        for (const f of foreign) {
          const byId = await app.inject({ method: 'GET', url: `/students/${f.id}`, headers: bearer(t) });
          expect(byId.statusCode).toBe(404);
          const byName = await app.inject({
            method: 'GET',
            url: `/students?query=${encodeURIComponent(f.last_name)}&limit=100`,
            headers: bearer(t),
          });
          expect(
            byName.json<{ students: { schoolId: string }[] }>().students.every((s) => s.schoolId === mine),
          ).toBe(true);
          const byNumber = await app.inject({
            method: 'GET',
            url: `/students?query=${encodeURIComponent(f.student_number)}`,
            headers: bearer(t),
          });
          expect(byNumber.json<{ students: unknown[] }>().students).toEqual([]);
        }
        const own = students[0];
        if (own) {
          const detail = await app.inject({ method: 'GET', url: `/students/${own.id}`, headers: bearer(t) });
          expect(detail.statusCode).toBe(200);
          const b = detail.json<{ schoolId: string; allergies: unknown[]; vaccinations: unknown[] }>();
          expect(b.schoolId).toBe(mine);
        }
      }
    });
  });
});

function pkText(t: TableInfo): string {
  const cols = t.pk.includes('id') ? ['id'] : t.pk;
  return cols.map((c) => `t."${c}"::text`).join(" || '|' || ");
}

/** sync_conflicts, sync_rejections and sis_sync_sources start empty in the demo: one row per school, so they are tested too. */
async function addRowsTheSeedLeavesEmpty(h: ServerDbHandle, schools: readonly string[]): Promise<void> {
  for (const school of schools) {
    // a compliance dashboard snapshot (the demo's Ohio has no school-entry rules on record: its refresh has no rows)
    const refreshId = uuidv7();
    await h.db
      .insertInto('compliance_dashboard_refreshes')
      .values({
        id: refreshId,
        school_id: school,
        snapshot_date: '2026-11-20',
        state_code: 'CA',
        students_evaluated: 1,
        computed_at: new Date('2026-11-20T07:00:00Z'),
      })
      .execute();
    await h.db
      .insertInto('compliance_dashboard_snapshots')
      .values({
        id: uuidv7(),
        refresh_id: refreshId,
        school_id: school,
        snapshot_date: '2026-11-20',
        grade_level: 'K',
        vaccine_type: 'ALL',
        total_students: 1,
        compliant_count: 1,
        conditional_count: 0,
        overdue_count: 0,
        exempt_count: 0,
        exempt_medical_count: 0,
        exempt_religious_count: 0,
        exempt_philosophical_count: 0,
        compliance_percentage: '100.00',
        needing_action: '[]',
      })
      .execute();
    const device = await h.db
      .selectFrom('devices')
      .select('id')
      .where('school_id', '=', school)
      .executeTakeFirstOrThrow();
    const student = await h.db
      .selectFrom('students')
      .select('id')
      .where('school_id', '=', school)
      .executeTakeFirstOrThrow();
    if (
      !(await h.db
        .selectFrom('sync_conflicts')
        .select('id')
        .where('school_id', '=', school)
        .executeTakeFirst())
    ) {
      await h.db
        .insertInto('sync_conflicts')
        .values({
          id: uuidv7(),
          table_name: 'students',
          row_id: student.id,
          school_id: school,
          column_name: 'homeroom',
          conflict_type: 'FIELD_LWW',
        })
        .execute();
    }
    if (
      !(await h.db
        .selectFrom('sync_rejections')
        .select('id')
        .where('school_id', '=', school)
        .executeTakeFirst())
    ) {
      await h.db
        .insertInto('sync_rejections')
        .values({
          id: uuidv7(),
          device_id: device.id,
          device_seq: 1,
          school_id: school,
          table_name: 'allergies',
          row_id: uuidv7(),
          reason_code: 'CONSTRAINT',
          reason: 'test',
        })
        .execute();
    }
    // sis_sync_sources (migration 0035): the source of each school's SIS configuration
    const config = await h.db
      .selectFrom('sis_sync_configs')
      .innerJoin('schools', 'schools.id', 'sis_sync_configs.school_id')
      .select(['sis_sync_configs.id', 'schools.district_id'])
      .where('sis_sync_configs.school_id', '=', school)
      .executeTakeFirstOrThrow();
    await h.db
      .insertInto('sis_sync_sources')
      .values({
        config_id: config.id,
        district_id: config.district_id,
        source_kind: 'CSV_UPLOAD',
        settings: JSON.stringify({ kind: 'CSV_UPLOAD' }),
      })
      .onConflict((oc) => oc.column('config_id').doNothing())
      .execute();
  }
}
