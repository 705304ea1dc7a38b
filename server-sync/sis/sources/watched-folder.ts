import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { RosterSourceError } from './http';

/**
 * A watched folder on the district server: the SIS (or a script) drops OneRoster zips into it; each is picked up
 * once. A zip is ready when it is complete: its size and modification time have not changed for `settleSeconds`
 * and it ends with a zip's end-of-central-directory record (a file still being written has none). Names starting
 * with "." or ending in .part, .tmp, .filepart, .crdownload are uploads in progress and skipped. Picking up is a
 * rename into `processing/` (atomic: two servers scanning the same folder cannot both take a file); afterwards the
 * file moves to `processed/` or, with a .error.txt giving the reason, to `failed/`, its name prefixed by the time.
 */

export interface WatchedFolderSettings {
  readonly path: string;
  /** Seconds a zip must be left unchanged before it is taken (default 10). */
  readonly settleSeconds?: number;
}

export interface ReadyZip {
  readonly name: string;
  readonly size: number;
  readonly modifiedAt: Date;
}

export const PROCESSING = 'processing';
export const PROCESSED = 'processed';
export const FAILED = 'failed';

const IN_PROGRESS = /(^\.)|\.(part|tmp|filepart|crdownload|partial)$/i;
/** An end-of-central-directory record is 22 bytes plus a comment of up to 65 535. */
const EOCD_WINDOW = 22 + 0xffff;

/** Whether a file ends like a complete zip (an end-of-central-directory signature PK\x05\x06 in its tail). */
export function hasZipEnd(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size < 22) return false;
    const n = Math.min(size, EOCD_WINDOW);
    const buf = Buffer.alloc(n);
    readSync(fd, buf, 0, n, size - n);
    for (let i = n - 22; i >= 0; i -= 1) {
      if (buf[i] === 0x50 && buf[i + 1] === 0x4b && buf[i + 2] === 0x05 && buf[i + 3] === 0x06) {
        const commentLength = buf.readUInt16LE(i + 20);
        if (i + 22 + commentLength === n) return true;
      }
    }
    return false;
  } finally {
    closeSync(fd);
  }
}

function checkFolder(dir: string): void {
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new RosterSourceError(`watched folder ${dir}: does not exist (or the server cannot read it)`);
  }
  if (!st.isDirectory()) throw new RosterSourceError(`watched folder ${dir}: is not a directory`);
}

/** The zips ready to be taken, oldest first. Throws naming the folder when it is missing. */
export function readyZips(s: WatchedFolderSettings, now: Date): ReadyZip[] {
  checkFolder(s.path);
  const settleMs = (s.settleSeconds ?? 10) * 1000;
  const out: ReadyZip[] = [];
  for (const e of readdirSync(s.path, { withFileTypes: true })) {
    if (!e.isFile() || IN_PROGRESS.test(e.name) || !/\.zip$/i.test(e.name)) continue;
    const file = join(s.path, e.name);
    let st;
    try {
      st = statSync(file);
    } catch {
      continue; // taken or removed meanwhile
    }
    if (now.getTime() - st.mtime.getTime() < settleMs) continue;
    if (!hasZipEnd(file)) continue;
    out.push({ name: e.name, size: st.size, modifiedAt: st.mtime });
  }
  return out.sort((a, b) => a.modifiedAt.getTime() - b.modifiedAt.getTime() || a.name.localeCompare(b.name));
}

const stamp = (now: Date) =>
  now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

/** A zip taken from the folder, now in processing/. */
export interface ClaimedZip {
  readonly folder: string;
  readonly name: string;
  /** Its path in processing/. */
  readonly path: string;
}

/**
 * Takes a ready zip (moves it into processing/); null when another server (or an earlier run) took it first or it
 * is no longer there.
 */
export function claimZip(s: WatchedFolderSettings, name: string): ClaimedZip | null {
  if (basename(name) !== name || IN_PROGRESS.test(name))
    throw new RosterSourceError(`watched folder: "${name}" is not a file name of the folder`);
  checkFolder(s.path);
  const dir = join(s.path, PROCESSING);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  try {
    renameSync(join(s.path, name), path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new RosterSourceError(
      `watched folder ${s.path}: cannot move ${name} to ${PROCESSING}/ (${(e as Error).message})`,
    );
  }
  return { folder: s.path, name, path };
}

/** Moves a claimed zip to processed/ or failed/ (with NAME.error.txt holding the reason); returns where it went. */
export function finishZip(
  c: ClaimedZip,
  outcome: { ok: true } | { ok: false; reason: string },
  now: Date,
): string {
  const dir = join(c.folder, outcome.ok ? PROCESSED : FAILED);
  mkdirSync(dir, { recursive: true });
  const target = join(dir, `${stamp(now)}-${c.name}`);
  renameSync(c.path, target);
  if (!outcome.ok) writeFileSync(`${target}.error.txt`, `${outcome.reason}\n`);
  return target;
}
