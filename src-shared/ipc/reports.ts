import { z } from 'zod';
import { id, isoDate, method, slice } from './slice';

/**
 * The reports slice: the workstation's printable reports, rendered offline as PDF for the nurse's school
 * (src-main/workstation/reports/ipc.ts; builders in src-shared/reports/workstation, engine in src-shared/reports/pdf).
 * Every render and print is audited (PRINT: who, which report, which student).
 */

export const WORKSTATION_REPORTS = [
  'visitLog',
  'healthSummary',
  'emergencyCard',
  'marSheet',
  'excuseNote',
  'immunizationRecord',
] as const;
export type WorkstationReport = (typeof WORKSTATION_REPORTS)[number];

export const ReportMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month (YYYY-MM)');

/** What to print: the report and its one parameter (a day, a student, a student and a month, a visit). */
export const ReportRequest = z.discriminatedUnion(
  'report',
  [
    z.object({ report: z.literal('visitLog'), date: isoDate }).strict(),
    z.object({ report: z.literal('healthSummary'), studentId: id }).strict(),
    z.object({ report: z.literal('emergencyCard'), studentId: id }).strict(),
    z.object({ report: z.literal('marSheet'), studentId: id, month: ReportMonth }).strict(),
    z.object({ report: z.literal('excuseNote'), visitId: id }).strict(),
    z.object({ report: z.literal('immunizationRecord'), studentId: id }).strict(),
  ],
  { error: () => `report: one of ${WORKSTATION_REPORTS.join(', ')}` },
);
export type ReportRequest = z.infer<typeof ReportRequest>;

export const ReportPdf = z.object({
  /** The PDF, base64 (crosses the Electron bridge and the loopback bridge's JSON alike). */
  pdfBase64: z.string().min(1),
  fileName: z.string(),
  title: z.string(),
  pageCount: z.number().int().min(1),
  /** SHA-256 of the PDF, lower-case hex. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** PDF/A (the MAR sheet, the immunization record). */
  archival: z.boolean(),
});
export type ReportPdf = z.infer<typeof ReportPdf>;

export const reportsSlice = slice('reports', {
  /** Renders the report as a PDF (browser mode opens or downloads it). Emergency access: health summary and card only. */
  'reports.render': method({ args: ReportRequest, result: ReportPdf, access: 'emergencyRead' }),
  /**
   * Electron: renders it and hands it to the system print dialog. `printed` is false when the nurse cancelled the
   * dialog; refused (UNKNOWN_METHOD-like FORBIDDEN) where there is no system printing (browser mode: use render).
   */
  'reports.print': method({
    args: ReportRequest,
    result: z.object({ printed: z.boolean(), pageCount: z.number().int().min(1), fileName: z.string() }),
    access: 'emergencyRead',
  }),
});
