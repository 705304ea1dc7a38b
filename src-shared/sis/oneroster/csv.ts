import { parse } from 'csv-parse/sync';
import type { RosterBundle, RosterFileName, RosterRecord } from './bundle';
import type { RosterError } from './errors';
import { isKnownHeader, nearestHeader, REQUIRED_HEADERS, ROSTER_FILE_NAMES } from './spec-headers';

/**
 * OneRoster 1.1 / 1.2 CSV bulk files to a RosterBundle (pure: text in, records out; reading the zip or the
 * directory is the server's, server-sync/sis/files.ts). manifest.csv says the version and, per file, whether it is
 * `bulk`, `delta` or `absent`; files the nurse software does not need are read only if present and never required.
 * A problem with a header or a whole file is an error naming the file (and line 1 for a header); the rest is read.
 */

export interface CsvReadResult {
  readonly bundle: RosterBundle;
  readonly errors: readonly RosterError[];
}

const fileError = (
  file: string,
  reason: string,
  field: string | null = null,
  line: number | null = null,
): RosterError => ({
  file,
  line,
  sourcedId: null,
  field,
  reason,
  type: field === null ? 'VALIDATION_ERROR' : 'MISSING_REQUIRED_FIELD',
  entity: 'FILE',
});

interface Parsed {
  readonly header: readonly string[];
  readonly rows: readonly { readonly line: number; readonly cells: readonly string[] }[];
}

/** CSV text to its header and rows, each with the line it starts on (quoted fields may span lines). */
export function parseCsvText(text: string): Parsed {
  const out = parse(text, {
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    trim: false,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  const [first, ...rest] = out;
  if (!first) return { header: [], rows: [] };
  const rows = rest.map((r) => {
    // info.lines is the line the record ends on; a quoted field may span lines
    const spanned = r.record.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0);
    return { line: r.info.lines - spanned, cells: r.record };
  });
  return { header: first.record.map((h) => h.trim()), rows };
}

/** manifest.csv (propertyName,value) to its properties. */
function readManifest(text: string): Map<string, string> {
  const { rows } = parseCsvText(text);
  return new Map(rows.map((r) => [(r.cells[0] ?? '').trim(), (r.cells[1] ?? '').trim()]));
}

/**
 * Reads a set of OneRoster CSV files given as name → text (names as in the zip or directory, e.g. `users.csv`).
 * Text must already be decoded (UTF-8). Without manifest.csv the set is read as OneRoster 1.1 bulk, and said so.
 */
export function readOneRosterCsv(files: ReadonlyMap<string, string>, source: string): CsvReadResult {
  const errors: RosterError[] = [];
  const manifestText = files.get('manifest.csv');
  const manifest = manifestText === undefined ? new Map<string, string>() : readManifest(manifestText);
  if (manifestText === undefined)
    errors.push(fileError('manifest.csv', 'manifest.csv is missing: read as OneRoster 1.1 bulk files'));
  const declared = manifest.get('oneroster.version') ?? '1.1';
  let version: '1.1' | '1.2' = '1.1';
  if (declared === '1.2') version = '1.2';
  else if (declared !== '1.1' && declared !== '1.0')
    errors.push(
      fileError(
        'manifest.csv',
        `unknown oneroster.version "${declared}": read as 1.1`,
        'oneroster.version',
        null,
      ),
    );

  const out: Partial<Record<RosterFileName, RosterRecord[]>> = {};
  const unknownHeaders: Partial<Record<RosterFileName, string[]>> = {};
  let mode: 'bulk' | 'delta' = 'bulk';
  for (const name of ROSTER_FILE_NAMES) {
    const csvName = `${name}.csv`;
    const state = (manifest.get(`file.${name}`) ?? (files.has(csvName) ? 'bulk' : 'absent')).toLowerCase();
    if (state === 'absent') continue;
    if (state !== 'bulk' && state !== 'delta') {
      errors.push(
        fileError(
          'manifest.csv',
          `file.${name} is "${state}", expected bulk, delta or absent`,
          `file.${name}`,
        ),
      );
      continue;
    }
    const text = files.get(csvName);
    if (text === undefined) {
      errors.push(fileError(csvName, `manifest.csv lists ${csvName} as ${state} but the file is not there`));
      continue;
    }
    if (name === 'users' && state === 'delta') mode = 'delta';
    let parsed: Parsed;
    try {
      parsed = parseCsvText(text);
    } catch (e) {
      errors.push(fileError(csvName, `not readable as CSV: ${(e as Error).message}`));
      continue;
    }
    const missing = (REQUIRED_HEADERS[name] ?? []).filter((h) => !parsed.header.includes(h));
    if (missing.length > 0) {
      for (const h of missing)
        errors.push(
          fileError(csvName, `required column ${h} is missing from the header: the file is not read`, h, 1),
        );
      continue;
    }
    const unknown = parsed.header.filter((h) => h !== '' && !isKnownHeader(name, h));
    if (unknown.length > 0) {
      unknownHeaders[name] = unknown;
      for (const h of unknown) {
        const near = nearestHeader(name, h);
        errors.push({
          ...fileError(
            csvName,
            near
              ? `unknown column "${h}" (did you mean ${near}?): ignored`
              : `unknown column "${h}": ignored`,
            h,
            1,
          ),
          type: 'VALIDATION_ERROR',
        });
      }
    }
    out[name] = parsed.rows.map((r) => {
      const fields: Record<string, string> = {};
      parsed.header.forEach((h, i) => {
        if (h !== '' && isKnownHeader(name, h)) fields[h] = r.cells[i] ?? '';
      });
      return { line: r.line, fields };
    });
  }
  return { bundle: { source, version, mode, files: out, unknownHeaders }, errors };
}
