import { randomBytes } from 'node:crypto';
import { APP_ORIGIN } from './policy';

/**
 * The PDFs waiting for the system print dialog (Electron's reports.print, ./print.ts): each is served through the
 * app's own scheme, at an unguessable address (`app://white-cross/__print/<random>.pdf`), to the hidden window whose
 * PDF viewer prints it, until the print is over (drop); then it is gone. Plain Node (tested without Electron).
 */
export const PRINT_PATH_PREFIX = '/__print/';

export interface PrintJobs {
  /** Registers a PDF; returns the address to load it from. */
  add(bytes: Uint8Array): string;
  /** Whether the address is a print job's (known or not): such an address never serves an app file. */
  isJobUrl(url: string): boolean;
  /** The PDF at that address while its print lasts (null for an unknown or dropped address). */
  get(url: string): Uint8Array | null;
  /** Forgets an address (the print finished or failed before it was loaded). */
  drop(url: string): void;
  readonly size: number;
}

export function createPrintJobs(): PrintJobs {
  const jobs = new Map<string, Uint8Array>();
  const key = (url: string): string | null => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return null;
    }
    if (`${u.protocol}//${u.host}` !== APP_ORIGIN || !u.pathname.startsWith(PRINT_PATH_PREFIX)) return null;
    return u.pathname;
  };
  return {
    add: (bytes) => {
      const path = `${PRINT_PATH_PREFIX}${randomBytes(24).toString('hex')}.pdf`;
      jobs.set(path, bytes);
      return `${APP_ORIGIN}${path}`;
    },
    isJobUrl: (url) => key(url) !== null,
    get: (url) => {
      const k = key(url);
      return k === null ? null : (jobs.get(k) ?? null);
    },
    drop: (url) => {
      const k = key(url);
      if (k !== null) jobs.delete(k);
    },
    get size() {
      return jobs.size;
    },
  };
}

/** The headers a print job's PDF is served with (no caching; the PDF viewer needs no script of ours). */
export const PRINT_JOB_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'application/pdf',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
});
