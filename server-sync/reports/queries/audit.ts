import { sql, type RawBuilder } from 'kysely';
import type { AuditReportData, AuditReportEntry, ReportParams } from '../../../src-shared/reports/district';
import { dateTimeIn, localDayRange } from '../../../src-shared/time';
import type { TenantTx } from '../../db/tenant';
import { ReportError } from '../errors';

interface EntryRow {
  chain_seq: number;
  created_at: Date;
  action: string;
  table_name: string | null;
  record_id: string | null;
  ip_address: string | null;
  details: unknown;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  role: string | null;
  school_name: string | null;
  tz: string | null;
}

const eventOf = (details: unknown): string => {
  const d = typeof details === 'string' ? (JSON.parse(details) as unknown) : details;
  return typeof d === 'object' && d !== null && typeof (d as { event?: unknown }).event === 'string'
    ? String((d as { event: string }).event)
    : '';
};

/**
 * The audit entries about one student (the entry's record, or a studentId / studentIds in its details) or by one
 * user, created from..to (the district's days), in chain order. Entries of other districts' schools are invisible
 * (row-level security); the student must be in the caller's schools, the user in the caller's district.
 */
export async function auditReportData(
  trx: TenantTx,
  p: ReportParams,
  district: { id: string; timeZone: string },
): Promise<{ data: AuditReportData; rows: number; studentId: string | null; schoolId: string | null }> {
  const from = p.from ?? '';
  const to = p.to ?? '';
  let subject: AuditReportData['subject'];
  let schoolId: string | null = null;
  let who: RawBuilder<boolean>;
  if (p.studentId) {
    const s = await trx
      .selectFrom('students')
      .select(['id', 'first_name', 'last_name', 'student_number', 'school_id'])
      .where('id', '=', p.studentId)
      .executeTakeFirst();
    if (!s) throw new ReportError('NOT_FOUND', 'studentId', `no student ${p.studentId} in your schools`);
    subject = {
      kind: 'student',
      id: s.id,
      name: `${s.last_name}, ${s.first_name}`,
      detail: `student no. ${s.student_number}`,
    };
    schoolId = s.school_id;
    who = sql<boolean>`(a.record_id = ${s.id} OR (a.details::jsonb ->> 'studentId') = ${s.id}
      OR coalesce((a.details::jsonb -> 'studentIds') @> to_jsonb(${s.id}::text), false))`;
  } else {
    const u = await trx
      .selectFrom('users')
      .select(['id', 'first_name', 'last_name', 'email', 'role'])
      .where('id', '=', p.userId ?? '')
      .where('district_id', '=', district.id)
      .executeTakeFirst();
    if (!u) throw new ReportError('NOT_FOUND', 'userId', `no user ${p.userId ?? ''} in your district`);
    subject = {
      kind: 'user',
      id: u.id,
      name: `${u.last_name}, ${u.first_name}`,
      detail: `${u.email}, ${u.role}`,
    };
    who = sql<boolean>`a.user_id = ${u.id}`;
  }
  const start = localDayRange(from, district.timeZone).from;
  const end = localDayRange(to, district.timeZone).to;
  const r = await sql<EntryRow>`
    SELECT a.chain_seq, a.created_at, a.action, a.table_name, a.record_id, a.ip_address, a.details,
           u.email, u.first_name, u.last_name, u.role, s.name AS school_name, s.timezone AS tz
    FROM audit_logs a
    LEFT JOIN users u ON u.id = a.user_id
    LEFT JOIN schools s ON s.id = a.school_id
    WHERE ${who} AND a.created_at >= ${start}::timestamptz AND a.created_at < ${end}::timestamptz
    ORDER BY a.chain_seq`.execute(trx);
  const entries: AuditReportEntry[] = r.rows.map((e) => ({
    seq: Number(e.chain_seq),
    at: dateTimeIn(new Date(e.created_at).getTime(), e.tz ?? district.timeZone, true),
    who: e.email ? `${e.last_name ?? ''}, ${e.first_name ?? ''} <${e.email}>` : 'system',
    role: e.role ?? '',
    action: e.action,
    table: e.table_name ?? '',
    recordId: e.record_id ?? '',
    school: e.school_name ?? 'district',
    ip: e.ip_address ?? '',
    event: eventOf(e.details),
  }));
  const disclosures = await sql<{
    disclosure_date: Date;
    disclosure_type: string;
    purpose: string;
    disclosure_scope: string;
    recipients: string | null;
    student: string;
    by_name: string;
    tz: string | null;
  }>`
    SELECT p.disclosure_date, p.disclosure_type, p.purpose, p.disclosure_scope,
           (SELECT string_agg(r.recipient_name || coalesce(' (' || r.recipient_organization || ')', ''), '; '
                              ORDER BY r.recipient_name)
              FROM phi_disclosure_recipients r WHERE r.disclosure_id = p.id) AS recipients,
           st.last_name || ', ' || st.first_name AS student, u.last_name || ', ' || u.first_name AS by_name,
           sc.timezone AS tz
    FROM phi_disclosures p
    JOIN students st ON st.id = p.student_id
    JOIN users u ON u.id = p.disclosed_by
    JOIN schools sc ON sc.id = p.school_id
    WHERE p.deleted_at IS NULL
      AND ${subject.kind === 'student' ? sql`p.student_id = ${subject.id}` : sql`p.disclosed_by = ${subject.id}`}
      AND p.disclosure_date >= ${start}::timestamptz AND p.disclosure_date < ${end}::timestamptz
    ORDER BY p.disclosure_date, p.id`.execute(trx);
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.action, (counts.get(e.action) ?? 0) + 1);
  const byAction = [...counts]
    .map(([action, n]) => ({ action, entries: n }))
    .sort((a, b) => b.entries - a.entries || a.action.localeCompare(b.action));
  return {
    data: {
      from,
      to,
      subject,
      entries,
      byAction,
      disclosures: disclosures.rows.map((x) => ({
        date: dateTimeIn(new Date(x.disclosure_date).getTime(), x.tz ?? district.timeZone, true),
        type: x.disclosure_type.replaceAll('_', ' ').toLowerCase(),
        purpose: x.purpose,
        recipients: x.recipients ?? '',
        student: x.student,
        by: x.by_name,
        scope: x.disclosure_scope.replaceAll('_', ' ').toLowerCase(),
      })),
    },
    rows: entries.length,
    studentId: p.studentId ?? null,
    schoolId,
  };
}
