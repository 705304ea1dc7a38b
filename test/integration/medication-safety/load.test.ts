import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import {
  DatasetError,
  liveCounts,
  loadedVersion,
  loadMedicationSafety,
  loadShippedIfChanged,
  readDataset,
} from '../../../server-sync/medication-safety';
import {
  crossReactivityKey,
  pairKey,
  referenceId,
  type MedicationSafetyDataset,
} from '../../../src-shared/medication-safety';
import { serverTargets } from '../../support/db';

/**
 * The loader on PGlite and PostgreSQL: the shipped dataset in one transaction, a reload that writes nothing, an
 * edit that updates one row, a removal that retires one (never a LOCAL drug), an old seed's drug adopted by its
 * RxNorm code, an old seed's pair, class rule, cross-reactivity row or severity adopted under its own id, and a bad
 * dataset refused with nothing written.
 */
describe.each(serverTargets())('loadMedicationSafety on $name', (target) => {
  let h: ServerDbHandle;
  let ds: MedicationSafetyDataset;
  const t0 = new Date('2026-12-07T12:00:00Z');
  const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

  beforeAll(async () => {
    h = await target.open();
    await migrateServerToLatest(h.db);
    ds = await readDataset();
  });
  afterAll(async () => {
    await h?.close();
  });

  const total = (
    r: Awaited<ReturnType<typeof loadMedicationSafety>>,
    k: 'inserted' | 'updated' | 'retired',
  ) => Object.values(r.tables).reduce((n, c) => n + c[k], 0);

  it('refuses a dataset whose interaction names no drug, writing nothing', async () => {
    const bad = {
      ...ds,
      interactions: [
        { ...ds.interactions[0]!, drugs: ['methylphenidate', 'no-such-drug'] as [string, string] },
      ],
    };
    const err = await loadMedicationSafety(h.db, bad, { now: t0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as DatasetError).problems.join('\n')).toContain('interactions.json entry 0');
    expect((err as DatasetError).problems.join('\n')).toContain('no drug no-such-drug');
    expect(Object.values(await liveCounts(h.db))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('rolls back everything when a row fails in the middle (a drug name longer than the column)', async () => {
    const drugs = ds.drugs.map((d, i) => (i === 100 ? { ...d, genericName: 'x'.repeat(250) } : d));
    await expect(loadMedicationSafety(h.db, { ...ds, drugs }, { now: t0 })).rejects.toThrow();
    expect(Object.values(await liveCounts(h.db))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(await loadedVersion(h.db)).toBeNull();
  });

  it('adopts an old seed row sharing a shipped RxNorm code, and loads every entry', async () => {
    await h.db
      .insertInto('drug_catalog')
      .values({
        id: '01900000-0000-7000-8000-000000000001',
        drug_name: 'Ritalin (old seed)',
        rxnorm_code: '6901',
      })
      .execute();
    await h.db
      .insertInto('drug_catalog')
      .values({
        id: '01900000-0000-7000-8000-000000000002',
        drug_name: 'District drug',
        rxnorm_code: '99999991',
        origin: 'LOCAL',
      })
      .execute();
    const r = await loadMedicationSafety(h.db, ds, { now: t0 });
    expect(r.loaded).toBe(true);
    expect(r.tables.drug_classes).toEqual({
      inserted: ds.classes.length,
      updated: 0,
      retired: 0,
      unchanged: 0,
    });
    expect(r.tables.drug_catalog).toEqual({
      inserted: ds.drugs.length - 1,
      updated: 1,
      retired: 0,
      unchanged: 0,
    });
    expect(r.tables.drug_interactions.inserted).toBe(ds.interactions.length);
    expect(r.tables.drug_class_interactions.inserted).toBe(ds.classRules.length);
    expect(r.tables.drug_class_cross_reactivity.inserted).toBe(ds.crossReactivity.length);
    expect(r.tables.interaction_severity_levels.inserted).toBe(ds.severityLevels.length);
    const adopted = await h.db
      .selectFrom('drug_catalog')
      .selectAll()
      .where('rxnorm_code', '=', '6901')
      .executeTakeFirstOrThrow();
    expect(adopted).toMatchObject({
      id: '01900000-0000-7000-8000-000000000001',
      dataset_key: 'methylphenidate',
      origin: 'SHIPPED',
      drug_name: 'Methylphenidate',
      class_codes: ['METHYLPHENIDATES', 'STIMULANT'],
      controlled_substance_schedule: 'II',
    });
    // its interactions name the adopted id
    const phenelzine = referenceId('drug', 'phenelzine');
    const pair = await h.db
      .selectFrom('drug_interactions')
      .selectAll()
      .where('id', '=', referenceId('interaction', pairKey('methylphenidate', 'phenelzine')))
      .executeTakeFirstOrThrow();
    expect([pair.drug_a_id, pair.drug_b_id].sort()).toEqual(
      ['01900000-0000-7000-8000-000000000001', phenelzine].sort(),
    );
    expect(pair.drug_a_id < pair.drug_b_id).toBe(true);
    const v = await loadedVersion(h.db);
    expect(v).toMatchObject({ version: ds.manifest.version, checksum: r.checksum, loadedBy: null });
    expect(v?.id).toBe(referenceId('version', `${ds.manifest.dataset}@${ds.manifest.version}`));
    const audit = await h.db
      .selectFrom('audit_logs')
      .select(['action', 'table_name', 'record_id'])
      .where('table_name', '=', 'reference_data_versions')
      .execute();
    expect(audit).toEqual([{ action: 'ADMIN', table_name: 'reference_data_versions', record_id: v!.id }]);
  });

  it('a reload writes nothing: every row unchanged, updated_at kept, no change to sync', async () => {
    const before = await h.db
      .selectFrom('sync_changes')
      .select(h.db.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const r = await loadMedicationSafety(h.db, ds, { now: at(10) });
    expect(total(r, 'inserted') + total(r, 'updated') + total(r, 'retired')).toBe(0);
    expect(r.tables.drug_catalog.unchanged).toBe(ds.drugs.length);
    const after = await h.db
      .selectFrom('sync_changes')
      .select(h.db.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const newest = await h.db
      .selectFrom('drug_interactions')
      .select(h.db.fn.max('updated_at').as('u'))
      .executeTakeFirstOrThrow();
    expect(new Date(newest.u as Date).toISOString()).toBe(t0.toISOString());
    // and at start: the same version and checksum are not loaded again
    const again = await loadShippedIfChanged(h.db, { now: at(11) });
    expect(again.loaded).toBe(false);
  });

  it('an edited entry updates its one row', async () => {
    const interactions = ds.interactions.map((x, i) =>
      i === 0 ? { ...x, management: `${x.management} Edited.` } : x,
    );
    const r = await loadMedicationSafety(h.db, { ...ds, interactions }, { now: at(20) });
    expect(r.tables.drug_interactions).toEqual({
      inserted: 0,
      updated: 1,
      retired: 0,
      unchanged: ds.interactions.length - 1,
    });
    expect(total(r, 'updated')).toBe(1);
    const id = referenceId('interaction', pairKey(...ds.interactions[0]!.drugs));
    const row = await h.db
      .selectFrom('drug_interactions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.management_recommendations).toMatch(/ Edited\.$/);
    expect(new Date(row.updated_at).toISOString()).toBe(at(20).toISOString());
    // the version's row says which content was loaded
    expect((await loadedVersion(h.db))?.checksum).toBe(r.checksum);
  });

  it('a removed entry is retired (deleted_at), a LOCAL drug never is; putting it back revives it', async () => {
    const rule = ds.classRules[3]!;
    const classRules = ds.classRules.filter((x) => x !== rule);
    const r = await loadMedicationSafety(h.db, { ...ds, classRules }, { now: at(30) });
    expect(r.tables.drug_class_interactions).toMatchObject({ inserted: 0, updated: 0, retired: 1 });
    expect(total(r, 'retired')).toBe(1);
    expect(r.tables.drug_interactions.updated).toBe(1); // the previous test's edit, undone
    const id = referenceId('class-rule', pairKey(...rule.classes));
    const row = await h.db
      .selectFrom('drug_class_interactions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(new Date(row.deleted_at!).toISOString()).toBe(at(30).toISOString());
    const local = await h.db
      .selectFrom('drug_catalog')
      .select('deleted_at')
      .where('id', '=', '01900000-0000-7000-8000-000000000002')
      .executeTakeFirstOrThrow();
    expect(local.deleted_at).toBeNull();
    const back = await loadMedicationSafety(h.db, ds, { now: at(40) });
    expect(back.tables.drug_class_interactions).toMatchObject({ inserted: 0, updated: 1, retired: 0 });
    expect(total(back, 'updated')).toBe(1);
    const revived = await h.db
      .selectFrom('drug_class_interactions')
      .select('deleted_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(revived.deleted_at).toBeNull();
  });

  it('adopts a row holding a dataset key under another id (pair, class rule, cross-reactivity, severity): same id, new content, no delete', async () => {
    const x = ds.interactions[0]!;
    const rule = ds.classRules[0]!;
    const cross = ds.crossReactivity[0]!;
    const cases = [
      {
        table: 'drug_interactions',
        entries: ds.interactions.length,
        id: referenceId('interaction', pairKey(...x.drugs)),
        text: 'management_recommendations',
        want: x.management,
      },
      {
        table: 'drug_class_interactions',
        entries: ds.classRules.length,
        id: referenceId('class-rule', pairKey(...rule.classes)),
        text: 'management_recommendations',
        want: rule.management,
      },
      {
        table: 'drug_class_cross_reactivity',
        entries: ds.crossReactivity.length,
        id: referenceId('cross-reactivity', crossReactivityKey(cross.allergyClass, cross.reactsWith)),
        text: 'note',
        want: cross.note,
      },
      {
        table: 'interaction_severity_levels',
        entries: ds.severityLevels.length,
        id: referenceId('severity', 'MAJOR'),
        text: 'clinical_guidance',
        want: ds.severityLevels.find((l) => l.severity === 'MAJOR')!.guidance,
      },
    ] as const;
    // an older seed's rows: the same unique keys under ids of their own, with their own text
    const oldId = (i: number) => `01900000-0000-7000-8000-0000000000a${i}`;
    for (const [i, c] of cases.entries()) {
      const row = await h.db.selectFrom(c.table).selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
      await h.db.deleteFrom(c.table).where('id', '=', c.id).execute();
      await h.db
        .insertInto(c.table)
        .values({ ...row, id: oldId(i), [c.text]: 'Old seed text.' })
        .execute();
    }
    const mark = await h.db
      .selectFrom('sync_changes')
      .select(h.db.fn.max('server_seq').as('seq'))
      .executeTakeFirstOrThrow();

    const r = await loadMedicationSafety(h.db, ds, { now: at(50) });
    for (const [i, c] of cases.entries()) {
      expect(r.tables[c.table], c.table).toEqual({
        inserted: 0,
        updated: 1,
        retired: 0,
        unchanged: c.entries - 1,
      });
      const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(c.table)}
        WHERE id IN (${c.id}, ${oldId(i)})`.execute(h.db);
      expect(rows.rows, c.table).toEqual([
        expect.objectContaining({ id: oldId(i), [c.text]: c.want, deleted_at: null }),
      ]);
    }
    expect(total(r, 'inserted') + total(r, 'retired')).toBe(0);
    // sync sends each adopted row as an update of the row the workstations have: nothing deleted, nothing new
    const changes = await h.db
      .selectFrom('sync_changes')
      .select(['table_name', 'row_id', 'operation'])
      .where('server_seq', '>', Number(mark.seq))
      .where(
        'table_name',
        'in',
        cases.map((c) => c.table),
      )
      .orderBy('table_name')
      .execute();
    expect(changes).toEqual(
      cases
        .map((c, i) => ({ table_name: c.table, row_id: oldId(i), operation: 'UPSERT' }))
        .sort((a, b) => a.table_name.localeCompare(b.table_name)),
    );
    // and a reload finds them: nothing to write
    const again = await loadMedicationSafety(h.db, ds, { now: at(60) });
    expect(total(again, 'inserted') + total(again, 'updated') + total(again, 'retired')).toBe(0);
  });
});
