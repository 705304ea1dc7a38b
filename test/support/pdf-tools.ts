/**
 * The PDF checkers every report test uses: poppler-utils (pdftotext, pdfinfo, pdffonts, pdfsig, pdftoppm), qpdf and
 * Apache PDFBox's preflight (Debian libpdfbox2-java, with libactivation-java and libjaxb-api-java on the classpath).
 * All are required (.ci/run installs them): a missing tool fails the test, nothing is skipped.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Where rendered first pages go for a person to look at (git-ignored). */
export const REPORT_SCREENSHOT_DIR = resolve(import.meta.dirname, '..', '..', 'test-output', 'reports');

let dir: string | undefined;
/** Writes PDF bytes to a temporary file and returns its path. */
export function writePdf(bytes: Uint8Array, name: string): string {
  dir ??= mkdtempSync(join(tmpdir(), 'wc-reports-'));
  const file = join(dir, name.endsWith('.pdf') ? name : `${name}.pdf`);
  writeFileSync(file, bytes);
  return file;
}

function run(cmd: string, args: string[]): { code: number; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw new Error(`${cmd} could not run (${r.error.message}): install it (see .ci/run)`);
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

/** Bidi embedding marks pdftotext puts around right-to-left runs (U+202A..U+202E). */
export const stripBidiMarks = (s: string) => s.replace(/[\u202a-\u202e]/g, '');

/** The text of the PDF (one string per page: pdftotext separates pages with a form feed). */
export function pdfPages(file: string, layout = true): string[] {
  const text = execFileSync('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', file, '-'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const pages = text.split('\f');
  if (pages[pages.length - 1]?.trim() === '') pages.pop();
  return pages.map(stripBidiMarks);
}

export function pdfInfo(file: string): { pages: number; pageSize: string; version: string } {
  const { out } = run('pdfinfo', [file]);
  const field = (k: string) => new RegExp(`^${k}:\\s*(.*)$`, 'm').exec(out)?.[1]?.trim() ?? '';
  return { pages: Number(field('Pages')), pageSize: field('Page size'), version: field('PDF version') };
}

export function qpdfCheck(file: string): { ok: boolean; output: string } {
  const { code, out } = run('qpdf', ['--check', file]);
  return { ok: code === 0 && out.includes('No syntax or stream encoding errors'), output: out };
}

export interface PdfFontRow {
  readonly name: string;
  readonly type: string;
  readonly embedded: boolean;
  readonly subset: boolean;
  readonly unicode: boolean;
}

export function pdfFonts(file: string): PdfFontRow[] {
  const { code, out } = run('pdffonts', [file]);
  if (code !== 0) throw new Error(`pdffonts failed: ${out}`);
  return out
    .split('\n')
    .slice(2)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const m = /^(\S+)\s+(.+?)\s{2,}\S+\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.exec(l);
      if (!m) throw new Error(`unreadable pdffonts line: ${l}`);
      return {
        name: m[1]!,
        type: m[2]!,
        embedded: m[3] === 'yes',
        subset: m[4] === 'yes',
        unicode: m[5] === 'yes',
      };
    });
}

export function pdfSig(file: string): { valid: boolean; output: string } {
  const { out } = run('pdfsig', [file]);
  return { valid: out.includes('Signature Validation: Signature is Valid.'), output: out };
}

const PREFLIGHT_JARS = [
  'pdfbox2',
  'preflight',
  'fontbox2',
  'xmpbox',
  'javax.activation',
  'jaxb-api',
  'commons-logging',
];

/** Apache PDFBox preflight (PDF/A-1b). */
export function preflight(file: string): { valid: boolean; output: string } {
  const cp = PREFLIGHT_JARS.map((j) => `/usr/share/java/${j}.jar`).join(':');
  const { out } = run('java', ['-cp', cp, 'org.apache.pdfbox.preflight.Validator_A1b', file]);
  return { valid: /is a valid PDF\/A-1b file/.test(out), output: out };
}

export interface WordBox {
  readonly page: number;
  readonly pageWidth: number;
  readonly pageHeight: number;
  readonly xMin: number;
  readonly yMin: number;
  readonly xMax: number;
  readonly yMax: number;
  readonly word: string;
}

/** Every word with its box (pdftotext -bbox), to check that nothing is drawn off the page. */
export function pdfWords(file: string): WordBox[] {
  const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const words: WordBox[] = [];
  let page = 0;
  let pageWidth = 0;
  let pageHeight = 0;
  for (const line of html.split('\n')) {
    const p = /<page width="([\d.]+)" height="([\d.]+)">/.exec(line);
    if (p) {
      page += 1;
      pageWidth = Number(p[1]);
      pageHeight = Number(p[2]);
      continue;
    }
    const w = /<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*)<\/word>/.exec(
      line,
    );
    if (w)
      words.push({
        page,
        pageWidth,
        pageHeight,
        xMin: Number(w[1]),
        yMin: Number(w[2]),
        xMax: Number(w[3]),
        yMax: Number(w[4]),
        word: stripBidiMarks(
          w[5]!
            .replace(/&amp;/g, '&')
            .replace(/&lt;/g, '<')
            .replace(/&gt;/g, '>')
            .replace(/&quot;/g, '"'),
        ),
      });
  }
  return words;
}

/** Renders pages to PNG (pdftoppm) under REPORT_SCREENSHOT_DIR; returns the files written. */
export function pdfToPng(
  file: string,
  name: string,
  opts: { first?: number; last?: number; dpi?: number } = {},
): string[] {
  mkdirSync(REPORT_SCREENSHOT_DIR, { recursive: true });
  const prefix = join(REPORT_SCREENSHOT_DIR, name);
  const first = opts.first ?? 1;
  const last = opts.last ?? first;
  const { code, out } = run('pdftoppm', [
    '-png',
    '-r',
    String(opts.dpi ?? 60),
    '-f',
    String(first),
    '-l',
    String(last),
    file,
    prefix,
  ]);
  if (code !== 0) throw new Error(`pdftoppm failed: ${out}`);
  return readdirSync(REPORT_SCREENSHOT_DIR)
    .filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'))
    .map((f) => join(REPORT_SCREENSHOT_DIR, f));
}
