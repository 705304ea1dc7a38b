import { describe, expect, it } from 'vitest';
import { loadReportFonts as serverFonts } from '../../../server-sync/reports/fonts';
import { loadReportFonts as workstationFonts } from '../../../src-main/workstation/reports/fonts';
import { renderReport } from '../../../src-shared/reports/pdf';
import { niceScale } from '../../../src-shared/reports/pdf/chart';
import { FaceSet } from '../../../src-shared/reports/pdf/faces';
import { wrapText } from '../../../src-shared/reports/pdf/wrap';
import { pdfPages, pdfToPng, writePdf } from '../../support/pdf-tools';
import { NAMES, VISIT_COLUMNS, baseDocument, visitRows } from '../../support/report-samples';

/** The engine's rules one by one: font fallback, wrapping, chart scales, keeping a heading with its table. */
const fonts = serverFonts();
const faces = new FaceSet(fonts);

describe('report fonts', () => {
  it('load the same files on the workstation and the server', () => {
    const ws = workstationFonts();
    for (const k of ['regular', 'bold', 'arabic', 'cjk'] as const)
      expect(Buffer.from(ws[k]).equals(Buffer.from(fonts[k]))).toBe(true);
    expect(fonts.cjk.length).toBeGreaterThan(fonts.regular.length);
  });

  it('split text by the first face that has each character, an Arabic name of two words in one run', () => {
    expect(faces.segments(`${NAMES[0]} ${NAMES[3]} محمد علي 12`, 'regular')).toEqual([
      { face: 'latin', text: `${NAMES[0]} ` },
      { face: 'cjk', text: NAMES[3] },
      { face: 'latin', text: ' ' },
      { face: 'arabic', text: 'محمد علي' },
      { face: 'latin', text: ' 12' },
    ]);
    expect(faces.segments('Алексей', 'bold')).toEqual([{ face: 'latinBold', text: 'Алексей' }]);
    // decomposed input is composed first (one glyph per letter, extracting as typed)
    expect(faces.segments('Thi\u0323', 'regular')).toEqual([{ face: 'latin', text: 'Thị' }]);
  });
});

describe('wrapping', () => {
  const style = { size: 10, weight: 'regular' as const };
  it('keeps each line within the width, and every word in order', () => {
    const text = 'Student complained of a headache after recess and rested for twenty minutes before class.';
    for (const width of [60, 120, 250]) {
      const lines = wrapText(faces, text, width, style);
      for (const l of lines) expect(faces.width(l, 10, 'regular')).toBeLessThanOrEqual(width + 1e-6);
      expect(lines.join(' ')).toBe(text);
    }
  });

  it('breaks a word wider than the line between graphemes, never inside one', () => {
    const word = 'Nguyễnễễễễễễễễễễễễễễễễễễễễễễễễễễễễễễ';
    const lines = wrapText(faces, word, 40, style);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe(word);
    for (const l of lines) expect(faces.width(l, 10, 'regular')).toBeLessThanOrEqual(40);
  });
});

describe('chart scales', () => {
  it('use round steps covering the data with room for the labels', () => {
    for (const [min, max] of [
      [0, 31],
      [0, 7],
      [0, 1234],
      [-12, 40],
      [0, 0.8],
    ] as const) {
      const s = niceScale(min, max);
      expect(s.lo).toBeLessThanOrEqual(min);
      expect(s.hi).toBeGreaterThan(max);
      const mantissa = s.step / 10 ** Math.floor(Math.log10(s.step));
      expect([1, 2, 5]).toContain(Math.round(mantissa * 1000) / 1000);
      expect((s.hi - s.lo) / s.step).toBeLessThanOrEqual(12);
    }
  });
});

describe('keeping a heading with what follows', () => {
  it('never leaves a heading at the foot of a page without the start of its table', async () => {
    const rows = visitRows(3);
    let moved = 0;
    // push the heading down the first page step by step, past the point where it alone would still fit
    for (let spacer = 540; spacer <= 660; spacer += 8) {
      const doc = baseDocument([
        { kind: 'spacer', points: spacer },
        { kind: 'heading', text: 'Allergy follow-ups' },
        { kind: 'table', columns: VISIT_COLUMNS, rows: rows.map((r) => ({ ...r })), emptyText: 'None.' },
      ]);
      const r = await renderReport(doc, fonts);
      const f = writePdf(r.bytes, `keep-with-next-${spacer}`);
      const pages = pdfPages(f);
      const headingPage = pages.findIndex((p) => p.includes('Allergy follow-ups'));
      expect(pages[headingPage], `spacer ${spacer}`).toContain(rows[0]!.token);
      expect(pages[headingPage], `spacer ${spacer}`).toMatch(/Visit\s+Student\s+Grade/);
      if (headingPage === 1) {
        moved += 1;
        if (moved === 1) pdfToPng(f, 'keep-with-next', { first: 1, last: 2 });
      }
    }
    expect(moved).toBeGreaterThan(0);
  });
});

describe('a long word after other words', () => {
  it('starts on the same line when there is room, and every line stays within the width', () => {
    const style = { size: 10, weight: 'regular' as const };
    const word = 'x'.repeat(200);
    const lines = wrapText(faces, `Note: ${word}`, 300, style);
    expect(lines[0]?.startsWith('Note: x')).toBe(true);
    expect(lines.join('').replace('Note: ', '')).toBe(word);
    for (const l of lines) expect(faces.width(l, 10, 'regular')).toBeLessThanOrEqual(300);
  });
});
