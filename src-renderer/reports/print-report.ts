import type { ReportRequest } from '../../src-shared/ipc/reports';
import { bridgeKind, call } from '../bridge';

/**
 * Printing a report from the renderer. In Electron the core renders the PDF and the shell shows the system print
 * dialog (reports.print). In browser mode the core renders it (reports.render) and the page offers it as a PDF to
 * open in a new tab or download; the browser's own viewer prints it.
 */
export type PrintOutcome =
  | { readonly kind: 'printed'; readonly pageCount: number; readonly fileName: string }
  | { readonly kind: 'cancelled' }
  | {
      readonly kind: 'pdf';
      readonly url: string;
      readonly fileName: string;
      readonly title: string;
      readonly pageCount: number;
    };

/** The PDF bytes of a base64 answer. */
export function pdfBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export async function printReport(req: ReportRequest): Promise<PrintOutcome> {
  if (bridgeKind() === 'electron') {
    const r = await call('reports.print', req);
    return r.printed ? { kind: 'printed', pageCount: r.pageCount, fileName: r.fileName } : { kind: 'cancelled' };
  }
  const r = await call('reports.render', req);
  const url = URL.createObjectURL(new Blob([pdfBytes(r.pdfBase64)], { type: 'application/pdf' }));
  return { kind: 'pdf', url, fileName: r.fileName, title: r.title, pageCount: r.pageCount };
}

export const pagesText = (n: number) => `${n} ${n === 1 ? 'page' : 'pages'}`;
