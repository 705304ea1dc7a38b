import { v5 as uuidv5 } from 'uuid';
import { z } from 'zod';
import { ANTIGEN_FILE, parseSupportingData, SCHEDULE_FILE } from './build';
import type { SupportingData } from './model';
import { SupportingDataError } from './xml';

/**
 * One release of CDC's supporting data as a folder and as stored rows (pure): which files of a folder belong to it,
 * its version from the folder's name, the newest of several release folders, and the text its checksum is the
 * SHA-256 of. The district server and the workstation each hash with their own SHA-256 (node:crypto) and read their
 * own folder and tables; the rules are these.
 */

/** The release's version at the end of a folder's name: "4.64", "supporting-data-4.64". */
const VERSION_AT_END = /(\d+(?:\.\d+)+)$/;

/** A release's version: digits and dots ("4.64"), as the tables' CHECK takes it. */
export const SupportingDataVersion = z.string().regex(/^\d+(?:\.\d+)+$/, 'a version such as 4.64');

/** The version a folder's last name part carries ("supporting-data-4.64" -> "4.64"); null when none. */
export const versionOfFolderName = (name: string): string | null => VERSION_AT_END.exec(name)?.[1] ?? null;

/** Orders versions numerically, part by part ("4.9" < "4.64"). */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Of a folder's entries, the release folders' names (a version at the end), newest last. */
export const releaseFolders = (names: readonly string[]): string[] =>
  names
    .filter((n) => versionOfFolderName(n) !== null)
    .sort((a, b) => compareVersions(versionOfFolderName(a)!, versionOfFolderName(b)!));

/** Whether a file of a release folder is part of the release (the XSDs and a README are not). */
export const isSupportingDataFile = (name: string): boolean =>
  name === SCHEDULE_FILE || ANTIGEN_FILE.test(name);

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * The text a release's checksum is the SHA-256 (hex) of: for each file in name order, its name, a NUL, the SHA-256
 * (hex) of its UTF-8 text, a newline. Independent of the order the files were listed in.
 */
export const checksumText = (files: readonly { readonly name: string; readonly sha256: string }[]): string =>
  [...files]
    .sort(byName)
    .map((f) => `${f.name}\0${f.sha256}\n`)
    .join('');

const RELEASE_NAMESPACE = '2b7f0c4e-51d3-5a8e-8f6b-0c9d3e1a7b42';

/**
 * The ids of a stored release and its files: UUIDv5 of the release's checksum (and the file's name), so the same
 * files get the same ids on every server and in every seed, and a reload can never make a second copy.
 */
export const supportingDataReleaseId = (checksum: string): string =>
  uuidv5(`immunizations:supporting-data:${checksum}`, RELEASE_NAMESPACE);
export const supportingDataFileId = (checksum: string, fileName: string): string =>
  uuidv5(`immunizations:supporting-data:${checksum}:${fileName}`, RELEASE_NAMESPACE);

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lower-case hex');

/** A stored release row as the readers take it (immunization_supporting_data_releases). */
export const StoredRelease = z.object({
  id: z.string().min(1),
  version: SupportingDataVersion,
  checksum: hex64,
  file_count: z.number().int().positive(),
});
export type StoredRelease = z.infer<typeof StoredRelease>;

/** A stored file row as the readers take it (immunization_supporting_data_files). */
export const StoredFile = z.object({
  file_name: z.string().refine(isSupportingDataFile, 'a supporting-data file name'),
  sha256: hex64,
  content: z.string().min(1),
});
export type StoredFile = z.infer<typeof StoredFile>;

/**
 * The problems of a stored release's files against its row (the reader hashes with its own SHA-256): a file count
 * that differs, a file whose text no longer has its recorded SHA-256, a checksum that is not the release's. Empty
 * when the files are the release.
 */
export function storedReleaseProblems(
  release: StoredRelease,
  files: readonly StoredFile[],
  sha256Hex: (text: string) => string,
): string[] {
  const problems: string[] = [];
  const what = `release ${release.version} (${release.id})`;
  if (files.length !== release.file_count)
    problems.push(`${what}: ${files.length} stored files, the release has ${release.file_count}`);
  const hashed = files.map((f) => ({ name: f.file_name, sha256: sha256Hex(f.content) }));
  files.forEach((f, i) => {
    if (hashed[i]!.sha256 !== f.sha256)
      problems.push(`${what}: ${f.file_name}: its text does not have its recorded SHA-256`);
  });
  const sum = sha256Hex(checksumText(hashed));
  if (sum !== release.checksum)
    problems.push(`${what}: its files' checksum ${sum} is not the release's ${release.checksum}`);
  return problems;
}

/** A release rebuilt from its stored rows. */
export interface StoredSupportingData {
  readonly release: StoredRelease;
  readonly data: SupportingData;
}

const issues = (what: string, error: z.ZodError): string[] =>
  error.issues.map((i) => `${what}: ${i.path.join('.') || '(row)'}: ${i.message}`);

/**
 * Rebuilds a stored release (its immunization_supporting_data_releases row and its files' rows, as read from either
 * side's database) into the frozen model: every row checked (zod), the files against the release
 * (storedReleaseProblems), then parsed as the folder would be. Any problem throws a SupportingDataError naming the
 * table, the row and the field or file.
 */
export function rebuildStoredRelease(
  row: Readonly<Record<string, unknown>> & { readonly id: string },
  fileRows: readonly (Readonly<Record<string, unknown>> & {
    readonly id: string;
    readonly file_name: string;
  })[],
  sha256Hex: (text: string) => string,
): StoredSupportingData {
  const release = StoredRelease.safeParse(row);
  if (!release.success)
    throw new SupportingDataError(issues(`immunization_supporting_data_releases ${row.id}`, release.error));
  const problems: string[] = [];
  const files: StoredFile[] = [];
  for (const r of fileRows) {
    const f = StoredFile.safeParse(r);
    if (f.success) files.push(f.data);
    else problems.push(...issues(`immunization_supporting_data_files ${r.id} (${r.file_name})`, f.error));
  }
  if (problems.length === 0) problems.push(...storedReleaseProblems(release.data, files, sha256Hex));
  if (problems.length > 0) throw new SupportingDataError(problems);
  const data = parseSupportingData(
    release.data.version,
    files.map((f) => ({ name: f.file_name, text: f.content })),
  );
  return { release: release.data, data };
}
