import type { reportsSlice } from '../../../src-shared/ipc/reports';
import { IpcError } from '../../../src-shared/ipc/errors';
import type { FeatureDeps, SliceHandlers } from '../handlers';
import { renderWorkstationReport } from './render';
import type { ReportPrinter } from './printer';

export interface ReportsDeps extends FeatureDeps {
  /** The system print dialog (Electron's shell); null in browser mode, where the renderer opens the PDF. */
  readonly printer: ReportPrinter | null;
}

export const reportsHandlers = (d: ReportsDeps): SliceHandlers<typeof reportsSlice> => ({
  'reports.render': async (a) => {
    const r = await renderWorkstationReport(d.ctx(), d.actor(), a, 'render');
    return {
      pdfBase64: Buffer.from(r.bytes).toString('base64'),
      fileName: r.fileName,
      title: r.title,
      pageCount: r.pageCount,
      sha256: r.sha256,
      archival: r.archival,
    };
  },
  'reports.print': async (a) => {
    const printer = d.printer;
    if (!printer)
      throw new IpcError(
        'FORBIDDEN',
        'this workstation has no system print dialog (browser mode): open the PDF and print it from there',
      );
    const r = await renderWorkstationReport(d.ctx(), d.actor(), a, 'print');
    const printed = await printer.print({ bytes: r.bytes, title: r.title, fileName: r.fileName });
    return { printed, pageCount: r.pageCount, fileName: r.fileName };
  },
});
