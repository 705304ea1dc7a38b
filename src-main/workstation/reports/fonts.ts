import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadReportFontsWith } from '../../../src-shared/reports/pdf/font-files';
import type { ReportFonts } from '../../../src-shared/reports/pdf/types';

/**
 * The report fonts, read once from node_modules (@expo-google-fonts/*: production dependencies, so they ship with
 * the CLI and in the Electron app, whose electron-builder.yml keeps only these weights). Cached: a render reuses them.
 */
let cached: ReportFonts | undefined;

export function loadReportFonts(): ReportFonts {
  if (!cached) {
    // in the Electron bundle (CommonJS) __filename is defined; from source (ESM) import.meta.url is
    const req = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
    cached = loadReportFontsWith((p) => new Uint8Array(readFileSync(req.resolve(p))));
  }
  return cached;
}
