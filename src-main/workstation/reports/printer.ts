/**
 * The system print dialog, as the core sees it: Electron's shell implements it (src-main/electron/print.ts: the PDF
 * in a hidden window's PDF viewer, webContents.print with the dialog); browser mode has none (the renderer opens the
 * PDF in a new tab or downloads it, and the browser prints it).
 */
export interface ReportPrinter {
  /** Shows the print dialog for the PDF; true once sent to a printer, false when the nurse cancelled. */
  print(pdf: { readonly bytes: Uint8Array; readonly title: string; readonly fileName: string }): Promise<boolean>;
}
