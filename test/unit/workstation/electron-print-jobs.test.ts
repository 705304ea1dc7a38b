import { describe, expect, it } from 'vitest';
import { createPrintJobs, PRINT_JOB_HEADERS, PRINT_PATH_PREFIX } from '../../../src-main/electron/print-jobs';
import { APP_ORIGIN, PDF_VIEWER_ORIGIN, navigationAllowed, requestAllowed } from '../../../src-main/electron/policy';

/** The Electron shell's print jobs (reports.print): the PDF served at an unguessable app address while it prints. */
describe('print jobs', () => {
  it('serves a PDF at its own app address until it is dropped', () => {
    const jobs = createPrintJobs();
    const pdf = new TextEncoder().encode('%PDF-1.7 test');
    const url = jobs.add(pdf);
    expect(url.startsWith(`${APP_ORIGIN}${PRINT_PATH_PREFIX}`)).toBe(true);
    expect(url).toMatch(/\/__print\/[0-9a-f]{48}\.pdf$/);
    expect(navigationAllowed(url)).toBe(true);
    expect(requestAllowed(url)).toBe(true);
    expect(jobs.get(url)).toBe(pdf);
    expect(jobs.get(`${url}?again=1`)).toBe(pdf);
    expect(jobs.size).toBe(1);
    jobs.drop(url);
    expect(jobs.get(url)).toBeNull();
    expect(jobs.isJobUrl(url)).toBe(true);
    expect(jobs.size).toBe(0);
  });

  it('gives each job its own address, and nothing for another origin or path', () => {
    const jobs = createPrintJobs();
    const a = jobs.add(new Uint8Array([1]));
    const b = jobs.add(new Uint8Array([2]));
    expect(a).not.toBe(b);
    const path = new URL(a).pathname;
    expect(jobs.get(`app://other${path}`)).toBeNull();
    expect(jobs.get(`https://white-cross${path}`)).toBeNull();
    expect(jobs.get(`${APP_ORIGIN}/index.html`)).toBeNull();
    expect(jobs.isJobUrl(`${APP_ORIGIN}/index.html`)).toBe(false);
    expect(jobs.get('not a url')).toBeNull();
    expect(PRINT_JOB_HEADERS['content-type']).toBe('application/pdf');
  });

  it('lets the window load Chromium’s PDF viewer, and still no other extension or remote content', () => {
    expect(requestAllowed(`${PDF_VIEWER_ORIGIN}/index.html`)).toBe(true);
    expect(requestAllowed('chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/index.html')).toBe(false);
    expect(requestAllowed(`${PDF_VIEWER_ORIGIN}.evil.example/x`)).toBe(false);
    expect(navigationAllowed(`${PDF_VIEWER_ORIGIN}/index.html`)).toBe(false);
  });
});
