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
