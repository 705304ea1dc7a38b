import { v7 as uuidv7 } from 'uuid';
import type { ReportParams } from '../../src-shared/reports/district';
import { districtReportFileName, parameterIssue } from '../../src-shared/reports/district';
import { reportFilePath } from '../../src-shared/reports/file-name';
import { dateTimeIn, localDate } from '../../src-shared/time';
import { appendAudit, type AuditEntryInput } from '../audit';
import { withTenant } from '../db/tenant';
import type { Transaction } from 'kysely';
import type { ServerDatabase } from '../../src-shared/db/server-schema.generated';

type Trx = Transaction<ServerDatabase>;
import { districtReport, type DistrictReport } from './definitions';
import { ReportError } from './errors';
import { removeReportFile, reportFileOnDisk, writeFileAtomically } from './files';
import { districtDefinitionSource, upsertReportDefinition } from './sync-definitions';
import type { ReportCaller, ReportDeps } from './types';

const FALLBACK_TIME_ZONE = 'America/New_York';
const DAY_MS = 86_400_000;

export interface RunResult {
  readonly instanceId: string;
  readonly status: 'COMPLETED' | 'FAILED';
  readonly error: string | null;
  /** Absolute path of the file (COMPLETED only). */
  readonly file: string | null;
  readonly sha256: string | null;
  readonly pageCount: number | null;
  readonly sizeBytes: number | null;
  readonly signed: boolean;
}

/** The definition, role and parameters of a run, checked before anything is written (ReportError otherwise). */
export function checkRun(
  name: string,
  role: ReportCaller['role'],
  raw: Readonly<Record<string, unknown>>,
): { report: DistrictReport; params: ReportParams } {
  const report = districtReport(name);
  if (!report.meta.roles.includes(role))
    throw new ReportError(
      'FORBIDDEN',
      null,
      `report '${name}' requires the role ${report.meta.roles.join(' or ')}`,
    );
  const parsed = report.schema.safeParse(raw);
  if (!parsed.success) {
    const i = parameterIssue(parsed.error);
    throw new ReportError('BAD_PARAMETER', i.parameter, i.message);
  }
  return { report, params: parsed.data };
}

const log = (
  trx: Trx,
  instanceId: string,
  at: Date,
  level: 'INFO' | 'WARNING' | 'ERROR',
  message: string,
  context: Record<string, unknown>,
) =>
  trx
    .insertInto('report_generation_log')
    .values({
      id: uuidv7({ msecs: at.getTime() }),
      report_instance_id: instanceId,
      log_timestamp: at,
      log_level: level,
      log_message: message,
      execution_context: JSON.stringify(context),
    })
    .execute();

const auditOf = (
  c: ReportCaller,
  at: Date,
  e: Omit<AuditEntryInput, 'userId' | 'deviceId' | 'ip' | 'userAgent' | 'at'>,
) => ({
  ...e,
  userId: c.userId,
  deviceId: c.deviceId,
  ip: c.ip,
  userAgent: c.userAgent,
  at,
});

/**
 * Runs a district report: checks it (definition, role, parameters), records a GENERATING instance (audited: who,
 * which report, which students), queries under the caller's tenancy, lays out and renders the PDF (signed when the
 * district has a key), writes the file atomically and completes the instance with its SHA-256, size, pages and
 * expiry. Each step is in report_generation_log; a failure leaves the instance FAILED with its error and no file.
 */
export async function runDistrictReport(
  deps: ReportDeps,
  caller: ReportCaller,
  name: string,
  raw: Readonly<Record<string, unknown>>,
): Promise<RunResult> {
  const { report, params } = checkRun(name, caller.role, raw);
  const meta = report.meta;
  const started = deps.clock.now();
  const scope = { schoolIds: caller.schoolIds, userId: caller.userId, deviceId: caller.deviceId };
  const district = await deps.db
    .selectFrom('districts')
    .select(['id', 'name', 'timezone'])
    .where('id', '=', caller.districtId)
    .executeTakeFirstOrThrow();
  const user = await deps.db
    .selectFrom('users')
    .select(['first_name', 'last_name', 'email'])
    .where('id', '=', caller.userId)
    .executeTakeFirstOrThrow();
  const timeZone = district.timezone || FALLBACK_TIME_ZONE;
  const queryCtx = {
    schoolIds: caller.schoolIds,
    district: { id: district.id, name: district.name, timeZone },
  };

  // the query first (a refusal such as "no school X among yours" is a 4xx, not a failed instance)
  const q = await withTenant(deps.db, scope, (trx) => report.query(trx, params, queryCtx));
  const schoolCode = q.schoolId
    ? ((
        await deps.db
          .selectFrom('schools')
          .select('school_code')
          .where('id', '=', q.schoolId)
          .executeTakeFirst()
      )?.school_code ?? 'district')
    : 'district';
  const instanceId = uuidv7({ msecs: started.getTime() });
  const day = localDate(started.getTime(), timeZone);
  const fileName = districtReportFileName(meta, params, day).replace(
    /\.pdf$/,
    `_${instanceId.slice(-12)}.pdf`,
  );
  const filePath = reportFilePath(
    /^[A-Za-z0-9_-]+$/.test(schoolCode) ? schoolCode : 'district',
    day,
    fileName,
  );
  const abs = reportFileOnDisk(deps.dataDir, filePath);
  const expires = new Date(started.getTime() + meta.retentionDays * DAY_MS);
  const logContext = { report: meta.name, code: meta.code, userId: caller.userId, schoolId: q.schoolId };

  // the run's own records are written by the server (a district-wide instance has no school for row-level security
  // to check); what the caller may read was decided above, under their tenancy
  await deps.db.transaction().execute(async (trx) => {
    const definitionId = await upsertReportDefinition(trx, districtDefinitionSource(meta), started);
    await trx
      .insertInto('report_instances')
      .values({
        id: instanceId,
        report_definition_id: definitionId,
        school_id: q.schoolId,
        generated_at: started,
        generated_by: caller.userId,
        report_parameters: JSON.stringify(params),
        file_path: filePath,
        generation_status: 'GENERATING',
        expires_at: expires,
        created_at: started,
        updated_at: started,
      })
      .execute();
    await log(trx, instanceId, started, 'INFO', `Generating ${meta.title}`, {
      ...logContext,
      parameters: params,
    });
    await log(trx, instanceId, started, 'INFO', `Data source returned ${q.rows} row(s)`, {
      ...logContext,
      rows: q.rows,
    });
    await appendAudit(
      trx,
      auditOf(caller, started, {
        action: 'PRINT',
        tableName: 'report_instances',
        recordId: instanceId,
        schoolId: q.schoolId,
        details: {
          event: 'report_run',
          report: meta.name,
          parameters: params,
          ...(q.studentIds.length === 1 ? { studentId: q.studentIds[0] ?? null } : {}),
          ...(q.studentIds.length > 0 ? { studentIds: [...q.studentIds] } : {}),
        },
      }),
    );
  });

  let written = false;
  try {
    const doc = report.layout(
      meta,
      {
        organization: district.name,
        printedAt: `${dateTimeIn(started.getTime(), timeZone, true)} (${timeZone})`,
        printedBy: `${user.first_name} ${user.last_name} <${user.email}>`,
        createdAt: started,
        timeZone,
      },
      q.data,
    );
    const key = meta.signed ? deps.signingKey() : null;
    const pdf = await deps.render(doc, key);
    writeFileAtomically(abs, pdf.bytes);
    written = true;
    const done = deps.clock.now();
    await deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('report_instances')
        .set({
          generation_status: 'COMPLETED',
          file_hash: pdf.sha256,
          file_size_bytes: pdf.bytes.length,
          page_count: pdf.pageCount,
          generation_duration_seconds: Math.max(0, Math.round((done.getTime() - started.getTime()) / 1000)),
          updated_at: done,
        })
        .where('id', '=', instanceId)
        .execute();
      await log(
        trx,
        instanceId,
        done,
        'INFO',
        `Rendered ${pdf.pageCount} page(s)${key ? ', signed' : ''}${meta.archival ? ', PDF/A' : ''}`,
        {
          ...logContext,
          pages: pdf.pageCount,
          signed: key !== null,
          ...(key ? { certificate: key.fingerprint } : {}),
        },
      );
      await log(trx, instanceId, done, 'INFO', `Written ${pdf.bytes.length} bytes to ${filePath}`, {
        ...logContext,
        bytes: pdf.bytes.length,
        sha256: pdf.sha256,
      });
    });
    return {
      instanceId,
      status: 'COMPLETED',
      error: null,
      file: abs,
      sha256: pdf.sha256,
      pageCount: pdf.pageCount,
      sizeBytes: pdf.bytes.length,
      signed: key !== null,
    };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (written) removeReportFile(abs);
    const at = deps.clock.now();
    await deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('report_instances')
        .set({ generation_status: 'FAILED', generation_error: message.slice(0, 2000), updated_at: at })
        .where('id', '=', instanceId)
        .execute();
      await log(trx, instanceId, at, 'ERROR', `Generation failed: ${message.slice(0, 1000)}`, logContext);
    });
    return {
      instanceId,
      status: 'FAILED',
      error: message,
      file: null,
      sha256: null,
      pageCount: null,
      sizeBytes: null,
      signed: false,
    };
  }
}

/** Archives the instances past their expiry: the file removed, the row kept (is_archived) with a log entry. */
export async function expireReportFiles(
  deps: Pick<ReportDeps, 'db' | 'clock' | 'dataDir'>,
): Promise<{ archived: number }> {
  const now = deps.clock.now();
  const due = await deps.db
    .selectFrom('report_instances')
    .select(['id', 'file_path', 'school_id'])
    .where('is_archived', '=', false)
    .where('expires_at', '<=', now)
    .orderBy('expires_at')
    .limit(1000)
    .execute();
  for (const r of due) {
    let abs: string | null = null;
    try {
      abs = reportFileOnDisk(deps.dataDir, r.file_path);
    } catch {
      abs = null; // a path outside the reports folder is never deleted
    }
    if (abs) removeReportFile(abs);
    await deps.db.transaction().execute(async (trx) => {
      const n = await trx
        .updateTable('report_instances')
        .set({ is_archived: true, access_token: null, updated_at: now })
        .where('id', '=', r.id)
        .where('is_archived', '=', false)
        .executeTakeFirst();
      if (Number(n.numUpdatedRows) === 1)
        await log(trx, r.id, now, 'INFO', 'Retention period over: file deleted, instance archived', {
          filePath: r.file_path,
        });
    });
  }
  return { archived: due.length };
}
