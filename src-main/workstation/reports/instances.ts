import type { ReportRequest } from '../../../src-shared/ipc/reports';
import { workstationReportMeta } from '../../../src-shared/reports/workstation';
import { query, type Actor, type WorkstationContext } from '../context';
import { newId } from '../write-support';

/**
 * Every workstation render or print, success or failure, as a report_instances row and its report_generation_log row,
 * written through the local store (so both go into the outbox and are pushed to the district) inside the caller's
 * transaction. The instance names its definition by the report's code in the pulled report_definitions and expires
 * retention_days after it was generated. The workstation keeps no file: file_path is the file's name (the definition's
 * pattern when the run failed before it had one), file_hash its SHA-256.
 *
 * Not written (the print still works, and is still audited as PRINT): when the definitions have not been pulled yet
 * (a fresh workstation before its first sync with a district that has them), and under emergency access, which has no
 * user to name in generated_by.
 */
export type ReportRun =
  | {
      readonly status: 'COMPLETED';
      readonly fileName: string;
      readonly sha256: string;
      readonly pageCount: number;
      readonly sizeBytes: number;
      readonly archival: boolean;
    }
  | { readonly status: 'FAILED'; readonly error: string };

const DAY_MS = 86_400_000;

/** Writes the run's instance and log row (call inside a write transaction); its id, or null when not written. */
export function recordReportRun(
  ctx: WorkstationContext,
  actor: Actor,
  req: ReportRequest,
  channel: 'render' | 'print',
  startedMs: number,
  run: ReportRun,
): string | null {
  if (actor.userId === null) return null;
  const meta = workstationReportMeta(req.report);
  const def = ctx.first(
    query
      .selectFrom('report_definitions')
      .select(['id', 'retention_days'])
      .where('report_code', '=', meta.code)
      .where('deleted_at', 'is', null),
  );
  if (!def) {
    ctx.log(
      `reports: no report definition ${meta.code} pulled yet: the ${req.report} print is in the audit only`,
    );
    return null;
  }
  const { report, ...parameters } = req;
  const doneMs = Math.max(ctx.now(), startedMs);
  const generatedAt = new Date(startedMs).toISOString();
  const doneAt = new Date(doneMs).toISOString();
  const id = newId();
  const ok = run.status === 'COMPLETED';
  ctx.store.insert('report_instances', {
    id,
    report_definition_id: def.id,
    school_id: ctx.schoolId,
    generated_at: generatedAt,
    generated_by: actor.userId,
    report_parameters: JSON.stringify(parameters),
    file_path: ok ? run.fileName : meta.fileName,
    file_size_bytes: ok ? run.sizeBytes : null,
    file_hash: ok ? run.sha256 : null,
    page_count: ok ? run.pageCount : null,
    generation_status: run.status,
    generation_error: ok ? null : run.error.slice(0, 2000),
    generation_duration_seconds: Math.round((doneMs - startedMs) / 1000),
    expires_at:
      def.retention_days === null ? null : new Date(startedMs + def.retention_days * DAY_MS).toISOString(),
    created_at: doneAt,
    updated_at: doneAt,
  });
  const context = { report, code: meta.code, channel, userId: actor.userId, schoolId: ctx.schoolId };
  ctx.store.insert('report_generation_log', {
    id: newId(),
    report_instance_id: id,
    log_timestamp: doneAt,
    log_level: ok ? 'INFO' : 'ERROR',
    log_message: ok
      ? `Rendered ${run.pageCount} page(s)${run.archival ? ', PDF/A' : ''} at the workstation (${channel})`
      : `Generation failed: ${run.error.slice(0, 1000)}`,
    execution_context: JSON.stringify(
      ok
        ? { ...context, parameters, pages: run.pageCount, bytes: run.sizeBytes, sha256: run.sha256 }
        : { ...context, parameters },
    ),
  });
  return id;
}
