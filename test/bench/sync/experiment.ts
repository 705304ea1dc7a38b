import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { JsonValue } from '../../../src-shared/db/column-types';
import { formatHlc } from '../../../src-shared/sync/hlc';
import type { ServerDb } from '../../../server-sync/db/connect';
import { withTenant } from '../../../server-sync/db/tenant';
import { STUDENT_ROW_TABLES } from '../../../server-sync/sync/capture';
import type { Write } from '../../../server-sync/sync/lww';
import { groupWrites } from '../../../server-sync/sync/store';
import { pushedRows } from './limit-postgres';

/**
 * What would make push ingest faster, measured rather than guessed: the server's own write step
 * (sync_apply_changes, the function a push calls with its decided writes) fed the pushed rows again (copies under
 * new ids, one device's batch at a time, under the device's school as a push runs), grouped two ways:
 * - as a push groups them today (groupWrites: one statement per run of consecutive writes of one table), and
 * - one statement per table (the same writes sorted by table, parents first).
 * Each statement also fires the statement-level capture triggers, so the count of statements is what differs.
 */

export interface ApplyExperiment {
  readonly writes: number;
  readonly asPushed: { readonly statements: number; readonly ms: number };
  readonly perTable: { readonly statements: number; readonly ms: number };
}

const tableRank = (t: string) => {
  const i = STUDENT_ROW_TABLES.indexOf(t);
  return i < 0 ? STUDENT_ROW_TABLES.length : i;
};

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
  const out = { writes: 0, asPushed: { statements: 0, ms: 0 }, perTable: { statements: 0, ms: 0 } };
  let copy = 0;
  for (const d of devices) {
    const rows = work.get(d.deviceId) ?? [];
    for (let i = 0; i < rows.length; i += batchSize) {
      const batch = rows.slice(i, i + batchSize);
      for (const [key, order] of [
        ['asPushed', false],
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
        if (order) writes.sort((a, b) => tableRank(a.t) - tableRank(b.t));
        const groups = groupWrites(writes);
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
