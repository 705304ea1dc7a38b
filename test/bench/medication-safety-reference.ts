import type Database from 'better-sqlite3-multiple-ciphers';
import {
  datasetChecksum,
  datasetCounts,
  desiredRows,
  JSON_COLUMNS,
  REFERENCE_TABLES,
  versionId,
} from '../../server-sync/medication-safety/rows';
import { readDataset } from '../../server-sync/medication-safety';
import { referenceId } from '../../src-shared/medication-safety';

/**
 * The workstation bench's reference data: the shipped medication-safety dataset written into the workstation's
 * reference tables as the district's pull would leave them (the rows the server's loader writes: desiredRows), with
 * its reference_data_versions row. Call inside the bench's setup transaction, the outbox guard open.
 */
export async function shippedReferenceRows(): Promise<(db: Database.Database) => number> {
  const ds = await readDataset();
  const rows = desiredRows(ds, new Map(ds.drugs.map((d) => [d.key, referenceId('drug', d.key)])));
  const sqlValue = (table: (typeof REFERENCE_TABLES)[number], column: string, v: unknown): unknown => {
    if (v === null || v === undefined) return null;
    if (JSON_COLUMNS[table].includes(column)) return JSON.stringify(v);
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (v instanceof Date) return v.toISOString();
    return v;
  };
  return (db) => {
    let n = 0;
    for (const table of REFERENCE_TABLES)
      for (const row of rows[table]) {
        const cols = Object.keys(row);
        db.prepare(
          `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
        ).run(...cols.map((c) => sqlValue(table, c, row[c])));
        n++;
      }
    const m = ds.manifest;
    db.prepare(
      `INSERT INTO reference_data_versions (id, dataset, version, published, checksum, counts) VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(
      versionId(m.dataset, m.version),
      m.dataset,
      m.version,
      m.published,
      datasetChecksum(ds),
      JSON.stringify(datasetCounts(ds)),
    );
    return n;
  };
}
