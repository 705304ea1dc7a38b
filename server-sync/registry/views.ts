import { sql, type Transaction } from 'kysely';
import type { SubmissionState, SubmissionView } from '../../src-shared/api/registry';
import type { ServerDatabase } from '../../src-shared/db/server-schema.generated';
import { dateTimeIn } from '../../src-shared/time';

/** The registry queue as the console reads it: one query, and the state a person sees of each submission. */

type Trx = Transaction<ServerDatabase>;

export function submissionsQuery(trx: Trx) {
  return trx
    .selectFrom('registry_submissions as r')
    .innerJoin('schools as sc', 'sc.id', 'r.school_id')
    .innerJoin('districts as d', 'd.id', 'sc.district_id')
    .innerJoin('students as st', 'st.id', 'r.student_id')
    .leftJoin('vaccinations as v', 'v.id', 'r.vaccination_id')
    .select([
      'r.id',
      'r.submission_status',
      'r.hold_reasons',
      'r.action_code',
      'r.vaccination_id',
      'r.student_id',
      'r.school_id',
      'r.submission_date',
      'r.retry_count',
      'r.next_attempt_at',
      'r.acknowledgment_code',
      'r.hl7_message',
      'r.hl7_response',
      'sc.name as school_name',
      sql<string>`coalesce(sc.timezone, d.timezone)`.as('time_zone'),
      'st.first_name',
      'st.last_name',
      'v.vaccine_name',
      'v.vaccine_type',
      'v.administration_date',
      (eb) =>
        eb
          .selectFrom('submission_error_log as e')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('e.submission_id', '=', 'r.id')
          .where('e.resolution_status', '=', 'OPEN')
          .as('open_errors'),
    ]);
}

export type SubmissionRow = Awaited<ReturnType<ReturnType<typeof submissionsQuery>['execute']>>[number];

export function stateOf(r: {
  submission_status: string;
  hold_reasons: unknown;
  acknowledgment_code: string | null;
}): SubmissionState {
  if (r.hold_reasons !== null) return 'HELD';
  switch (r.submission_status) {
    case 'ACKNOWLEDGED':
      return r.acknowledgment_code === 'AE' ? 'ACCEPTED_WITH_ERRORS' : 'ACCEPTED';
    case 'PENDING':
    case 'SENT':
    case 'REJECTED':
    case 'ERROR':
      return r.submission_status;
    default:
      return 'ERROR';
  }
}

/** The SQL condition of a state (the inverse of stateOf). */
export function stateFilter(state: SubmissionState) {
  switch (state) {
    case 'HELD':
      return sql<boolean>`r.hold_reasons IS NOT NULL`;
    case 'ACCEPTED':
      return sql<boolean>`r.hold_reasons IS NULL AND r.submission_status = 'ACKNOWLEDGED' AND r.acknowledgment_code IS DISTINCT FROM 'AE'`;
    case 'ACCEPTED_WITH_ERRORS':
      return sql<boolean>`r.hold_reasons IS NULL AND r.submission_status = 'ACKNOWLEDGED' AND r.acknowledgment_code = 'AE'`;
    default:
      return sql<boolean>`r.hold_reasons IS NULL AND r.submission_status = ${state}`;
  }
}

export function submissionView(r: SubmissionRow, showNames: boolean): SubmissionView {
  const action =
    r.action_code === 'A' || r.action_code === 'U' || r.action_code === 'D' ? r.action_code : null;
  return {
    id: r.id,
    state: stateOf(r),
    action,
    vaccinationId: r.vaccination_id,
    studentId: r.student_id,
    studentName: showNames ? `${r.first_name} ${r.last_name}` : null,
    schoolId: r.school_id,
    schoolName: r.school_name,
    vaccine: r.vaccine_name ?? r.vaccine_type,
    administrationDate: r.administration_date,
    submittedAt: r.submission_date.toISOString(),
    submittedAtLocal: dateTimeIn(r.submission_date.getTime(), r.time_zone, true),
    retryCount: r.retry_count,
    nextAttemptAt: r.next_attempt_at?.toISOString() ?? null,
    acknowledgmentCode: r.acknowledgment_code,
    openErrors: Number(r.open_errors ?? 0),
  };
}
