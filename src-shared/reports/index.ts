/** Reports: the report catalog and the naming of generated files (pure). */
export {
  REPORT_DEFINITIONS,
  ReportCategory,
  reportDefinition,
  reportTemplatePath,
  type ReportDefinition,
  type ReportParameter,
} from './catalog';
export {
  REPORT_FILE_PLACEHOLDERS,
  reportFileName,
  reportFilePath,
  reportFilePlaceholders,
  type ReportFilePlaceholder,
} from './file-name';
/** What an excuse note prints (read by the clinic-visits feature, built by the workstation reports). */
export type { ExcuseNoteInput } from './workstation';
/** What renders a report document to PDF (a type: the district's engine is one). */
export type { RenderedReport, ReportRenderer, ReportSigningKey } from './renderer';
