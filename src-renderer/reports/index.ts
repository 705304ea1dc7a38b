/** Reports on the workstation's screens: the Print menu and button (PDF to the print dialog, or to open). */
export { ChartPrint } from './ChartPrint';
export { PrintButton, PrintMenu, type PrintItem } from './PrintMenu';
export { pdfBytes, printReport } from './print-report';
