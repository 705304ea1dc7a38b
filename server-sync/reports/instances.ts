import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { DISTRICT_REPORTS } from '../../src-shared/reports/district';
import type { ReportInstanceView } from '../../src-shared/api/reports';
import { appendAudit } from '../audit';
import { withTenant, type TenantTx } from '../db/tenant';
import { ReportError } from './errors';
import { reportFileOnDisk } from './files';
import type { ReportCaller, ReportDeps } from './types';

const codesFor = (role: ReportCaller['role']): string[] =>
  DISTRICT_REPORTS.filter((r) => r.roles.includes(role)).map((r) => r.code);
const nameOf = (code: string): string => DISTRICT_REPORTS.find((r) => r.code === code)?.name ?? code;

function instancesQuery(trx: TenantTx, role: ReportCaller['role'], districtId: string) {
  const codes = codesFor(role);
  return (
    trx
      .selectFrom('report_instances as i')
      .innerJoin('report_definitions as d', 'd.id', 'i.report_definition_id')
      .innerJoin('users as u', 'u.id', 'i.generated_by')
      .leftJoin('schools as s', 's.id', 'i.school_id')
      .select([
        'i.id',
        'd.report_code',
        'd.report_name',
        'i.school_id',
        's.name as school_name',
        'i.generated_at',
        'u.first_name',
        'u.last_name',
        'i.report_parameters',
        'i.generation_status',
        'i.generation_error',
        'i.file_path',
        'i.file_size_bytes',
        'i.file_hash',
        'i.page_count',
        'i.expires_at',
        'i.downloaded_count',
        'i.is_archived',
      ])
      .where('d.report_code', 'in', codes.length ? codes : ['-'])
      // district-wide instances (no school) pass row-level security for everyone: keep them to the caller's district
      .where('u.district_id', '=', districtId)
  );
}

type Row = Awaited<ReturnType<ReturnType<typeof instancesQuery>['executeTakeFirstOrThrow']>>;

const view = (r: Row): ReportInstanceView => ({
  id: r.id,
  report: nameOf(r.report_code),
  title: r.report_name,
  schoolId: r.school_id,
  schoolName: r.school_name ?? null,
  generatedAt: new Date(r.generated_at).toISOString(),
  generatedBy: `${r.first_name} ${r.last_name}`,
  parameters: (typeof r.report_parameters === 'object' && r.report_parameters !== null
    ? r.report_parameters
    : {}) as Record<string, string>,
  status: r.generation_status,
  error: r.generation_error,
  fileName: basename(r.file_path),
  sizeBytes: r.file_size_bytes === null ? null : Number(r.file_size_bytes),
  sha256: r.file_hash,
  pageCount: r.page_count,
  expiresAt: r.expires_at ? new Date(r.expires_at).toISOString() : null,
  downloads: r.downloaded_count,
  archived: r.is_archived,
});

/** The district report instances the caller may see (their schools' and district-wide ones, of reports their role runs). */
export async function listReportInstances(
  deps: Pick<ReportDeps, 'db'>,
  caller: ReportCaller,
  q: { report?: string | undefined; limit: number },
): Promise<ReportInstanceView[]> {
  return withTenant(
    deps.db,
    { schoolIds: caller.schoolIds, userId: caller.userId, deviceId: caller.deviceId },
    async (trx) => {
      let s = instancesQuery(trx, caller.role, caller.districtId);
      if (q.report) {
        const code = DISTRICT_REPORTS.find((r) => r.name === q.report)?.code ?? '-';
        s = s.where('d.report_code', '=', code);
      }
      const rows = await s.orderBy('i.generated_at', 'desc').orderBy('i.id', 'desc').limit(q.limit).execute();
      return rows.map(view);
    },
  );
}

/** One instance the caller may see; 404 otherwise. */
export async function getReportInstance(
  deps: Pick<ReportDeps, 'db'>,
  caller: ReportCaller,
  id: string,
): Promise<ReportInstanceView> {
  return withTenant(
    deps.db,
    { schoolIds: caller.schoolIds, userId: caller.userId, deviceId: caller.deviceId },
    async (trx) => {
      const r = await instancesQuery(trx, caller.role, caller.districtId)
        .where('i.id', '=', id)
        .executeTakeFirst();
      if (!r) throw new ReportError('NOT_FOUND', null, `no report ${id} you may see`);
      return view(r);
    },
  );
}

/**
 * The PDF of a completed instance, checked against its stored SHA-256; counted (downloaded_count) and audited
 * (EXPORT of report_instances, with the report and the students it names).
 */
export async function downloadReportInstance(
  deps: Pick<ReportDeps, 'db' | 'clock' | 'dataDir'>,
  caller: ReportCaller,
  id: string,
): Promise<{ bytes: Buffer; fileName: string }> {
  const now = deps.clock.now();
  const r = await withTenant(
    deps.db,
    { schoolIds: caller.schoolIds, userId: caller.userId, deviceId: caller.deviceId },
    (trx) => instancesQuery(trx, caller.role, caller.districtId).where('i.id', '=', id).executeTakeFirst(),
  );
  if (!r) throw new ReportError('NOT_FOUND', null, `no report ${id} you may see`);
  if (r.generation_status !== 'COMPLETED')
    throw new ReportError('NO_FILE', null, `report ${id} is ${r.generation_status}: there is no file`);
  if (r.is_archived) throw new ReportError('NO_FILE', null, `report ${id} expired and its file was deleted`);
  const abs = reportFileOnDisk(deps.dataDir, r.file_path);
  if (!existsSync(abs)) throw new ReportError('NO_FILE', null, `the file of report ${id} is missing`);
  const bytes = readFileSync(abs);
  if (createHash('sha256').update(bytes).digest('hex') !== r.file_hash)
    throw new ReportError(
      'NO_FILE',
      null,
      `the file of report ${id} does not match its SHA-256: it was changed`,
    );
  const params = (r.report_parameters ?? {}) as Record<string, string>;
  // counted and audited by the server (a district-wide instance has no school row-level security could check)
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('report_instances')
      .set((eb) => ({
        downloaded_count: eb('downloaded_count', '+', 1),
        last_downloaded_at: now,
        updated_at: now,
      }))
      .where('id', '=', id)
      .execute();
    await appendAudit(trx, {
      action: 'EXPORT',
      userId: caller.userId,
      deviceId: caller.deviceId,
      ip: caller.ip,
      userAgent: caller.userAgent,
      schoolId: r.school_id,
      tableName: 'report_instances',
      recordId: id,
      details: {
        event: 'report_download',
        report: nameOf(r.report_code),
        ...(params.studentId ? { studentId: params.studentId } : {}),
        sha256: r.file_hash,
      },
      at: now,
    });
  });
  return { bytes, fileName: basename(r.file_path) };
}
