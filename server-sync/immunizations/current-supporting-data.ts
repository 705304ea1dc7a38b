import { rebuildStoredRelease, type SupportingData } from '../../src-shared/immunizations/supporting-data';
import type { ServerDb } from '../db/connect';
import { readSupportingData, sha256Hex } from './supporting-data';

/**
 * The release of CDC's CDSi supporting data the district's evaluation and forecast read: the current release of
 * the database (immunization_supporting_data_releases.is_current), rebuilt from its stored files into the frozen
 * model; the shipped folder (reference-data/cdsi/<version>) only when the database holds no current release (before
 * the first start has loaded it). A rebuild costs a parse of 2.6 MB of XML, so the model is kept per open database and release: one
 * small read of the current row per call, and a parse only when another release became current.
 *
 * Stored rows are checked at this boundary (zod), and the files against the release (count, each file's SHA-256,
 * the checksum): a release whose stored files are not what was loaded is refused with every problem named
 * (SupportingDataError), never read half.
 */

export interface CurrentSupportingData {
  readonly version: string;
  readonly checksum: string;
  /** where it was read: the database's current release, or the shipped folder when the database has none */
  readonly source: 'database' | 'shipped folder';
  /** the release row (null: the shipped folder) */
  readonly releaseId: string | null;
  readonly data: SupportingData;
}

/** The release last rebuilt, per open database (a second database, or a test's, never shares it). */
const held = new WeakMap<object, CurrentSupportingData>();

let shipped: Promise<CurrentSupportingData> | null = null;

/** The shipped folder's release, read once (a failed read is tried again next time). */
function shippedRelease(): Promise<CurrentSupportingData> {
  shipped ??= readSupportingData().then(
    (r) => ({
      version: r.version,
      checksum: r.checksum,
      source: 'shipped folder' as const,
      releaseId: null,
      data: r.data,
    }),
    (e: unknown) => {
      shipped = null;
      throw e;
    },
  );
  return shipped;
}

/** The current release (see above). */
export async function currentSupportingData(db: ServerDb): Promise<CurrentSupportingData> {
  const row = await db
    .selectFrom('immunization_supporting_data_releases')
    .select(['id', 'version', 'checksum', 'file_count'])
    .where('is_current', '=', true)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) return shippedRelease();
  const last = held.get(db);
  if (last && last.releaseId === row.id && last.checksum === row.checksum) return last;
  const files = await db
    .selectFrom('immunization_supporting_data_files')
    .select(['id', 'file_name', 'sha256', 'content'])
    .where('release_id', '=', row.id)
    .where('deleted_at', 'is', null)
    .orderBy('file_name')
    .execute();
  const { release, data } = rebuildStoredRelease(row, files, sha256Hex);
  const value: CurrentSupportingData = {
    version: release.version,
    checksum: release.checksum,
    source: 'database',
    releaseId: release.id,
    data,
  };
  held.set(db, value);
  return value;
}
