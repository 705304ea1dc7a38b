import { sql } from 'kysely';
import { v5 as uuidv5 } from 'uuid';
import { summarizeCompliance, type DashboardRow } from '../../../src-shared/immunizations/dashboard';
import { localDate } from '../../../src-shared/time';
import { appendAudit } from '../../audit';
import type { ServerDb } from '../../db/connect';
import type { Clock } from '../../plugins/clock';
import { loadCompliance } from '../compliance-load';

/**
 * Refreshes the compliance dashboard of a school (docs/immunizations.md, "Compliance dashboard"): every active
 * student's compliance (loadCompliance: CDC's evaluation, the state's rules, exemptions and their expiry) on the
 * school's today, summarized per grade and vaccine (summarizeCompliance), written as that day's snapshot. The
 * computation runs outside any transaction; the write is ONE transaction: the day's refresh row, the day's rows
 * replaced, compliance_dashboard_cache refreshed CONCURRENTLY (readers keep the old rows until the commit, never
 * blocked, never half), one audit entry (counts only). Refreshes are serialized by an advisory lock, so the view's
 * refresh of one always sees the other's committed rows.
 */

const NAMESPACE = '2f1d0b6e-8d3c-4c1a-9f6e-5b7a1c2d3e4f';
const REFRESH_LOCK = 0x0c0d_a5b1;
export const dashboardRefreshId = (schoolId: string, date: string): string =>
  uuidv5(`${schoolId}\n${date}`, NAMESPACE);
const snapshotRowId = (schoolId: string, date: string, grade: string, vaccine: string): string =>
  uuidv5(`${schoolId}\n${date}\n${grade}\n${vaccine}`, NAMESPACE);

export interface SchoolRefreshResult {
  readonly schoolId: string;
  readonly snapshotDate: string;
  /** the state whose rules were applied (null: none on record) */
  readonly state: string | null;
  readonly studentsEvaluated: number;
  readonly rows: number;
}

async function schoolOf(db: ServerDb, schoolId: string) {
  return db
    .selectFrom('schools as s')
    .innerJoin('districts as d', 'd.id', 's.district_id')
    .select([
      's.id',
      's.district_id',
      's.state',
      'd.state_code',
      sql<string>`coalesce(s.timezone, d.timezone)`.as('time_zone'),
    ])
    .where('s.id', '=', schoolId)
    .executeTakeFirst();
}

export async function refreshSchoolDashboard(
  db: ServerDb,
  clock: Clock,
  schoolId: string,
): Promise<SchoolRefreshResult> {
  const school = await schoolOf(db, schoolId);
  if (!school) throw new Error(`compliance dashboard: no school ${schoolId}`);
  const now = clock.now();
  const today = localDate(now.getTime(), school.time_zone);
  const load = await loadCompliance(db, { districtId: school.district_id, schoolId }, today);
  const evaluated = load.students.filter((s) => s.results !== null);
  const rows = summarizeCompliance(
    evaluated.map((s) => ({ studentId: s.studentId, gradeLevel: s.gradeLevel, results: s.results ?? [] })),
  );
  const state = evaluated[0]?.state ?? null;
  await writeSnapshot(db, {
    schoolId,
    date: today,
    state,
    studentsEvaluated: evaluated.length,
    version: load.supportingDataVersion,
    computedAt: now,
    rows,
  });
  return { schoolId, snapshotDate: today, state, studentsEvaluated: evaluated.length, rows: rows.length };
}

/** A day's dashboard rows as compliance_dashboard_snapshots rows (ids derived from school, date, grade, vaccine). */
export function snapshotValues(
  schoolId: string,
  date: string,
  refreshId: string,
  rows: readonly DashboardRow[],
) {
  return rows.map((r) => ({
    id: snapshotRowId(schoolId, date, r.gradeLevel, r.vaccine),
    refresh_id: refreshId,
    school_id: schoolId,
    snapshot_date: date,
    grade_level: r.gradeLevel,
    vaccine_type: r.vaccine,
    total_students: r.total,
    compliant_count: r.compliant,
    conditional_count: r.conditional,
    overdue_count: r.overdue,
    exempt_count: r.exempt,
    exempt_medical_count: r.exemptMedical,
    exempt_religious_count: r.exemptReligious,
    exempt_philosophical_count: r.exemptPhilosophical,
    compliance_percentage: r.percentage === null ? null : r.percentage.toFixed(2),
    needing_action: JSON.stringify(r.needingAction),
  }));
}

interface Snapshot {
  readonly schoolId: string;
  readonly date: string;
  readonly state: string | null;
  readonly studentsEvaluated: number;
  readonly version: string | null;
  readonly computedAt: Date;
  readonly rows: readonly DashboardRow[];
}

async function writeSnapshot(db: ServerDb, s: Snapshot): Promise<void> {
  const refreshId = dashboardRefreshId(s.schoolId, s.date);
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${REFRESH_LOCK})`.execute(trx);
    await trx
      .insertInto('compliance_dashboard_refreshes')
      .values({
        id: refreshId,
        school_id: s.schoolId,
        snapshot_date: s.date,
        state_code: s.state,
        students_evaluated: s.studentsEvaluated,
        supporting_data_version: s.version,
        computed_at: s.computedAt,
      })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          state_code: s.state,
          students_evaluated: s.studentsEvaluated,
          supporting_data_version: s.version,
          computed_at: s.computedAt,
        }),
      )
      .execute();
    await trx
      .deleteFrom('compliance_dashboard_snapshots')
      .where('school_id', '=', s.schoolId)
      .where('snapshot_date', '=', s.date)
      .execute();
    const values = snapshotValues(s.schoolId, s.date, refreshId, s.rows);
    for (let i = 0; i < values.length; i += 500)
      await trx
        .insertInto('compliance_dashboard_snapshots')
        .values(values.slice(i, i + 500))
        .execute();
    await refreshCacheView(trx);
    await appendAudit(trx, {
      action: 'UPDATE',
      userId: null,
      deviceId: null,
      schoolId: s.schoolId,
      tableName: 'compliance_dashboard_snapshots',
      recordId: refreshId,
      ip: null,
      userAgent: null,
      details: {
        what: 'compliance dashboard refresh',
        snapshot_date: s.date,
        students: s.studentsEvaluated,
        rows: s.rows.length,
      },
      at: s.computedAt,
    });
  });
}

/** compliance_dashboard_cache from the snapshots: CONCURRENTLY (readers are not blocked); plainly when never filled. */
export async function refreshCacheView(db: ServerDb): Promise<void> {
  const r = await sql<{
    populated: boolean;
  }>`SELECT ispopulated AS populated FROM pg_matviews WHERE matviewname = 'compliance_dashboard_cache'`.execute(
    db,
  );
  if (r.rows[0]?.populated)
    await sql`REFRESH MATERIALIZED VIEW CONCURRENTLY compliance_dashboard_cache`.execute(db);
  else await sql`REFRESH MATERIALIZED VIEW compliance_dashboard_cache`.execute(db);
}

/** Every active school of a district, one after the other (a school that fails does not stop the others). */
export async function refreshDistrictDashboard(
  db: ServerDb,
  clock: Clock,
  districtId: string,
): Promise<{ refreshed: SchoolRefreshResult[]; failed: { schoolId: string; error: string }[] }> {
  const schools = await db
    .selectFrom('schools')
    .select('id')
    .where('district_id', '=', districtId)
    .where('is_active', '=', true)
    .orderBy('id')
    .execute();
  const refreshed: SchoolRefreshResult[] = [];
  const failed: { schoolId: string; error: string }[] = [];
  for (const { id } of schools) {
    try {
      refreshed.push(await refreshSchoolDashboard(db, clock, id));
    } catch (e) {
      failed.push({ schoolId: id, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return { refreshed, failed };
}

/**
 * The dashboards never computed: every active school without a snapshot (a new district, the demo's first start).
 * Returns the schools refreshed.
 */
export async function refreshMissingDashboards(db: ServerDb, clock: Clock): Promise<SchoolRefreshResult[]> {
  const missing = await db
    .selectFrom('schools as s')
    .leftJoin('compliance_dashboard_refreshes as r', 'r.school_id', 's.id')
    .select('s.id')
    .where('s.is_active', '=', true)
    .where('r.id', 'is', null)
    .orderBy('s.id')
    .execute();
  const out: SchoolRefreshResult[] = [];
  for (const { id } of missing) out.push(await refreshSchoolDashboard(db, clock, id));
  return out;
}
