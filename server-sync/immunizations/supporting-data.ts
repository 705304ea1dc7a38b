import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  checksumText,
  isSupportingDataFile,
  parseSupportingData,
  releaseFolders,
  SupportingDataError,
  versionOfFolderName,
  type SupportingData,
  type SupportingDataFile,
} from '../../src-shared/immunizations/supporting-data';

/**
 * Reads one release of CDC's CDSi supporting data from a folder (reference-data/cdsi/<version> by default): the
 * schedule file and every antigen file, parsed and checked by src-shared/immunizations/supporting-data, with the
 * release's version and a checksum of its files. Nothing is returned half-read: any problem throws a
 * SupportingDataError listing every problem by file and element.
 *
 * The version: CDC's XML carries none, so it is the folder's name (reference-data/cdsi/4.64, or CDC's own
 * "supporting-data-4.64"), recorded with `versionFrom: 'directory name'`. A folder whose name ends in no version is
 * refused: name it after CDC's release.
 */

/** The folder that holds the shipped releases: reference-data/cdsi of the checkout (from the source or the bundle). */
export const SHIPPED_CDSI_ROOT = ((): string => {
  const here = dirname(fileURLToPath(import.meta.url));
  // server-sync/immunizations/supporting-data.ts in the source, dist/white-cross.mjs in the bundle
  const candidates = [join(here, '..', '..'), join(here, '..')].map((root) =>
    join(root, 'reference-data', 'cdsi'),
  );
  return candidates.find((c) => existsSync(c)) ?? candidates[0]!;
})();

/** The shipped release's folder: the highest version under reference-data/cdsi (the project ships one). */
export function shippedSupportingDataDir(root: string = SHIPPED_CDSI_ROOT): string {
  const versions = existsSync(root)
    ? releaseFolders(
        readdirSync(root, { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => e.name),
      )
    : [];
  if (versions.length === 0)
    throw new SupportingDataError([`${root}: no release folder (reference-data/cdsi/<version>, e.g. 4.64)`]);
  return join(root, versions.at(-1)!);
}

/** The release's version from its folder's name ("4.64", "supporting-data-4.64"); null when the name has none. */
export const versionOfDir = (dir: string): string | null => versionOfFolderName(basename(resolve(dir)));

export interface LoadedSupportingData {
  readonly dir: string;
  readonly version: string;
  /** where the version was read: CDC's XML has no version element */
  readonly versionFrom: 'directory name';
  /** SHA-256 over the files read, in name order: each file's name, a NUL, its SHA-256 (hex), a newline */
  readonly checksum: string;
  /** the files read (XSDs and the README are not: they do not change what the engine does) */
  readonly files: readonly string[];
  /** the same files with their texts, in name order (what a load stores) */
  readonly contents: readonly SupportingDataFile[];
  readonly data: SupportingData;
}

/** SHA-256 (hex) of a text's UTF-8 bytes. */
export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** SHA-256 of a set of files, independent of the order they were listed in (checksumText says over what). */
export function supportingDataChecksum(files: readonly { name: string; text: string }[]): string {
  return sha256Hex(checksumText(files.map((f) => ({ name: f.name, sha256: sha256Hex(f.text) }))));
}

/** Reads and checks the release in `dir` (default: the shipped one). */
export async function readSupportingData(dir?: string): Promise<LoadedSupportingData> {
  const folder = resolve(dir ?? shippedSupportingDataDir());
  const version = versionOfDir(folder);
  if (version === null)
    throw new SupportingDataError([
      `${folder}: the folder's name carries no version (CDC's XML has none): name it after CDC's release, e.g. .../cdsi/4.64`,
    ]);
  let names: string[];
  try {
    names = (await readdir(folder)).filter(isSupportingDataFile).sort();
  } catch (e) {
    throw new SupportingDataError([`${folder}: cannot be read (${(e as Error).message})`]);
  }
  const files = await Promise.all(
    names.map(async (name) => ({ name, text: await readFile(join(folder, name), 'utf8') })),
  );
  let data: SupportingData;
  try {
    data = parseSupportingData(version, files);
  } catch (e) {
    if (e instanceof SupportingDataError)
      throw new SupportingDataError(e.problems.map((p) => (p.startsWith(folder) ? p : `${folder}/${p}`)));
    throw e;
  }
  return {
    dir: folder,
    version,
    versionFrom: 'directory name',
    checksum: supportingDataChecksum(files),
    files: names,
    contents: files,
    data,
  };
}
