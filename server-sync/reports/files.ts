import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

/**
 * Generated report files live under `<data dir>/reports/<school code or district>/<yyyy>/<mm>/`; report_instances
 * keeps the path relative to the data dir (src-shared/reports/file-name.ts). A file is written whole or not at all:
 * a temporary file beside it, flushed to disk, then renamed over the final name.
 */

/** The absolute path of a stored relative path, refusing one that leaves the data dir's reports folder. */
export function reportFileOnDisk(dataDir: string, filePath: string): string {
  const root = resolve(dataDir, 'reports');
  const abs = resolve(dataDir, filePath);
  const rel = relative(root, abs);
  if (rel.startsWith('..') || isAbsolute(rel))
    throw new Error(`report file path ${filePath} is outside ${root}`);
  return abs;
}

/** Writes bytes to `abs` atomically (temp file + fsync + rename); on failure no file is left behind. */
export function writeFileAtomically(abs: string, bytes: Uint8Array): void {
  mkdirSync(dirname(abs), { recursive: true, mode: 0o700 });
  const tmp = join(dirname(abs), `.${randomBytes(6).toString('hex')}.part`);
  try {
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, abs);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Removes a file if it is there. */
export const removeReportFile = (abs: string): void => rmSync(abs, { force: true });
