import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { JsonValue } from '../../../src-shared/db/column-types';
import { formatHlc } from '../../../src-shared/sync/hlc';
import type { ServerDb } from '../../../server-sync/db/connect';
import { withTenant } from '../../../server-sync/db/tenant';
import type { Write } from '../../../server-sync/sync/lww';
import { groupWrites } from '../../../server-sync/sync/store';
import { pushedRows } from './limit-postgres';

/**
 * What the grouping of a push's writes is worth, measured: the server's own write step (sync_apply_changes, the
 * function a push calls with its decided writes) fed the pushed rows again (copies under new ids, one device's batch
 * at a time, under the device's school as a push runs), grouped two ways:
 * - one statement per run of consecutive writes of one table, operation and column set (how pushes were grouped
 *   before groupWrites grouped by table; kept here as the comparison), and
 * - as a push groups them (groupWrites: one statement per table, parents first).
 * Each statement also fires the statement-level capture triggers, so the count of statements is what differs.
 */

export interface ApplyExperiment {
  readonly writes: number;
  readonly runs: { readonly statements: number; readonly ms: number };
  readonly perTable: { readonly statements: number; readonly ms: number };
}

type Group = Omit<ReturnType<typeof groupWrites>[number], 'at'>;

/** The former grouping: consecutive writes of one table, operation and column set, each row id at most once. */
function runsOfOneTable(writes: readonly Write[]): Group[] {
  const groups: Group[] = [];
  let current: (Group & { key: string; ids: Set<string> }) | null = null;
  for (const w of writes) {
    const cols = Object.keys(w.cols)
      .filter((c) => c !== 'id')
      .sort();
    const key = `${w.t}|${w.op}|${cols.join(',')}`;
    if (!current || current.key !== key || current.ids.has(w.id)) {
      current = {
        t: w.t,
        op: w.op,
        cols: w.op === 'INSERT' ? ['id', ...cols] : cols,
        rows: [],
        meta: {},
        key,
        ids: new Set(),
      };
      groups.push(current);
    }
    current.ids.add(w.id);
    current.rows.push({ ...w.cols, id: w.id });
    current.meta[w.id] = { s: w.seq > 0 ? String(w.seq) : null, h: w.hlc };
  }
  return groups.map(({ t, op, cols, rows, meta }) => ({ t, op, cols, rows, meta }));
}

const jsonOf = (v: unknown): JsonValue => (v instanceof Date ? v.toISOString() : (v as JsonValue));

export async function applyGroupingExperiment(
  db: ServerDb,
  devices: readonly { deviceId: string; schoolId: string }[],
  userId: string,
  batchSize: number,
): Promise<ApplyExperiment> {
  const work = await pushedRows(
    db,
    devices.map((d) => d.deviceId),
  );
  const out = { writes: 0, runs: { statements: 0, ms: 0 }, perTable: { statements: 0, ms: 0 } };
  let copy = 0;
  for (const d of devices) {
    const rows = work.get(d.deviceId) ?? [];
    for (let i = 0; i < rows.length; i += batchSize) {
      const batch = rows.slice(i, i + batchSize);
      for (const [key, order] of [
        ['runs', false],
        ['perTable', true],
      ] as const) {
        copy++;
        const hlc = formatHlc({ wallMs: Date.now(), counter: 0, node: d.deviceId });
        const writes: Write[] = batch.map((p) => {
          const id = `x${copy}-${String(p.row.id)}`;
          const cols: Record<string, JsonValue> = {};
          for (const [k, v] of Object.entries(p.row)) if (k !== 'id') cols[k] = jsonOf(v);
          return { seq: 0, t: p.table, id, op: 'INSERT', cols, hlc, action: 'CREATE' };
        });
        const groups: Group[] = order
          ? groupWrites(writes).map(({ t, op, cols, rows, meta }) => ({ t, op, cols, rows, meta }))
          : runsOfOneTable(writes);
        const scope = { schoolIds: [d.schoolId], userId, deviceId: d.deviceId };
        const ms = await withTenant(db, scope, async (trx) => {
          const t0 = performance.now();
          const r = await sql<{
            r: unknown;
          }>`SELECT sync_apply_changes(${JSON.stringify(groups)}::jsonb) AS r`.execute(trx);
          const elapsed = performance.now() - t0;
          if (r.rows[0]?.r) throw new Error(`experiment write failed: ${JSON.stringify(r.rows[0].r)}`);
          return elapsed;
        });
        out[key].statements += groups.length;
        out[key].ms += ms;
      }
      out.writes += batch.length;
    }
  }
  return out;
}
