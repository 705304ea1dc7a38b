import { sql } from 'kysely';
import {
  GUARDIAN_COLUMNS,
  STUDENT_COLUMNS,
  type RosterSnapshot,
  type SnapshotGuardian,
  type SnapshotStudent,
  type StudentColumn,
} from '../../src-shared/sis';
import type { TenantTx } from '../db/tenant';

/** What the district holds that a roster plan compares against (server-sync/sis/run.ts reads it in the import's transaction). */
export async function readSnapshot(trx: TenantTx, districtId: string): Promise<RosterSnapshot> {
  const schools = await trx
    .selectFrom('schools')
    .select(['id', 'school_code', 'name'])
    .where('district_id', '=', districtId)
    .execute();
  const links = await trx
    .selectFrom('sis_record_links')
    .select(['entity_type', 'sourced_id', 'record_id'])
    .where('district_id', '=', districtId)
    .execute();
  const schoolLinks = new Map<string, string[]>();
  for (const l of links)
    if (l.entity_type === 'SCHOOL')
      schoolLinks.set(l.record_id, [...(schoolLinks.get(l.record_id) ?? []), l.sourced_id]);
  const guardianLink = new Map(
    links.filter((l) => l.entity_type === 'GUARDIAN').map((l) => [l.record_id, l.sourced_id]),
  );

  const cols = Object.keys(STUDENT_COLUMNS) as StudentColumn[];
  const rows = await trx
    .selectFrom('students')
    .select(['id', 'school_id', 'sis_id', 'student_number', 'enrollment_status', ...cols])
    .where('district_id', '=', districtId)
    .where('deleted_at', 'is', null)
    .execute();
  const students: SnapshotStudent[] = rows.map((r) => {
    const values: Partial<Record<StudentColumn, string | null>> = {};
    for (const c of cols) values[c] = r[c];
    return {
      id: r.id,
      schoolId: r.school_id,
      sisId: r.sis_id,
      studentNumber: r.student_number,
      status: r.enrollment_status,
      values,
    };
  });

  const gRows =
    guardianLink.size === 0
      ? []
      : await trx
          .selectFrom('guardians')
          .select(['id', 'student_id', ...GUARDIAN_COLUMNS])
          .where('id', 'in', [...guardianLink.keys()])
          .where('deleted_at', 'is', null)
          .execute();
  const guardians: SnapshotGuardian[] = gRows.map((g) => {
    const values: Partial<Record<(typeof GUARDIAN_COLUMNS)[number], string | null>> = {};
    for (const c of GUARDIAN_COLUMNS) values[c] = g[c];
    return { id: g.id, studentId: g.student_id, sourcedId: guardianLink.get(g.id) ?? '', values };
  });

  const pending = await sql<{ k: string }>`
    SELECT e.whitecross_record_id || '|' || e.error_field || '|' || coalesce(e.sis_data_snapshot->>'value', '') AS k
    FROM sis_sync_errors e JOIN sis_sync_jobs j ON j.id = e.sync_job_id JOIN sis_sync_configs c ON c.id = j.config_id
    JOIN schools s ON s.id = c.school_id
    WHERE s.district_id = ${districtId} AND e.error_type = 'CONFLICT' AND e.resolution_status = 'MANUAL_REVIEW'`.execute(
    trx,
  );
  return {
    schools: schools.map((s) => ({
      id: s.id,
      schoolCode: s.school_code,
      name: s.name,
      sourcedIds: schoolLinks.get(s.id) ?? [],
    })),
    students,
    guardians,
    pendingReviews: new Set(pending.rows.map((r) => r.k)),
  };
}
