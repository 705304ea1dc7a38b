/** Reports on the workstation: the reports.* handlers (render, print), the printer the shell provides, the fonts. */
export { reportsHandlers, type ReportsDeps } from './ipc';
export type { ReportPrinter } from './printer';
export { REPORT_ACCESS } from './access';
export { loadReportFonts } from './fonts';
