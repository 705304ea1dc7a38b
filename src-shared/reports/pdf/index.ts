/** The PDF engine: pure (fonts come in as bytes), the same on the workstation and the district server. */
export { renderReport } from './render';
export {
  generateSigningCertificate,
  type SigningCertificate,
  type SigningCertificateRequest,
} from './certificate';
export { reportDocumentSchema } from './validate';
export { srgbIccProfile } from './icc';
export { REPORT_FONT_FILES, loadReportFontsWith } from './font-files';
export type { RenderOptions, RenderedReport, ReportFonts, ReportSigner } from './types';
