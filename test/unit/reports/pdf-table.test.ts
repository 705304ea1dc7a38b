import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadReportFonts } from '../../../server-sync/reports/fonts';
import { renderReport } from '../../../src-shared/reports/pdf';
import type { RenderedReport } from '../../../src-shared/reports/pdf';
import {
  pdfFonts,
  pdfInfo,
  pdfPages,
  pdfToPng,
  pdfWords,
  qpdfCheck,
  writePdf,
} from '../../support/pdf-tools';
import {
  NAMES,
  VISIT_COLUMNS,
  baseDocument,
  visitLogDocument,
  visitRows,
} from '../../support/report-samples';

/**
 * The PDF engine on a 600-visit day (20+ letter pages): read back with poppler and qpdf, every row exactly once
 * across the page breaks, the header row on every page of the table, the footer's "Page N of M", the five names in
 * five scripts, subset fonts, a small file; and the first page rendered to PNG for a person to look at.
 */
const fonts = loadReportFonts();
const rows = visitRows(600);
let report: RenderedReport;
let file: string;
let pages: string[];

beforeAll(async () => {
  report = await renderReport(visitLogDocument(rows), fonts);
  file = writePdf(report.bytes, 'visit-log-600');
  pages = pdfPages(file);
});

describe('a 600-row table report', () => {
  it('is a clean PDF of 20+ pages whose hash is of its bytes', () => {
    expect(qpdfCheck(file)).toMatchObject({ ok: true });
    expect(report.pageCount).toBeGreaterThanOrEqual(20);
    expect(pdfInfo(file).pages).toBe(report.pageCount);
    expect(pages).toHaveLength(report.pageCount);
    expect(report.sha256).toBe(createHash('sha256').update(report.bytes).digest('hex'));
    expect(pdfInfo(file).pageSize).toContain('612 x 792');
  });

  it('prints every row exactly once across the page breaks, a wrapped row never split', () => {
    const all = pages.join('\n');
    for (const r of rows) {
      expect(all.split(r.token).length - 1, r.token).toBe(r.reason.includes('end-') ? 2 : 1);
      if (r.reason.includes('end-')) {
        const page = pages.findIndex((p) => p.includes(`${r.token} `));
        expect(pages[page], `${r.token} and its end on one page`).toContain(`end-${r.token}`);
      }
    }
    const tokens = [...all.matchAll(/\bV\d{5}\b/g)].map((m) => m[0]);
    expect(new Set(tokens).size).toBe(rows.length);
  });

  it('repeats the table header on every page the table spans, with page N of M and the printer in each footer', () => {
    const m = report.pageCount;
    pages.forEach((text, i) => {
      expect(text, `page ${i + 1}`).toContain(`Page ${i + 1} of ${m}`);
      expect(text).toContain('Printed Dec 7, 2026, 9:41 AM EST by Nguyễn Thị Ánh, RN');
      expect(text).toContain('Lincoln Elementary School');
      if (/\bV\d{5}\b/.test(text))
        expect(text, `header on page ${i + 1}`).toMatch(/Visit\s+Student\s+Grade\s+Reason\s+Minutes/);
    });
    expect(pages.slice(1).filter((p) => p.includes('Every visit of the day (continued)')).length).toBe(
      pages.slice(1).filter((p) => /\bV\d{5}\b/.test(p)).length,
    );
  });

  it('writes the six names as typed (Korean too), in five fonts embedded as subsets', () => {
    const all = pages.join('\n');
    for (const name of NAMES) expect(all).toContain(name);
    const fontRows = pdfFonts(file);
    expect(fontRows.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual([
      'NotoSans-Bold',
      'NotoSans-Regular',
      'NotoSansArabic-Regular',
      'NotoSansKR-Regular',
      'NotoSansSC-Regular',
    ]);
    for (const f of fontRows) {
      expect(f).toMatchObject({ embedded: true, subset: true, unicode: true });
      expect(f.name).toMatch(/^[A-Z]{6}\+/);
    }
  });

  it('stays small: subset fonts, not whole (Noto Sans SC alone is 10 MB)', () => {
    expect(statSync(file).size).toBeLessThan(1_000_000);
    expect(report.bytes.length).toBeLessThan(fonts.cjk.length / 20);
  });

  it('draws nothing off the page and renders its first page to PNG', () => {
    for (const w of pdfWords(file)) {
      expect(w.xMin, w.word).toBeGreaterThanOrEqual(0);
      expect(w.xMax, w.word).toBeLessThanOrEqual(w.pageWidth);
      expect(w.yMax, w.word).toBeLessThanOrEqual(w.pageHeight);
    }
    const [png] = pdfToPng(file, 'visit-log-600');
    expect(png && statSync(png).size).toBeGreaterThan(5000);
  });

  it('gives the same bytes for the same document', async () => {
    const again = await renderReport(visitLogDocument(rows), fonts);
    expect(again.sha256).toBe(report.sha256);
  });
});

describe('layout edge cases', () => {
  it('splits a row taller than a page between lines, marking the rest "(continued)"', async () => {
    const lines = Array.from({ length: 160 }, (_, i) => `note-line-${i + 1}`).join('\n');
    const doc = baseDocument([
      {
        kind: 'table',
        columns: VISIT_COLUMNS,
        rows: [
          { token: 'V00001', student: NAMES[1], grade: '3', reason: lines, minutes: 5, sentHome: 'No' },
          { token: 'V00002', student: NAMES[0], grade: '4', reason: 'Headache', minutes: 10, sentHome: 'No' },
        ],
        emptyText: 'No visits.',
      },
    ]);
    const r = await renderReport(doc, fonts);
    const f = writePdf(r.bytes, 'tall-row');
    expect(qpdfCheck(f).ok).toBe(true);
    const ps = pdfPages(f);
    expect(r.pageCount).toBeGreaterThanOrEqual(3);
    const all = ps.join('\n');
    for (let i = 1; i <= 160; i++)
      expect(
        all.split(`note-line-${i}\n`).length + all.split(`note-line-${i} `).length - 2,
        `line ${i}`,
      ).toBe(1);
    expect(all.split('(continued)').length - 1).toBe(r.pageCount - 1);
    ps.forEach((p) => expect(p).toMatch(/Visit\s+Student\s+Grade\s+Reason/));
    expect(all).toContain('V00002');
  });

  it('prints the emptyText instead of an empty table, and breaks a word wider than the line', async () => {
    const word = `Supercalifragilistic${'expialidocious'.repeat(20)}`;
    const doc = baseDocument([
      { kind: 'heading', text: 'Visits' },
      {
        kind: 'table',
        caption: 'Visits today',
        columns: [
          { key: 'a', title: 'Arrived' },
          { key: 'b', title: 'Departed' },
        ],
        rows: [],
        emptyText: 'No visits on this day.',
      },
      { kind: 'paragraph', text: `Note: ${word} done.` },
    ]);
    const r = await renderReport(doc, fonts);
    const f = writePdf(r.bytes, 'empty-and-long-word');
    const [text = ''] = pdfPages(f, false);
    expect(text).toContain('No visits on this day.');
    expect(text).not.toContain('Arrived');
    expect(text.replace(/\s+/g, '')).toContain(word);
    for (const w of pdfWords(f)) expect(w.xMax, w.word).toBeLessThanOrEqual(w.pageWidth - 39);
    pdfToPng(f, 'empty-and-long-word');
  });

  it('lays out A4 landscape and letter landscape pages', async () => {
    for (const pageSize of ['A4', 'LETTER'] as const) {
      const r = await renderReport(
        visitLogDocument(rows.slice(0, 40), { pageSize, orientation: 'LANDSCAPE' }),
        fonts,
      );
      const f = writePdf(r.bytes, `landscape-${pageSize}`);
      expect(pdfInfo(f).pageSize).toContain(pageSize === 'A4' ? '841.89 x 595.28' : '792 x 612');
      const all = pdfPages(f).join('\n');
      for (const row of rows.slice(0, 40)) expect(all).toContain(row.token);
      if (pageSize === 'A4') pdfToPng(f, 'landscape-a4');
    }
  });

  it('refuses a document with a NUL character, naming the field', async () => {
    const doc = visitLogDocument([{ ...rows[0]!, student: 'Ana\u0000' }]);
    await expect(renderReport(doc, fonts)).rejects.toThrow(/blocks\.3\.rows\.0\.student/);
  });
});
