import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { unzipSync } from 'fflate';
import { unstorableTextReason } from '../../src-shared/text/storable';

/**
 * The file side of a OneRoster CSV import: a zip (uploaded, or a file on disk) or a directory to name → text, for the
 * pure reader (src-shared/sis/oneroster/csv.ts). Only `*.csv` entries are read (at any depth of the zip, by their
 * base name); each must be UTF-8 (a BOM is fine) without text a database cannot store. A problem is a RosterFileError
 * naming the file (the route answers 400, the CLI prints it).
 */

export class RosterFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'RosterFileError';
  }
}

/** Largest uncompressed CSV set read (a 50,000-student district is well under 100 MB). */
export const MAX_ROSTER_BYTES = 512 * 1024 * 1024;

const decoder = new TextDecoder('utf-8', { fatal: true });

function decode(file: string, bytes: Uint8Array): string {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new RosterFileError(file, 'not UTF-8 text (save the export as UTF-8)');
  }
  const reason = unstorableTextReason(text);
  if (reason !== null) {
    const at = text.indexOf('\u0000');
    const line = at < 0 ? 1 : text.slice(0, at).split('\n').length;
    throw new RosterFileError(file, `line ${line}: ${reason}`);
  }
  return text;
}

/** The CSV files of a zip archive. */
export function readRosterZip(bytes: Uint8Array, name = 'upload.zip'): Map<string, string> {
  let total = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (f) => {
        if (!f.name.toLowerCase().endsWith('.csv') || basename(f.name).startsWith('._')) return false;
        total += f.originalSize;
        if (total > MAX_ROSTER_BYTES)
          throw new RosterFileError(name, `the CSV files are larger than ${MAX_ROSTER_BYTES} bytes`);
        return true;
      },
    });
  } catch (e) {
    if (e instanceof RosterFileError) throw e;
    throw new RosterFileError(name, `not a readable zip archive (${(e as Error).message})`);
  }
  const out = new Map<string, string>();
  for (const [path, data] of Object.entries(entries)) {
    const file = basename(path);
    if (out.has(file)) throw new RosterFileError(name, `${file} is in the archive twice`);
    out.set(file, decode(file, data));
  }
  if (out.size === 0) throw new RosterFileError(name, 'the archive holds no CSV file');
  return out;
}

/** The CSV files of a directory (not its subdirectories), or of a zip file on disk. */
export async function readRosterPath(path: string): Promise<Map<string, string>> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new RosterFileError(path, 'no such file or directory');
  }
  if (info.isFile()) return readRosterZip(new Uint8Array(await readFile(path)), basename(path));
  const out = new Map<string, string>();
  for (const e of await readdir(path, { withFileTypes: true })) {
    if (!e.isFile() || !e.name.toLowerCase().endsWith('.csv')) continue;
    out.set(e.name, decode(e.name, new Uint8Array(await readFile(join(path, e.name)))));
  }
  if (out.size === 0) throw new RosterFileError(path, 'the directory holds no CSV file');
  return out;
}
