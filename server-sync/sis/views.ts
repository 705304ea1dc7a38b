import { sql } from 'kysely';
import { z } from 'zod';
import type { JobView } from '../../src-shared/api/sis';
import type { TenantTx } from '../db/tenant';

/** The reads behind the SIS routes, shaped as their contract (src-shared/api/sis.ts) says. */

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** Runs of the district's configurations, newest first. */
export async function listJobs(trx: TenantTx, districtId: string, limit: number): Promise<JobView[]> {
  const rows = await trx
    .selectFrom('sis_sync_jobs as j')
    .innerJoin('sis_sync_configs as c', 'c.id', 'j.config_id')
    .innerJoin('schools as s', 's.id', 'c.school_id')
    .selectAll('j')
    .select(
      sql<number>`(SELECT coalesce(sum(a.withdraw_count), 0)::int FROM sis_withdrawal_approvals a WHERE a.sync_job_id = j.id AND a.status = 'PENDING')`.as(
        'held',
      ),
    )
    .where('s.district_id', '=', districtId)
    .orderBy('j.job_start_time', 'desc')
    .orderBy('j.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((j) => ({
    id: j.id,
    configId: j.config_id,
    status: j.job_status,
    trigger: j.trigger_type,
    startedAt: j.job_start_time.toISOString(),
    endedAt: iso(j.job_end_time),
    read: j.records_processed,
    created: j.records_created,
    updated: j.records_updated,
    transferred: j.records_transferred,
    withdrawn: j.records_withdrawn,
    unchanged: j.records_skipped,
    errors: j.records_failed,
    heldForApproval: j.held,
  }));
}

/** A run's rejected records (not its review items), or null when the run is not the district's. */
export async function jobErrors(trx: TenantTx, districtId: string, jobId: string, limit: number) {
  const job = await trx
    .selectFrom('sis_sync_jobs as j')
    .innerJoin('sis_sync_configs as c', 'c.id', 'j.config_id')
    .innerJoin('schools as s', 's.id', 'c.school_id')
    .select('j.id')
    .where('j.id', '=', jobId)
    .where('s.district_id', '=', districtId)
    .executeTakeFirst();
  if (!job) return null;
  const rows = await trx
    .selectFrom('sis_sync_errors')
    .selectAll()
    .where('sync_job_id', '=', jobId)
    .where('error_type', 'is distinct from', 'CONFLICT')
    .orderBy('source_file')
    .orderBy('source_line')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((e) => ({
    id: e.id,
    file: e.source_file,
    line: e.source_line,
    sourcedId: e.sis_record_id,
    field: e.error_field,
    type: e.error_type,
    reason: e.error_message,
    status: e.resolution_status,
  }));
}

const snapValue = z.object({ value: z.string().nullable() });
const valueOf = (v: unknown): string | null => {
  const p = snapValue.safeParse(v);
  return p.success ? p.data.value : null;
};

/** Review items waiting, oldest first, with the student's name for the queue. */
export async function listReviews(trx: TenantTx, districtId: string) {
  const rows = await trx
    .selectFrom('sis_sync_errors as e')
    .innerJoin('students as st', 'st.id', 'e.whitecross_record_id')
    .select([
      'e.id',
      'e.sync_job_id',
      'e.sis_record_id',
      'e.error_field',
      'e.sis_data_snapshot',
      'e.whitecross_data_snapshot',
      'e.created_at',
      'st.id as student_id',
      'st.school_id',
      'st.first_name',
      'st.last_name',
    ])
    .where('e.error_type', '=', 'CONFLICT')
    .where('e.resolution_status', '=', 'MANUAL_REVIEW')
    .where('st.district_id', '=', districtId)
    .orderBy('e.created_at')
    .orderBy('e.id')
    .limit(1000)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    jobId: r.sync_job_id,
    studentId: r.student_id,
    schoolId: r.school_id,
    studentName: `${r.last_name}, ${r.first_name}`,
    sourcedId: r.sis_record_id,
    field: r.error_field ?? '',
    whitecross: valueOf(r.whitecross_data_snapshot),
    sis: valueOf(r.sis_data_snapshot),
    createdAt: r.created_at.toISOString(),
  }));
}

export async function listWithdrawals(
  trx: TenantTx,
  districtId: string,
  status: 'PENDING' | 'APPROVED' | 'REJECTED',
) {
  const rows = await trx
    .selectFrom('sis_withdrawal_approvals as a')
    .innerJoin('schools as s', 's.id', 'a.withdrawing_school_id')
    .selectAll('a')
    .select('s.name as school_name')
    .where('s.district_id', '=', districtId)
    .where('a.status', '=', status)
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id')
    .limit(200)
    .execute();
  return rows.map((a) => ({
    id: a.id,
    jobId: a.sync_job_id,
    schoolId: a.withdrawing_school_id,
    schoolName: a.school_name,
    withdrawCount: a.withdraw_count,
    activeCount: a.active_count,
    thresholdPercent: a.threshold_percent,
    status: a.status,
    decidedBy: a.decided_by,
    decidedAt: iso(a.decided_at),
    createdAt: a.created_at.toISOString(),
  }));
}
