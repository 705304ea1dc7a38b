import { sql, type Transaction } from 'kysely';
import type { ServerDatabase } from '../../src-shared/db/server-schema.generated';
import { DATASET_FILES, type MedicationSafetyDataset } from '../../src-shared/medication-safety';
import { appendAudit } from '../audit';
import type { ServerDb } from '../db/connect';
import { adoptByOtherUnique, orderWrites, type Write } from './load-order';
import { DatasetError, datasetProblems, parseDatasetFile, readDataset } from './read-dataset';
import {
  canonicalJson,
  datasetChecksum,
  datasetCounts,
  desiredRows,
  JSON_COLUMNS,
  NATURAL_KEY,
  OTHER_UNIQUE,
  REFERENCE_TABLES,
  versionId,
  type DesiredRow,
  type ReferenceTable,
} from './rows';
import { referenceId } from '../../src-shared/medication-safety';

/**
 * Loads a medication-safety dataset into the reference tables (docs/medication-safety.md), in ONE transaction:
 * drug_classes, drug_catalog (origin SHIPPED, keyed by dataset_key), drug_interactions, drug_class_interactions,
 * drug_class_cross_reactivity, interaction_severity_levels and its reference_data_versions row, then one audit
 * entry. Ids come from referenceId (or from a row the load adopts, below), so a reload finds its rows: a row whose
 * content did not change is not written (its updated_at stays and sync does not resend it), a changed one is
 * updated, a shipped row the dataset no longer has is retired (deleted_at; a district's LOCAL drug never is).
 *
 * Rows the load meets that it did not write (an older seed's or a district's):
 * - a drug_catalog row without this dataset's key that has a shipped drug's RxNorm code is adopted: it keeps its
 *   id (allergies and overrides may name it) and becomes that shipped entry (dataset_key, origin SHIPPED, content);
 * - a row of another table holding a dataset row's unique key (the same pair, class rule, cross-reactivity row,
 *   severity or class) under another id is adopted too (adoptHolders): it keeps its id and takes the dataset's
 *   content; a severity level whose code no stored row holds adopts the row holding its severity_rank, and the
 *   levels are written in an order that keeps severity_rank unique (load-order.ts).
 *   A unique key never moves between ids, so a workstation that pulled the old row gets an update of it,
 *   never a second row with its key. The rules and the workstation read every id from the tables.
 */

type Trx = Transaction<ServerDatabase>;
type StoredRow = Record<string, unknown> & { id: string; deleted_at: Date | null };

export interface TableCounts {
  inserted: number;
  updated: number;
  retired: number;
  unchanged: number;
}

export interface LoadReport {
  readonly dataset: string;
  readonly version: string;
  readonly published: string;
  readonly checksum: string;
  readonly versionId: string;
  /** false: the same version and checksum were already loaded (loadShippedIfChanged only) */
  readonly loaded: boolean;
  readonly tables: Readonly<Record<ReferenceTable, TableCounts>>;
}

export interface LoadOptions {
  /** users.id of who loaded it (null: the server itself, at start or by the CLI) */
  readonly actorId?: string | null;
  readonly now?: Date;
  /** false: no audit entry (the demo seed, which writes its own audit trail); default true */
  readonly audit?: boolean;
}

/** Checks a dataset given in code as readDataset checks the files: every entry parsed, every reference resolved. */
export function validateDataset(ds: MedicationSafetyDataset): MedicationSafetyDataset {
  const problems: string[] = [];
  const parts = {
    'manifest.json': ds.manifest,
    'classes.json': ds.classes,
    'drugs.json': ds.drugs,
    'interactions.json': ds.interactions,
    'class-rules.json': ds.classRules,
    'cross-reactivity.json': ds.crossReactivity,
    'severity-levels.json': ds.severityLevels,
  } as const;
  for (const file of Object.keys(DATASET_FILES) as (keyof typeof DATASET_FILES)[]) {
    try {
      parseDatasetFile(file, parts[file]);
    } catch (e) {
      if (e instanceof DatasetError) problems.push(...e.problems);
      else throw e;
    }
  }
  if (problems.length === 0) problems.push(...datasetProblems(ds));
  if (problems.length > 0) throw new DatasetError(problems);
  return ds;
}

const same = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

/** The values as the table takes them: JSON columns serialized. */
function toWrite(table: ReferenceTable, row: DesiredRow): Record<string, unknown> {
  const out: Record<string, unknown> = { ...row };
  for (const c of JSON_COLUMNS[table]) out[c] = JSON.stringify(row[c]);
  return out;
}

const naturalKey = (table: ReferenceTable, row: Record<string, unknown>): string =>
  canonicalJson(NATURAL_KEY[table].map((c) => row[c] ?? null));

async function storedRows(trx: Trx, table: ReferenceTable): Promise<StoredRow[]> {
  const rows: unknown[] = await trx.selectFrom(table).selectAll().execute();
  return rows as StoredRow[];
}

/** Drug key -> id: the dataset's id, or an existing row's (same dataset_key, else an unclaimed row with its RxNorm). */
function drugIdsFor(ds: MedicationSafetyDataset, stored: readonly StoredRow[]): Map<string, string> {
  const keys = new Set(ds.drugs.map((d) => d.key));
  const byKey = new Map(stored.filter((r) => r['dataset_key'] != null).map((r) => [r['dataset_key'], r]));
  const byRxnorm = new Map(stored.filter((r) => r['rxnorm_code'] != null).map((r) => [r['rxnorm_code'], r]));
  const ids = new Map<string, string>();
  for (const d of ds.drugs) {
    const own = byKey.get(d.key);
    const rx = byRxnorm.get(d.rxnorm);
    const rxKey = rx?.['dataset_key'];
    const claimable = rx && (typeof rxKey !== 'string' || !keys.has(rxKey));
    ids.set(d.key, own?.id ?? (claimable ? rx.id : referenceId('drug', d.key)));
  }
  return ids;
}

const CHUNK = 200;
/** pg_advisory_xact_lock key of a load (any fixed bigint no other lock uses). */
const LOAD_LOCK_KEY = 4_870_215_533;

/**
 * The desired rows with the ids they are stored under: a stored row holding a row's unique key (the same pair,
 * class rule, cross-reactivity row, severity or class) under another id, an older seed's or a previous load's
 * retired one, is adopted: the row keeps that id and takes the dataset's content. So a unique key never moves from
 * one id to another, and a workstation that has the stored row receives an update of it, never a second row with
 * the same key (its pull would fail on the UNIQUE constraint). drug_catalog rows are adopted before the rows are
 * made (drugIdsFor), since the other tables name their ids.
 */
function adoptHolders(
  table: ReferenceTable,
  desired: readonly DesiredRow[],
  stored: readonly StoredRow[],
): DesiredRow[] {
  if (table === 'drug_catalog') return [...desired];
  const holders = new Map(stored.map((r) => [naturalKey(table, r), r.id]));
  const byKey = desired.map((row) => {
    const holder = holders.get(naturalKey(table, row));
    return holder !== undefined && holder !== row.id ? { ...row, id: holder } : row;
  });
  const rows = adoptByOtherUnique(table, byKey, stored); // severity_rank: load-order.ts
  const ids = new Set<string>();
  for (const row of rows) {
    if (ids.has(row.id))
      throw new Error(
        `${table} ${row.id}: a stored row holds one dataset entry's unique key under another entry's id; ` +
          'delete or correct it, then load again',
      );
    ids.add(row.id);
  }
  return rows;
}

async function syncTable(
  trx: Trx,
  table: ReferenceTable,
  wantedRows: readonly DesiredRow[],
  stored: readonly StoredRow[],
  now: Date,
): Promise<TableCounts> {
  const counts: TableCounts = { inserted: 0, updated: 0, retired: 0, unchanged: 0 };
  const desired = adoptHolders(table, wantedRows, stored);
  const byId = new Map(stored.map((r) => [r.id, r]));
  const wanted = new Set(desired.map((r) => r.id));
  const retirable = (r: StoredRow) => table !== 'drug_catalog' || r['origin'] === 'SHIPPED';

  const retire = stored.filter((r) => !wanted.has(r.id) && r.deleted_at === null && retirable(r));
  if (retire.length > 0) {
    await trx
      .updateTable(table)
      .set({ deleted_at: now, updated_at: now } as never)
      .where(
        'id',
        'in',
        retire.map((r) => r.id),
      )
      .execute();
    counts.retired += retire.length;
  }

  const writes: Write[] = [];
  for (const row of desired) {
    const old = byId.get(row.id);
    const changed = old ? Object.keys(row).filter((c) => c !== 'id' && !same(old[c], row[c])) : [];
    if (old && changed.length === 0 && old.deleted_at === null) counts.unchanged += 1;
    else writes.push({ row, old, changed });
  }
  // a table with another UNIQUE column is written row by row, in an order that keeps it unique (load-order.ts)
  const oneByOne = OTHER_UNIQUE[table] !== undefined;
  const inserts: Record<string, unknown>[] = [];
  for (const { row, old, changed } of orderWrites(table, writes, stored)) {
    if (!old) {
      const values = { ...toWrite(table, row), created_at: now, updated_at: now, deleted_at: null };
      if (oneByOne)
        await trx
          .insertInto(table)
          .values(values as never)
          .execute();
      else inserts.push(values);
      counts.inserted += 1;
      continue;
    }
    const values = toWrite(table, row);
    const set: Record<string, unknown> = { updated_at: now, deleted_at: null };
    for (const c of changed) set[c] = values[c];
    await trx
      .updateTable(table)
      .set(set as never)
      .where('id', '=', row.id)
      .execute();
    counts.updated += 1;
  }
  for (let i = 0; i < inserts.length; i += CHUNK) {
    await trx
      .insertInto(table)
      .values(inserts.slice(i, i + CHUNK) as never)
      .execute();
  }
  return counts;
}

/** Loads a dataset (validated first; nothing is written when it is not valid). */
export async function loadMedicationSafety(
  db: ServerDb,
  dataset: MedicationSafetyDataset,
  options: LoadOptions = {},
): Promise<LoadReport> {
  const ds = validateDataset(dataset);
  const now = options.now ?? new Date();
  const checksum = datasetChecksum(ds);
  const { dataset: name, version, published } = ds.manifest;
  const vid = versionId(name, version);
  const inTransaction = <T>(fn: (trx: Trx) => Promise<T>): Promise<T> =>
    db.isTransaction ? fn(db as Trx) : db.transaction().execute(fn);
  const tables = await inTransaction(async (trx) => {
    // one load at a time (several server instances starting together): the second waits, then finds nothing to do
    await sql`SELECT pg_advisory_xact_lock(${LOAD_LOCK_KEY})`.execute(trx);
    const stored = new Map<ReferenceTable, StoredRow[]>();
    for (const t of REFERENCE_TABLES) stored.set(t, await storedRows(trx, t));
    const rows = desiredRows(ds, drugIdsFor(ds, stored.get('drug_catalog')!));
    const out = {} as Record<ReferenceTable, TableCounts>;
    // parents are written first (drug_interactions names drug_catalog ids)
    for (const t of REFERENCE_TABLES) out[t] = await syncTable(trx, t, rows[t], stored.get(t)!, now);
    const changed = Object.values(out).some((c) => c.inserted + c.updated + c.retired > 0);
    const prior = await trx
      .selectFrom('reference_data_versions')
      .select(['checksum', 'deleted_at'])
      .where('id', '=', vid)
      .executeTakeFirst();
    const versionRow = {
      dataset: name,
      version,
      published,
      checksum,
      counts: JSON.stringify(datasetCounts(ds)),
      loaded_at: now,
      loaded_by: options.actorId ?? null,
      updated_at: now,
      deleted_at: null,
    };
    if (!prior) {
      await trx
        .insertInto('reference_data_versions')
        .values({ id: vid, ...versionRow, created_at: now })
        .execute();
    } else if (changed || prior.checksum !== checksum || prior.deleted_at !== null) {
      await trx.updateTable('reference_data_versions').set(versionRow).where('id', '=', vid).execute();
    }
    if (options.audit !== false)
      await appendAudit(trx, {
        action: 'ADMIN',
        userId: options.actorId ?? null,
        deviceId: null,
        schoolId: null,
        tableName: 'reference_data_versions',
        recordId: vid,
        ip: null,
        userAgent: null,
        details: {
          event: 'medication_safety_load',
          version,
          checksum,
          ...Object.fromEntries(
            REFERENCE_TABLES.map((t) => [
              t,
              `${out[t].inserted}/${out[t].updated}/${out[t].retired}/${out[t].unchanged}`,
            ]),
          ),
        },
        at: now,
      });
    return out;
  });
  return { dataset: name, version, published, checksum, versionId: vid, loaded: true, tables };
}

export interface LoadedVersion {
  readonly id: string;
  readonly dataset: string;
  readonly version: string;
  readonly published: string;
  readonly checksum: string;
  readonly counts: unknown;
  readonly loadedAt: Date;
  readonly loadedBy: string | null;
}

/** The version loaded last (the newest loaded_at) of a dataset; null before the first load. */
export async function loadedVersion(
  db: ServerDb | Trx,
  dataset = 'white-cross-medication-safety',
): Promise<LoadedVersion | null> {
  const r = await db
    .selectFrom('reference_data_versions')
    .selectAll()
    .where('dataset', '=', dataset)
    .where('deleted_at', 'is', null)
    .orderBy('loaded_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id,
    dataset: r.dataset,
    version: r.version,
    published: String(r.published),
    checksum: r.checksum,
    counts: r.counts,
    loadedAt: r.loaded_at,
    loadedBy: r.loaded_by,
  };
}

/**
 * Loads the dataset of `dir` (the shipped folder by default) unless the loaded version already has its version
 * and checksum (then nothing is written and `loaded` is false). The server's start and the demo use it.
 */
export async function loadShippedIfChanged(
  db: ServerDb,
  options: LoadOptions & { readonly dir?: string } = {},
): Promise<LoadReport> {
  const ds = await readDataset(options.dir);
  const checksum = datasetChecksum(ds);
  const current = await loadedVersion(db, ds.manifest.dataset);
  if (current && current.version === ds.manifest.version && current.checksum === checksum) {
    const zero = { inserted: 0, updated: 0, retired: 0, unchanged: 0 };
    return {
      dataset: ds.manifest.dataset,
      version: ds.manifest.version,
      published: ds.manifest.published,
      checksum,
      versionId: current.id,
      loaded: false,
      tables: Object.fromEntries(REFERENCE_TABLES.map((t) => [t, { ...zero }])) as Record<
        ReferenceTable,
        TableCounts
      >,
    };
  }
  return loadMedicationSafety(db, ds, options);
}

/** For tests and the CLI: the row count of live rows per reference table. */
export async function liveCounts(db: ServerDb): Promise<Record<ReferenceTable, number>> {
  const out = {} as Record<ReferenceTable, number>;
  for (const t of REFERENCE_TABLES) {
    const r = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM ${sql.table(t)} WHERE deleted_at IS NULL`.execute(db);
    out[t] = r.rows[0]?.n ?? 0;
  }
  return out;
}
