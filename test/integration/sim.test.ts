import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../sim/check';
import { runSeed, type SeedResult, type SimOptions } from '../sim/sim';

/**
 * The small version of `npm run sim` (docs/sim.md): 3 workstations of one school, 40 operations each, 2 seeds,
 * through dropped, duplicated, delayed and reordered requests, kills and skewed clocks, against the real district
 * server on PGlite and, when TEST_DATABASE_URL is set, on PostgreSQL. CI runs the large one (.ci/run).
 * The seeds run concurrently (on PostgreSQL the database works in its own processes meanwhile).
 */

const targets = [
  { name: 'pglite', url: undefined as string | undefined },
  ...(process.env.TEST_DATABASE_URL ? [{ name: 'postgres', url: process.env.TEST_DATABASE_URL }] : []),
];

const invariants = (r: SeedResult | CheckResult) => ({
  lost: r.lost,
  duplicated: r.duplicated,
  diverged: r.diverged,
});

describe.each(targets)('sync simulation on $name', ({ name, url }) => {
  it.concurrent.each([1, 2])(
    'seed %i: nothing lost, duplicated or diverged after faults, kills and skewed clocks',
    async (seed) => {
      // on PGlite, seed 2 also proves the checks are not blind: it breaks the final state and checks again
      let tampered: { before: CheckResult; after: CheckResult } | null = null;
      const probe: SimOptions['afterCheck'] = async ({ db, ledger, recheck }) => {
        const before = await recheck();
        // a visit a workstation created whose complaint nobody changed since, still at the workstations' school
        const edited = new Set(
          ledger
            .filter((w) => w.kind !== 'create' && 'presenting_complaint' in w.columns)
            .map((w) => w.rowId),
        );
        const candidates = ledger
          .filter((w) => w.kind === 'create' && w.table === 'clinic_visits' && !edited.has(w.rowId))
          .map((w) => w.rowId);
        if (candidates.length === 0) throw new Error(`seed ${seed} made no clinic visit to tamper with`);
        const held = await sql<{ id: string }>`SELECT v.id FROM clinic_visits v
          WHERE v.id IN (${sql.join(candidates)}) AND v.school_id IN (SELECT school_id FROM devices) ORDER BY v.id LIMIT 1`.execute(
          db,
        );
        const id = held.rows[0]?.id;
        if (!id) throw new Error(`seed ${seed}: every visit it made has left the workstations' school`);
        // the server loses a value a workstation wrote, behind everyone's back
        await sql`UPDATE clinic_visits SET presenting_complaint = 'tampered' WHERE id = ${id}`.execute(db);
        // and applies a device's change a second time
        await sql`INSERT INTO sync_changes (table_name, row_id, school_id, operation, changed_columns, hlc, device_id, device_seq)
          SELECT table_name, row_id, school_id, operation, changed_columns, hlc, device_id, device_seq
          FROM sync_changes WHERE device_seq IS NOT NULL ORDER BY server_seq LIMIT 1`.execute(db);
        tampered = { before, after: await recheck() };
      };
      const r = await runSeed({
        seed,
        clients: 3,
        ops: 40,
        databaseUrl: url,
        ...(name === 'pglite' && seed === 2 ? { afterCheck: probe } : {}),
      });
      if (tampered) {
        const { before, after } = tampered as { before: CheckResult; after: CheckResult };
        expect(after.lost).toBeGreaterThan(before.lost);
        expect(after.diverged).toBeGreaterThanOrEqual(before.diverged + 3); // each workstation of the school holds it
        expect(after.duplicated).toBe(before.duplicated + 1);
        expect(after.details.join('\n')).toMatch(/lost: create clinic_visits .* presenting_complaint=/);
      }
      expect(r.details, 'findings').toEqual([]);
      expect({ ...invariants(r), violations: r.violations }).toEqual({
        lost: 0,
        duplicated: 0,
        diverged: 0,
        violations: 0,
      });
      expect(r.writes).toBeGreaterThanOrEqual(3 * 40);
      const f = r.faults;
      expect(
        f.dropBefore + f.dropAfter + f.duplicate + f.delay + f.kills,
        'faults were injected',
      ).toBeGreaterThan(0);
    },
    180_000,
  );
});
