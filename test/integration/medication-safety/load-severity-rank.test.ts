import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import {
  liveCounts,
  loadedVersion,
  loadMedicationSafety,
  readDataset,
} from '../../../server-sync/medication-safety';
import {
  referenceId,
  type InteractionSeverity,
  type MedicationSafetyDataset,
} from '../../../src-shared/medication-safety';
import { serverTargets } from '../../support/db';

/**
 * interaction_severity_levels.severity_rank is UNIQUE, like severity_code: the loader on PGlite and PostgreSQL
 * writes the levels of an older seed whose ranks are in another order without ever holding one rank twice (and sync
 * replays the writes in that order), adopts a row holding a level's rank when no row holds its code, and refuses
 * rows that would exchange ranks, naming them and writing nothing.
 */
describe.each(serverTargets())('the loader and severity_rank on $name', (target) => {
  let h: ServerDbHandle | undefined;
  let ds: MedicationSafetyDataset;
  const t0 = new Date('2026-12-07T12:00:00Z');
  const oldId = (i: number) => `01900000-0000-7000-8000-0000000000b${i}`;

  beforeAll(async () => {
    ds = await readDataset();
  });
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const open = async () => {
    h = await target.open();
    await migrateServerToLatest(h.db);
    return h;
  };
  const seedLevels = async (db: ServerDbHandle['db'], levels: readonly [InteractionSeverity, number][]) => {
    for (const [i, [code, rank]] of levels.entries())
      await db
        .insertInto('interaction_severity_levels')
        .values({
          id: oldId(i),
          severity_code: code,
          severity_rank: rank,
          display_name: `Old ${code}`,
        })
        .execute();
  };
  const levels = async (db: ServerDbHandle['db']) =>
    db
      .selectFrom('interaction_severity_levels')
      .select(['id', 'severity_code', 'severity_rank', 'display_name', 'deleted_at'])
      .orderBy('severity_rank')
      .execute();
  const rankOf = (code: string) => ds.severityLevels.find((l) => l.severity === code)!.rank;

  it("re-ranks an older seed's levels row by row, in an order that never holds a rank twice", async () => {
    const { db } = await open();
    // MODERATE wants MAJOR's rank, MAJOR wants a free one: MAJOR must move first
    const old: [InteractionSeverity, number][] = [
      ['MODERATE', rankOf('CONTRAINDICATED')],
      ['MAJOR', rankOf('MODERATE')],
    ];
    await seedLevels(db, old);
    const mark = await db
      .selectFrom('sync_changes')
      .select(db.fn.max('server_seq').as('seq'))
      .executeTakeFirstOrThrow();

    const r = await loadMedicationSafety(db, ds, { now: t0 });
    expect(r.tables.interaction_severity_levels).toEqual({
      inserted: ds.severityLevels.length - old.length,
      updated: old.length,
      retired: 0,
      unchanged: 0,
    });
    const want = [...ds.severityLevels]
      .sort((a, b) => a.rank - b.rank)
      .map((l) => {
        const i = old.findIndex(([code]) => code === l.severity);
        return {
          id: i >= 0 ? oldId(i) : referenceId('severity', l.severity),
          severity_code: l.severity,
          severity_rank: l.rank,
          display_name: l.displayName,
          deleted_at: null,
        };
      });
    expect(await levels(db)).toEqual(want);
    // sync replays the writes in the order they were made: MAJOR left its rank before MODERATE took it
    const changes = await db
      .selectFrom('sync_changes')
      .select('row_id')
      .where('table_name', '=', 'interaction_severity_levels')
      .where('server_seq', '>', Number(mark.seq ?? 0))
      .orderBy('server_seq')
      .execute();
    const seqOf = (id: string) => changes.findIndex((c) => c.row_id === id);
    expect(seqOf(oldId(1))).toBeGreaterThanOrEqual(0);
    expect(seqOf(oldId(1))).toBeLessThan(seqOf(oldId(0)));
    // a reload finds them
    const again = await loadMedicationSafety(db, ds, { now: new Date(t0.getTime() + 60_000) });
    expect(again.tables.interaction_severity_levels.unchanged).toBe(ds.severityLevels.length);
  });

  it('adopts the row holding a level’s rank when no row holds its code: same id, new code', async () => {
    const { db } = await open();
    // an older seed with three levels; a district dataset that has no MAJOR and gives its rank to CONTRAINDICATED
    const major = rankOf('MAJOR');
    await seedLevels(db, [
      ['MINOR', rankOf('MINOR')],
      ['MODERATE', rankOf('MODERATE')],
      ['MAJOR', major],
    ]);
    const next: MedicationSafetyDataset = {
      ...ds,
      severityLevels: ds.severityLevels
        .filter((l) => l.severity !== 'MAJOR')
        .map((l) => (l.severity === 'CONTRAINDICATED' ? { ...l, rank: major } : l)),
    };
    const r = await loadMedicationSafety(db, next, { now: t0 });
    expect(r.tables.interaction_severity_levels).toEqual({
      inserted: 0,
      updated: 3,
      retired: 0,
      unchanged: 0,
    });
    const rows = await levels(db);
    expect(rows.map((x) => [x.id, x.severity_code, x.severity_rank, x.deleted_at])).toEqual([
      [oldId(0), 'MINOR', rankOf('MINOR'), null],
      [oldId(1), 'MODERATE', rankOf('MODERATE'), null],
      [oldId(2), 'CONTRAINDICATED', major, null],
    ]);
    expect(rows.find((x) => x.display_name === 'Old MAJOR')).toBeUndefined();
  });

  it('refuses rows that would exchange ranks, naming them, and writes nothing', async () => {
    const { db } = await open();
    await seedLevels(db, [
      ['MINOR', rankOf('MODERATE')],
      ['MODERATE', rankOf('MINOR')],
    ]);
    const err = await loadMedicationSafety(db, ds, { now: t0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/interaction_severity_levels/);
    expect((err as Error).message).toMatch(/MINOR/);
    expect((err as Error).message).toMatch(/MODERATE/);
    expect((err as Error).message).toMatch(/exchange their severity_rank/);
    const counts = await liveCounts(db);
    expect(counts.drug_catalog).toBe(0);
    expect(counts.interaction_severity_levels).toBe(2);
    expect(await loadedVersion(db)).toBeNull();
    expect((await levels(db)).map((l) => l.display_name)).toEqual(['Old MODERATE', 'Old MINOR']);
  });
});
