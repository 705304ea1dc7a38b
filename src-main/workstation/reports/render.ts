import type { ReportRequest } from '../../../src-shared/ipc/reports';
import type { ReportDocument } from '../../../src-shared/reports/document';
import { reportFileName } from '../../../src-shared/reports';
import { renderReport } from '../../../src-shared/reports/pdf';
import {
  buildEmergencyCard,
  buildExcuseNote,
  buildHealthSummary,
  buildImmunizationRecord,
  buildMarSheet,
  buildVisitLog,
  workstationReportMeta,
  type PrintContext,
} from '../../../src-shared/reports/workstation';
import { localDate } from '../../../src-shared/time';
import type { Actor, WorkstationContext } from '../context';
import { writing } from '../write-support';
import { requireReportAccess } from './access';
import { recordReportRun } from './instances';
import { loadReportFonts } from './fonts';
import { excuseNoteRows, healthRows, immunizationRows, school, visitLogRows } from './read';
import { marSheetRows } from './read-mar';

/**
 * Renders one workstation report offline: the access rule, the rows (read.ts), the pure builder, the PDF engine
 * with the bundled fonts, the run as a report instance with its log row (instances.ts: COMPLETED with the file's
 * SHA-256, or FAILED with the error), and the audit (PRINT: who, which report, which student, the file's SHA-256).
 * An excuse note also marks its visit as having had its note printed.
 */
export interface RenderedWorkstationReport {
  readonly bytes: Uint8Array;
  readonly pageCount: number;
  readonly sha256: string;
  readonly fileName: string;
  readonly title: string;
  readonly archival: boolean;
}

interface Built {
  readonly doc: ReportDocument;
  readonly fileName: string;
  /** What the audit row names: the table and record, and the student. */
  readonly record: { table: string; id: string | null; studentId: string | null };
  readonly after?: () => void;
}

function build(ctx: WorkstationContext, actor: Actor, req: ReportRequest): Built {
  const sc = school(ctx);
  const tz = ctx.timeZone();
  const print: PrintContext = {
    organization: sc.name,
    timeZone: tz,
    printedAtMs: ctx.now(),
    printedBy: actor.name,
  };
  const today = localDate(ctx.now(), tz);
  const named = (values: Record<string, string>) =>
    reportFileName(workstationReportMeta(req.report).fileName, values);
  switch (req.report) {
    case 'visitLog':
      return {
        doc: buildVisitLog({ print, date: req.date, visits: visitLogRows(ctx, req.date) }),
        fileName: named({ school_code: sc.code, date: req.date }),
        record: { table: 'clinic_visits', id: null, studentId: null },
      };
    case 'healthSummary':
    case 'emergencyCard': {
      const rows = healthRows(ctx, req.studentId);
      const card = req.report === 'emergencyCard';
      return {
        doc: (card ? buildEmergencyCard : buildHealthSummary)({ print, ...rows }),
        fileName: named({ student_number: rows.student.studentNumber, date: today }),
        record: { table: 'students', id: req.studentId, studentId: req.studentId },
      };
    }
    case 'marSheet': {
      const rows = marSheetRows(ctx, req.studentId, req.month);
      return {
        doc: buildMarSheet({ print, ...rows }),
        fileName: named({ student_number: rows.student.studentNumber, month: req.month }),
        record: { table: 'medication_administrations', id: null, studentId: req.studentId },
      };
    }
    case 'immunizationRecord': {
      const rows = immunizationRows(ctx, req.studentId);
      return {
        doc: buildImmunizationRecord({ print, ...rows }),
        fileName: named({ student_number: rows.student.studentNumber, date: today }),
        record: { table: 'vaccinations', id: null, studentId: req.studentId },
      };
    }
    case 'excuseNote': {
      const rows = excuseNoteRows(ctx, req.visitId);
      return {
        doc: buildExcuseNote({ print, ...rows }),
        fileName: named({
          student_number: rows.studentNumber,
          date: localDate(Date.parse(rows.arrivedAt), tz),
        }),
        record: { table: 'clinic_visits', id: rows.visitId, studentId: rows.studentId },
        after: rows.generated
          ? undefined
          : () => ctx.store.update('clinic_visits', rows.visitId, { excuse_note_generated: 1 }),
      };
    }
  }
}

export async function renderWorkstationReport(
  ctx: WorkstationContext,
  actor: Actor,
  req: ReportRequest,
  channel: 'render' | 'print',
): Promise<RenderedWorkstationReport> {
  requireReportAccess(actor, req.report);
  const started = ctx.now();
  let built: Built;
  let out: Awaited<ReturnType<typeof renderReport>>;
  try {
    built = build(ctx, actor, req);
    out = await renderReport(built.doc, loadReportFonts());
  } catch (e) {
    // the failed run is recorded (FAILED instance and its ERROR log row); the nurse gets the original error
    const error = e instanceof Error ? e.message : String(e);
    try {
      writing(ctx, () => recordReportRun(ctx, actor, req, channel, started, { status: 'FAILED', error }));
    } catch (w) {
      ctx.log(
        `reports: the failed ${req.report} run was not recorded: ${w instanceof Error ? w.message : String(w)}`,
      );
    }
    throw e;
  }
  const { report, ...params } = req;
  writing(ctx, () => {
    built.after?.();
    const instanceId = recordReportRun(ctx, actor, req, channel, started, {
      status: 'COMPLETED',
      fileName: built.fileName,
      sha256: out.sha256,
      pageCount: out.pageCount,
      sizeBytes: out.bytes.length,
      archival: built.doc.archival,
    });
    ctx.audit(actor, 'PRINT', built.record.table, built.record.id, {
      what: 'report',
      report,
      ...params,
      ...(built.record.studentId ? { studentId: built.record.studentId } : {}),
      pages: out.pageCount,
      sha256: out.sha256,
      channel,
      ...(instanceId ? { instanceId } : {}),
    });
  });
  return {
    bytes: out.bytes,
    pageCount: out.pageCount,
    sha256: out.sha256,
    fileName: built.fileName,
    title: built.doc.title,
    archival: built.doc.archival,
  };
}
