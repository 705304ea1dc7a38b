import { sql, type Transaction } from 'kysely';
import { v5 as uuidv5 } from 'uuid';
import type { ServerDatabase } from '../../src-shared/db/server-schema.generated';
import { scheduleRows, type ScheduleRow } from '../../src-shared/immunizations/compliance';
import { appendAudit } from '../audit';
import type { ServerDb } from '../db/connect';
import {
  canonicalJson,
  parseSchoolEntryDataset,
  readSchoolEntryDataset,
  schoolEntryChecksum,
  type SchoolEntryDataset,
} from './school-entry';

/**
 * Writes the state school-entry requirements into vaccination_schedules (docs/immunizations.md, "State school-entry
 * requirements"), in ONE transaction, so workstations pull them: one row per state, vaccine and dose
 * (scheduleRows), with its vaccine's rule in `requirement`, and a reference_data_versions row for the dataset.
 * Idempotent: a row whose content did not change is not written (its updated_at stays and sync does not resend it),
 * a changed one is updated, a row of a dataset state that the dataset no longer has is retired (deleted_at). Rows of
 * other states (a district's own, the demo's Ohio) are never touched. A stored row holding a dataset row's unique key
 * (state, vaccine, dose) under another id, a hand-written one, is adopted: it keeps its id and takes the dataset's
 * content, so a workstation gets an update of it, never a second row with its key.
 */

type Trx = Transaction<ServerDatabase>;

export const SCHOOL_ENTRY_DATASET = 'white-cross-school-entry';
/** pg_advisory_xact_lock key of a load (any fixed bigint no other lock uses). */
const LOAD_LOCK_KEY = 4_870_215_612;
const VERSION_NAMESPACE = '9d2f6c11-4e8b-5a73-b0c5-6a1e2f3d4c58';

export const schoolEntryVersionId = (version: string): string =>
  uuidv5(`${SCHOOL_ENTRY_DATASET}:${version}`, VERSION_NAMESPACE);

export interface SchoolEntryCounts {
  inserted: number;
  updated: number;
  retired: number;
  unchanged: number;
}

export interface SchoolEntryLoadReport {
  readonly version: string;
  readonly checksum: string;
  readonly states: readonly string[];
  readonly rows: SchoolEntryCounts;
}

export interface SchoolEntryLoadOptions {
  readonly now?: Date;
  /** users.id of who loaded it (null: the server itself) */
  readonly actorId?: string | null;
  /** false: no audit entry (a caller that writes its own audit trail); default true */
  readonly audit?: boolean;
}

/** The columns compared and written: JSON columns serialized, the rest as the driver returns them. */
const COLUMNS = [
  'state_code',
  'vaccine_type',
  'dose_number',
  'minimum_age_months',
  'maximum_age_months',
  'minimum_interval_days',
  'grade_level',
  'required_for_enrollment',
  'grace_period_days',
  'exemption_allowed',
  'exemption_types',
  'cdc_schedule_reference',
  'last_updated',
  'requirement',
] as const;
const JSON_COLUMNS: ReadonlySet<string> = new Set(['exemption_types', 'requirement']);

const comparable = (value: unknown): string =>
  value instanceof Date ? value.toISOString().slice(0, 10) : canonicalJson(value ?? null);

const naturalKey = (r: { state_code: string; vaccine_type: string; dose_number: number }): string =>
  `${r.state_code}:${r.vaccine_type}:${r.dose_number}`;

function toWrite(row: ScheduleRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of COLUMNS) out[c] = JSON_COLUMNS.has(c) ? JSON.stringify(row[c]) : row[c];
  return out;
}

/** Loads a dataset (checked first: nothing is written when it is not valid). */
export async function loadSchoolEntry(
  db: ServerDb,
  dataset: SchoolEntryDataset,
  options: SchoolEntryLoadOptions = {},
): Promise<SchoolEntryLoadReport> {
  const ds = parseSchoolEntryDataset(dataset.manifest, new Map(dataset.states.map((s) => [s.state, s])));
  const now = options.now ?? new Date();
  const checksum = schoolEntryChecksum(ds);
  const codes = ds.states.map((s) => s.state);
  const desired = ds.states.flatMap((s) => scheduleRows(s));
  const inTransaction = <T>(fn: (trx: Trx) => Promise<T>): Promise<T> =>
    db.isTransaction ? fn(db as Trx) : db.transaction().execute(fn);
  const rows = await inTransaction(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${LOAD_LOCK_KEY})`.execute(trx);
    const stored = await trx
      .selectFrom('vaccination_schedules')
      .selectAll()
      .where('state_code', 'in', codes)
      .execute();
    const byKey = new Map(stored.map((r) => [naturalKey(r), r]));
    const counts: SchoolEntryCounts = { inserted: 0, updated: 0, retired: 0, unchanged: 0 };
    const kept = new Set<string>();
    for (const row of desired) {
      const old = byKey.get(naturalKey(row));
      if (!old) {
        await trx
          .insertInto('vaccination_schedules')
          .values({
            id: row.id,
            ...toWrite(row),
            created_at: now,
            updated_at: now,
            deleted_at: null,
          } as never)
          .execute();
        counts.inserted += 1;
        continue;
      }
      kept.add(old.id);
      const values = toWrite(row);
      const changed = COLUMNS.filter((c) => comparable(old[c]) !== comparable(row[c]));
      if (changed.length === 0 && old.deleted_at === null) {
        counts.unchanged += 1;
        continue;
      }
      const set: Record<string, unknown> = { updated_at: now, deleted_at: null };
      for (const c of changed) set[c] = values[c];
      await trx
        .updateTable('vaccination_schedules')
        .set(set as never)
        .where('id', '=', old.id)
        .execute();
      counts.updated += 1;
    }
    const retire = stored.filter((r) => !kept.has(r.id) && r.deleted_at === null).map((r) => r.id);
    if (retire.length > 0) {
      await trx
        .updateTable('vaccination_schedules')
        .set({ deleted_at: now, updated_at: now })
        .where('id', 'in', retire)
        .execute();
      counts.retired = retire.length;
    }
    const vid = schoolEntryVersionId(ds.manifest.version);
    const prior = await trx
      .selectFrom('reference_data_versions')
      .select(['checksum', 'deleted_at'])
      .where('id', '=', vid)
      .executeTakeFirst();
    const changed = counts.inserted + counts.updated + counts.retired > 0;
    const versionRow = {
      dataset: SCHOOL_ENTRY_DATASET,
      version: ds.manifest.version,
      published: ds.manifest.published,
      checksum,
      counts: JSON.stringify({ states: codes.length, vaccination_schedules: desired.length }),
      loaded_at: now,
      loaded_by: options.actorId ?? null,
      updated_at: now,
      deleted_at: null,
    };
    if (!prior)
      await trx
        .insertInto('reference_data_versions')
        .values({ id: vid, ...versionRow, created_at: now })
        .execute();
    else if (changed || prior.checksum !== checksum || prior.deleted_at !== null)
      await trx.updateTable('reference_data_versions').set(versionRow).where('id', '=', vid).execute();
    if (options.audit !== false && (changed || !prior))
      await appendAudit(trx, {
        action: 'ADMIN',
        userId: options.actorId ?? null,
        deviceId: null,
        schoolId: null,
        tableName: 'vaccination_schedules',
        recordId: vid,
        ip: null,
        userAgent: null,
        details: {
          event: 'school_entry_requirements_load',
          version: ds.manifest.version,
          checksum,
          states: codes.join(','),
          rows: `${counts.inserted}/${counts.updated}/${counts.retired}/${counts.unchanged}`,
        },
        at: now,
      });
    return counts;
  });
  return { version: ds.manifest.version, checksum, states: codes, rows };
}

/** Reads the dataset of `dir` (the shipped folder by default) and loads it; the server's start and the demo use it. */
export async function loadShippedSchoolEntry(
  db: ServerDb,
  options: SchoolEntryLoadOptions & { readonly dir?: string } = {},
): Promise<SchoolEntryLoadReport> {
  return loadSchoolEntry(db, await readSchoolEntryDataset(options.dir), options);
}
