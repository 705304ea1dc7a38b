import { sql, type Transaction } from 'kysely';
import type { ServerDatabase } from '../../src-shared/db/server-schema.generated';
import {
  supportingDataFileId,
  supportingDataReleaseId,
} from '../../src-shared/immunizations/supporting-data';
import { appendAudit } from '../audit';
import type { ServerDb } from '../db/connect';
import { readSupportingData, sha256Hex, type LoadedSupportingData } from './supporting-data';

/**
 * Stores a release of CDC's CDSi supporting data in the district database (docs/immunizations.md, "Supporting
 * data"), in ONE transaction: the release row (version, checksum, file count, who and when) and one row per file
 * with its text, then the release is made current (the old current one's flag is cleared first, so the pull meets
 * the two changes in an order a workstation's UNIQUE index accepts), then one audit entry. The release must already
 * be read and checked (readSupportingData): nothing is written for a release that is not valid.
 *
 * A release is its files: the same checksum is the same release, whatever the folder. Loading one that is already
 * current writes nothing ('already loaded'); loading one stored before but no longer current makes it current again
 * without a new row ('made current'). The newest load is current, whatever its version: a district may go back to
 * an earlier release by loading it.
 */

type Trx = Transaction<ServerDatabase>;

export type SupportingDataLoadStatus = 'loaded' | 'already loaded' | 'made current';

export interface SupportingDataLoadReport {
  readonly status: SupportingDataLoadStatus;
  readonly releaseId: string;
  readonly version: string;
  readonly checksum: string;
  readonly files: number;
  /** the release that was current before this load (null: none, or this one) */
  readonly replaced: { readonly releaseId: string; readonly version: string } | null;
}

export interface SupportingDataLoadOptions {
  /** users.id of who loaded it (null: the server itself, at start or by the CLI) */
  readonly actorId?: string | null;
  readonly now?: Date;
  /** false: no audit entry (the demo seed, which writes its own audit trail); default true */
  readonly audit?: boolean;
}

/** pg_advisory_xact_lock key of a load (any fixed bigint no other lock uses): one load at a time. */
const LOAD_LOCK_KEY = 4_870_215_612;

const RELEASES = 'immunization_supporting_data_releases';
const FILES = 'immunization_supporting_data_files';

/** Stores `release` and makes it current (see above). */
export async function loadSupportingData(
  db: ServerDb,
  release: LoadedSupportingData,
  options: SupportingDataLoadOptions = {},
): Promise<SupportingDataLoadReport> {
  const now = options.now ?? new Date();
  const actorId = options.actorId ?? null;
  const run = <T>(fn: (trx: Trx) => Promise<T>): Promise<T> =>
    db.isTransaction ? fn(db as Trx) : db.transaction().execute(fn);
  return run(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${LOAD_LOCK_KEY})`.execute(trx);
    const current = await trx
      .selectFrom(RELEASES)
      .select(['id', 'version', 'checksum'])
      .where('is_current', '=', true)
      .executeTakeFirst();
    const stored = await trx
      .selectFrom(RELEASES)
      .select(['id', 'version', 'checksum', 'file_count', 'deleted_at'])
      .where('checksum', '=', release.checksum)
      .executeTakeFirst();
    const report = (status: SupportingDataLoadStatus, releaseId: string): SupportingDataLoadReport => ({
      status,
      releaseId,
      version: stored?.version ?? release.version,
      checksum: release.checksum,
      files: release.contents.length,
      replaced:
        current && current.id !== releaseId ? { releaseId: current.id, version: current.version } : null,
    });
    if (stored && current?.id === stored.id && stored.deleted_at === null)
      return report('already loaded', stored.id);

    let releaseId: string;
    if (stored) releaseId = stored.id;
    else {
      releaseId = supportingDataReleaseId(release.checksum);
      await trx
        .insertInto(RELEASES)
        .values({
          id: releaseId,
          version: release.version,
          checksum: release.checksum,
          file_count: release.contents.length,
          is_current: false,
          loaded_at: now,
          loaded_by: actorId,
          created_at: now,
          updated_at: now,
        })
        .execute();
      // one statement per file: a file is up to ~0.2 MB, and the change log copies each row
      for (const f of release.contents)
        await trx
          .insertInto(FILES)
          .values({
            id: supportingDataFileId(release.checksum, f.name),
            release_id: releaseId,
            file_name: f.name,
            sha256: sha256Hex(f.text),
            content: f.text,
            created_at: now,
            updated_at: now,
          })
          .execute();
    }
    if (current)
      await trx
        .updateTable(RELEASES)
        .set({ is_current: false, updated_at: now })
        .where('id', '=', current.id)
        .execute();
    await trx
      .updateTable(RELEASES)
      .set({
        is_current: true,
        updated_at: now,
        deleted_at: null,
        ...(stored ? { loaded_at: now, loaded_by: actorId } : {}),
      })
      .where('id', '=', releaseId)
      .execute();
    const out = report(stored ? 'made current' : 'loaded', releaseId);
    if (options.audit !== false)
      await appendAudit(trx, {
        action: 'ADMIN',
        userId: actorId,
        deviceId: null,
        schoolId: null,
        tableName: RELEASES,
        recordId: releaseId,
        ip: null,
        userAgent: null,
        details: {
          event: 'immunization_supporting_data_load',
          status: out.status,
          version: out.version,
          checksum: out.checksum,
          files: out.files,
          replaced: out.replaced?.releaseId ?? null,
        },
        at: now,
      });
    return out;
  });
}

/**
 * At the server's start and the demo's: loads the shipped release (reference-data/cdsi/<version>) when the database
 * holds no release at all. A district that loaded its own keeps it; a newer shipped release is the district's to
 * load (`white-cross immunizations load-supporting-data DIR`). null when there was one already.
 */
export async function ensureSupportingData(
  db: ServerDb,
  options: SupportingDataLoadOptions & { readonly dir?: string } = {},
): Promise<SupportingDataLoadReport | null> {
  const any = await db.selectFrom(RELEASES).select('id').limit(1).executeTakeFirst();
  if (any) return null;
  return loadSupportingData(db, await readSupportingData(options.dir), options);
}
