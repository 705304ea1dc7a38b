import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont } from 'pdf-lib';
import { performance } from 'node:perf_hooks';
import { loadReportFonts } from '../../server-sync/reports/fonts';
import { renderReport } from '../../src-shared/reports/pdf';
import { VISIT_COLUMNS, visitLogDocument, visitRows, type VisitRow } from '../support/report-samples';
import type { Benchmark } from './registry';

/**
 * The PDF engine on the visit log (600 rows: 20+ letter pages, five scripts, subset fonts), against its raw limit:
 * the same cells drawn with plain pdf-lib drawText calls at fixed positions (no measuring, wrapping, fallback per
 * character, page breaking or repeated headers), the same three fonts embedded as subsets, saved the same way.
 * Options: --rows N (default 600), --runs N (default 5). Lines: render_ms and raw_limit_ms (median, min), ratio.
 */
export const reportsBench: Benchmark = {
  description: 'PDF engine: a 20-page table report (600 rows) vs the same cells drawn with plain pdf-lib',
  async run(args, emit) {
    const opt = (flag: string, d: number) => {
      const i = args.indexOf(flag);
      return i >= 0 ? Number(args[i + 1]) : d;
    };
    const n = opt('--rows', 600);
    const runs = opt('--runs', 5);
    const fonts = loadReportFonts();
    const rows = visitRows(n);
    const doc = visitLogDocument(rows);
    await renderReport(doc, fonts); // warm-up (font parsing is cached per font file)
    const real: number[] = [];
    const raw: number[] = [];
    let pages = 0;
    let bytes = 0;
    let rawBytes = 0;
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      const out = await renderReport(doc, fonts);
      real.push(performance.now() - t0);
      pages = out.pageCount;
      bytes = out.bytes.length;
      const t1 = performance.now();
      rawBytes = (await rawTable(rows, fonts)).length;
      raw.push(performance.now() - t1);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    const round = (v: number) => Number(v.toFixed(1));
    emit({
      measurement: 'render_ms',
      rows: n,
      pages,
      bytes,
      runs,
      median_ms: round(median(real)),
      min_ms: round(Math.min(...real)),
    });
    emit({
      measurement: 'raw_limit_ms',
      rows: n,
      bytes: rawBytes,
      runs,
      median_ms: round(median(raw)),
      min_ms: round(Math.min(...raw)),
    });
    emit({ measurement: 'ratio_to_raw', value: Number((median(raw) / median(real)).toFixed(3)) });
  },
};

async function rawTable(
  rows: readonly VisitRow[],
  fonts: ReturnType<typeof loadReportFonts>,
): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const latin = await pdf.embedFont(fonts.regular, { subset: true });
  const cjk = await pdf.embedFont(fonts.cjk, { subset: true });
  const arabic = await pdf.embedFont(fonts.arabic, { subset: true });
  const korean = await pdf.embedFont(fonts.korean, { subset: true });
  const pick = (s: string): PDFFont =>
    /[\u0600-\u06ff]/.test(s)
      ? arabic
      : /[\u4e00-\u9fff]/.test(s)
        ? cjk
        : /[\uac00-\ud7af]/.test(s)
          ? korean
          : latin;
  const xs = [40, 100, 250, 290, 480, 530];
  let page = pdf.addPage([612, 792]);
  let y = 740;
  for (const row of rows) {
    if (y < 60) {
      page = pdf.addPage([612, 792]);
      y = 740;
    }
    VISIT_COLUMNS.forEach((c, i) => {
      const text = String(row[c.key as keyof VisitRow]).slice(0, 60);
      page.drawText(text, { x: xs[i] ?? 40, y, size: 8.5, font: pick(text) });
    });
    y -= 14;
  }
  return pdf.save({ useObjectStreams: false });
}
