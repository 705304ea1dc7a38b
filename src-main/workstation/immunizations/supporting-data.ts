import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  checksumText,
  isSupportingDataFile,
  parseSupportingData,
  rebuildStoredRelease,
  releaseFolders,
  SupportingDataError,
  versionOfFolderName,
  type SupportingData,
} from '../../../src-shared/immunizations/supporting-data';
import { query, type WorkstationContext } from '../context';

/**
 * CDC's CDSi supporting data on the workstation: the district's current release, pulled into
 * immunization_supporting_data_releases and _files (docs/immunizations.md, "Supporting data"), rebuilt from the
 * stored texts into the frozen model the evaluation and forecast read; the shipped folder (reference-data/cdsi, in
 * the app as in the checkout) only while the database holds no current release (before the first pull brought it).
 * A rebuild parses 2.6 MB of XML, so the model is kept per open database and release: each call reads the current row (one indexed
 * row), and parses again only when a pull made another release current.
 *
 * Stored rows are checked here (zod), and the files against their release (count, each file's SHA-256, the
 * checksum): a release whose files are not what the district loaded is refused with every problem named
 * (SupportingDataError), never read half.
 */

export interface CurrentSupportingData {
  readonly version: string;
  readonly checksum: string;
  /** where it was read: the pulled current release, or the shipped folder while there is none */
  readonly source: 'database' | 'shipped folder';
  readonly releaseId: string | null;
  readonly data: SupportingData;
}

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The shipped releases' folder: reference-data/cdsi beside the app's bundle (dist-electron/) or the checkout. */
export function shippedCdsiRoot(): string {
  // in the Electron bundle (CommonJS) __filename is defined; from source (ESM) import.meta.url is
  const here = dirname(typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url));
  const candidates = [1, 2, 3].map((up) =>
    join(here, ...Array<string>(up).fill('..'), 'reference-data', 'cdsi'),
  );
  return candidates.find((c) => existsSync(c)) ?? candidates[0]!;
}

/** Reads and checks the newest release folder under `root` (the shipped one by default). */
export function readShippedSupportingData(root: string = shippedCdsiRoot()): CurrentSupportingData {
  const folders = existsSync(root)
    ? releaseFolders(
        readdirSync(root, { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => e.name),
      )
    : [];
  const name = folders.at(-1);
  if (name === undefined)
    throw new SupportingDataError([`${root}: no release folder (reference-data/cdsi/<version>, e.g. 4.64)`]);
  const folder = join(root, name);
  const files = readdirSync(folder)
    .filter(isSupportingDataFile)
    .sort()
    .map((file) => ({ name: file, text: readFileSync(join(folder, file), 'utf8') }));
  const version = versionOfFolderName(name)!;
  return {
    version,
    checksum: sha256Hex(checksumText(files.map((f) => ({ name: f.name, sha256: sha256Hex(f.text) })))),
    source: 'shipped folder',
    releaseId: null,
    data: parseSupportingData(version, files),
  };
}

let shipped: CurrentSupportingData | null = null;
/** The release last rebuilt, per open database (a second database, or a test's, never shares it). */
const held = new WeakMap<object, CurrentSupportingData>();

/** The current release on this workstation (see above). */
export function currentSupportingData(ctx: WorkstationContext): CurrentSupportingData {
  const row = ctx.first(
    query
      .selectFrom('immunization_supporting_data_releases')
      .select(['id', 'version', 'checksum', 'file_count'])
      .where('is_current', '=', 1)
      .where('deleted_at', 'is', null),
  );
  if (!row) return (shipped ??= readShippedSupportingData());
  const last = held.get(ctx.sqlite);
  if (last && last.releaseId === row.id && last.checksum === row.checksum) return last;
  const files = ctx.all(
    query
      .selectFrom('immunization_supporting_data_files')
      .select(['id', 'file_name', 'sha256', 'content'])
      .where('release_id', '=', row.id)
      .where('deleted_at', 'is', null)
      .orderBy('file_name'),
  );
  const { release, data } = rebuildStoredRelease(row, files, sha256Hex);
  const value: CurrentSupportingData = {
    version: release.version,
    checksum: release.checksum,
    source: 'database',
    releaseId: release.id,
    data,
  };
  held.set(ctx.sqlite, value);
  return value;
}
