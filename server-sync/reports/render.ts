import { renderReport } from '../../src-shared/reports/pdf';
import { loadReportFonts } from './fonts';
import type { ReportRenderer } from './types';

/**
 * The district's renderer: the PDF engine with the shipped fonts, signed (PKCS#7 detached) with the district's key
 * when one is given. `organization` names the signer in the signature dictionary.
 */
export const pdfRenderer =
  (organization: () => string = () => 'White Cross district'): ReportRenderer =>
  (doc, key) =>
    renderReport(
      doc,
      loadReportFonts(),
      key
        ? {
            signer: {
              privateKeyPem: key.privateKeyPem,
              certificatePem: key.certificatePem,
              name: doc.organization || organization(),
              reason: `${doc.title}: issued by the district`,
              location: doc.organization || organization(),
            },
          }
        : {},
    );
