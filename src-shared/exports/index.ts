/** Exports: when scheduled exports run and where their files go (pure). */
export { adHocExportFilePath, archivedExportPath, exportFileName, exportFilePath } from './files';
export { ExportFrequency, isExportDue } from './schedule';
