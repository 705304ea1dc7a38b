import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { ServerDb } from '../../../server-sync/db/connect';

/**
 * Push ingest's limit: the rows the devices pushed, read back and inserted again (as copies under new ids, their
 * references left pointing at the originals) by plain batched multi-row INSERTs into the same tables, by as many
 * concurrent writers as devices, each batch one transaction, as the owner (no row-level security, no merge, no
 * audit). The tables keep their triggers, the sync capture included, unless `withoutCapture` disables the capture
 * triggers for the run (to show what they cost).
 */

export interface PostgresLimit {
  readonly rows: number;
  readonly statements: number;
  readonly ms: number;
}

type Row = Record<string, unknown>;
export interface Pushed {
  readonly table: string;
  readonly row: Row;
}

const CAPTURE_TRIGGERS = [
  'sync_capture_lock',
  'sync_capture_insert',
  'sync_capture_update',
  'sync_capture_delete',
];

/** Every device's pushed rows, in its outbox order. */
export async function pushedRows(db: ServerDb, deviceIds: readonly string[]): Promise<Map<string, Pushed[]>> {
  const tables = await sql<{ table_name: string }>`SELECT DISTINCT table_name FROM sync_changes
    WHERE device_id IN (${sql.join(deviceIds)}) AND operation = 'UPSERT'`.execute(db);
  const generated = await sql<{ table_name: string; column_name: string }>`SELECT table_name, column_name
    FROM information_schema.columns WHERE table_schema = 'public' AND is_generated = 'ALWAYS'`.execute(db);
  const byDevice = new Map<string, (Pushed & { seq: number })[]>();
  for (const { table_name: t } of tables.rows) {
    const skip = new Set(generated.rows.filter((g) => g.table_name === t).map((g) => g.column_name));
    const r = await sql<
      Row & { bench_device: string; bench_seq: number }
    >`SELECT x.*, c.device_id AS bench_device,
        c.device_seq AS bench_seq
      FROM ${sql.table(t)} x JOIN sync_changes c ON c.table_name = ${t} AND c.row_id = x.id
      WHERE c.device_id IN (${sql.join(deviceIds)}) AND c.operation = 'UPSERT'`.execute(db);
    for (const { bench_device, bench_seq, ...row } of r.rows) {
      for (const k of skip) delete row[k];
      const list = byDevice.get(bench_device) ?? [];
      list.push({ table: t, row, seq: Number(bench_seq) });
      byDevice.set(bench_device, list);
    }
  }
  const out = new Map<string, Pushed[]>();
  for (const [d, list] of byDevice)
    out.set(
      d,
      list.sort((a, b) => a.seq - b.seq),
    );
  return out;
}

/** A value as a parameter: JSON columns come back parsed and go in as JSON text. */
const param = (v: unknown): unknown =>
  v !== null && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v;

async function insertBatch(db: ServerDb, batch: readonly Pushed[], prefix: string): Promise<number> {
  const byTable = new Map<string, Row[]>();
  for (const p of batch) {
    const rows = byTable.get(p.table) ?? [];
    rows.push(p.row);
    byTable.set(p.table, rows);
  }
  await db.transaction().execute(async (trx) => {
    for (const [table, rows] of byTable) {
      const cols = Object.keys(rows[0] ?? {});
      const values = rows.map(
        (r) => sql`(${sql.join(cols.map((c) => (c === 'id' ? `${prefix}${String(r.id)}` : param(r[c]))))})`,
      );
      await sql`INSERT INTO ${sql.table(table)} (${sql.join(cols.map((c) => sql.ref(c)))})
        VALUES ${sql.join(values)}`.execute(trx);
    }
  });
  return byTable.size;
}

async function setCapture(db: ServerDb, tables: readonly string[], on: boolean): Promise<void> {
  for (const t of tables) {
    for (const trigger of CAPTURE_TRIGGERS) {
      await sql`ALTER TABLE ${sql.table(t)} ${sql.raw(on ? 'ENABLE' : 'DISABLE')} TRIGGER ${sql.ref(trigger)}`.execute(
        db,
      );
    }
  }
}

export async function postgresInsertLimit(
  db: ServerDb,
  deviceIds: readonly string[],
  options: { readonly batchSize: number; readonly prefix: string; readonly withoutCapture: boolean },
): Promise<PostgresLimit> {
  const work = await pushedRows(db, deviceIds);
  const tables = [...new Set([...work.values()].flat().map((p) => p.table))];
  if (options.withoutCapture) await setCapture(db, tables, false);
  try {
    let statements = 0;
    const t0 = performance.now();
    await Promise.all(
      [...work.values()].map(async (rows) => {
        for (let i = 0; i < rows.length; i += options.batchSize) {
          const n = await insertBatch(db, rows.slice(i, i + options.batchSize), options.prefix);
          statements += n;
        }
      }),
    );
    const ms = performance.now() - t0;
    return { rows: [...work.values()].reduce((a, r) => a + r.length, 0), statements, ms };
  } finally {
    if (options.withoutCapture) await setCapture(db, tables, true);
  }
}
