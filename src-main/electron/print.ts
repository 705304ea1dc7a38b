import { BrowserWindow } from 'electron';
import type { ReportPrinter } from '../workstation/reports';
import type { PrintJobs } from './print-jobs';

/**
 * reports.print in Electron: the core's PDF, loaded once from the app's scheme (./print-jobs.ts) into a hidden
 * window (Chromium's PDF viewer: plugins on, sandboxed, no preload, no Node), printed with the system print dialog
 * (webContents.print, not silent), then the window is destroyed. True when the nurse printed, false when cancelled.
 */
export function electronReportPrinter(jobs: PrintJobs, parent: () => BrowserWindow | null): ReportPrinter {
  return {
    print: async (pdf) => {
      const url = jobs.add(pdf.bytes);
      const owner = parent();
      const w = new BrowserWindow({
        show: false,
        title: pdf.title,
        ...(owner ? { parent: owner } : {}),
        webPreferences: {
          plugins: true,
          sandbox: true,
          contextIsolation: true,
          nodeIntegration: false,
          webSecurity: true,
          javascript: true,
          spellcheck: false,
          // middle-click (auxclick) cannot open links in new windows
          disableBlinkFeatures: 'Auxclick',
          devTools: false,
        },
      });
      try {
        await w.loadURL(url);
        return await new Promise<boolean>((resolve) => {
          w.webContents.print({ silent: false, printBackground: true }, (printed) => resolve(printed));
        });
      } finally {
        jobs.drop(url);
        w.destroy();
      }
    },
  };
}
