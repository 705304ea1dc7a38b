import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { loadMedicationSafety, readDataset } from '../../../server-sync/medication-safety';
import type { LocalStore } from '../../../src-main/store/open';
import { pairKey, referenceId, type MedicationSafetyDataset } from '../../../src-shared/medication-safety';
import { serverTargets } from '../../support/db';
import { enrolledStore, type EnrolledStore } from '../sync-client/support/enrolled-store';
import { TestClock, type TestDistrict } from '../server/support';

/**
 * The medication-safety tables over the real sync: after a load on the district server, a workstation's sync
 * brings drug_classes, drug_class_interactions, drug_class_cross_reactivity, reference_data_versions and the new
 * drug_catalog / drug_interactions columns; a retired entry reaches it as a tombstone; an override written on the
 * workstation is pushed and lands on the server; an older seed's pair the workstation holds is adopted by a load and
 * reaches it as an update of that row.
 */
describe.each(serverTargets().slice(-1))('medication-safety sync on $name', (target) => {
  let ds: MedicationSafetyDataset;
  const clock = new TestClock('2026-12-07T12:00:00.000Z');
  let w: EnrolledStore;
  let h: ServerDbHandle;
  let d: TestDistrict;
  let store: LocalStore;
  const local = (q: string, ...args: unknown[]) => w.local(q, ...args);
  const sync = () => w.sync();

  beforeAll(async () => {
    w = await enrolledStore(target, clock);
    ({ h, d, store } = w);
    ds = await readDataset();
  }, 120_000);
  afterAll(async () => {
    await w?.close();
  });

  it('a load reaches the workstation: every reference table, its columns, the version', async () => {
    await loadMedicationSafety(h.db, ds, { now: clock.now() });
    await h.db
      .insertInto('medications')
      .values({
        id: 'med-ibu',
        name: 'Ibuprofen 200 MG Oral Tablet',
        generic_name: 'ibuprofen',
        rxnorm_code: '5640',
      })
      .execute();
    const r = await sync();
    expect(r.pull.changes).toBeGreaterThan(ds.drugs.length);
    const n = (t: string) =>
      (local(`SELECT count(*) AS n FROM ${t} WHERE deleted_at IS NULL`)[0] as { n: number }).n;
    expect(n('drug_classes')).toBe(ds.classes.length);
    expect(n('drug_catalog')).toBe(ds.drugs.length);
    expect(n('drug_interactions')).toBe(ds.interactions.length);
    expect(n('drug_class_interactions')).toBe(ds.classRules.length);
    expect(n('drug_class_cross_reactivity')).toBe(ds.crossReactivity.length);
    expect(n('interaction_severity_levels')).toBe(ds.severityLevels.length);
    expect(local(`SELECT version, checksum, dataset FROM reference_data_versions`)).toEqual([
      expect.objectContaining({ version: ds.manifest.version, dataset: ds.manifest.dataset }),
    ]);
    const mph = local(
      `SELECT class_codes, is_otc, origin, dataset_key FROM drug_catalog WHERE id = ?`,
      referenceId('drug', 'methylphenidate'),
    )[0];
    expect(mph).toEqual({
      class_codes: '["METHYLPHENIDATES","STIMULANT"]',
      is_otc: 0,
      origin: 'SHIPPED',
      dataset_key: 'methylphenidate',
    });
    const pair = local(
      `SELECT onc_high_priority, interaction_severity FROM drug_interactions WHERE id = ?`,
      referenceId('interaction', pairKey('methylphenidate', 'phenelzine')),
    )[0];
    expect(pair).toEqual({
      onc_high_priority: expect.any(Number) as unknown,
      interaction_severity: 'CONTRAINDICATED',
    });
  });

  it('a retired entry arrives as a tombstone', async () => {
    clock.advance(60_000);
    const rule = ds.classRules[0]!;
    await loadMedicationSafety(h.db, { ...ds, classRules: ds.classRules.slice(1) }, { now: clock.now() });
    await sync();
    const id = referenceId('class-rule', pairKey(...rule.classes));
    const row = local(`SELECT deleted_at FROM drug_class_interactions WHERE id = ?`, id)[0] as
      { deleted_at: string | null } | undefined;
    // a tombstone: gone from the workstation's live rows
    expect(row === undefined || row.deleted_at !== null).toBe(true);
  });

  it('an override written on the workstation is pushed and lands on the server', async () => {
    clock.advance(60_000);
    const id = uuidv7();
    store.insert('medication_safety_overrides', {
      id,
      student_id: d.studentA,
      school_id: d.schoolA,
      medication_id: 'med-ibu',
      drug_catalog_id: referenceId('drug', 'ibuprofen'),
      highest_severity: 'MAJOR',
      findings: JSON.stringify([{ kind: 'CLASS_RULE', severity: 'MAJOR', drugs: ['Ibuprofen', 'Warfarin'] }]),
      reason: 'One dose, prescriber approved by phone.',
      physician_name: 'Dana Whitfield, MD',
      overridden_by: d.nurseA.id,
      overridden_at: clock.now().toISOString(),
      reference_version: ds.manifest.version,
    });
    const r = await sync();
    expect(r.push).toMatchObject({ acked: 1, rejections: 0 });
    const srv = (
      await sql<Record<string, unknown>>`SELECT * FROM medication_safety_overrides WHERE id = ${id}`.execute(
        h.db,
      )
    ).rows[0];
    expect(srv).toMatchObject({
      student_id: d.studentA,
      school_id: d.schoolA,
      highest_severity: 'MAJOR',
      reason: 'One dose, prescriber approved by phone.',
      overridden_by: d.nurseA.id,
      findings: [{ kind: 'CLASS_RULE', severity: 'MAJOR', drugs: ['Ibuprofen', 'Warfarin'] }],
    });
  });

  it("an older seed's pair on the workstation is adopted by a load: the next pull updates it, no UNIQUE failure", async () => {
    clock.advance(60_000);
    // two shipped drugs the dataset has no pair for; an older seed stored one under an id of its own
    const paired = new Set(ds.interactions.map((x) => pairKey(...x.drugs)));
    const [a, b] = ds.drugs
      .flatMap((p, i) => ds.drugs.slice(i + 1).map((q) => [p.key, q.key] as const))
      .find(([p, q]) => !paired.has(pairKey(p, q)))!;
    const ids = await h.db
      .selectFrom('drug_catalog')
      .select(['id', 'dataset_key'])
      .where('dataset_key', 'in', [a, b])
      .execute();
    const [lo, hi] = ids.map((r) => r.id).sort();
    const template = await h.db
      .selectFrom('drug_interactions')
      .selectAll()
      .where('id', '=', referenceId('interaction', pairKey(...ds.interactions[0]!.drugs)))
      .executeTakeFirstOrThrow();
    const oldId = uuidv7();
    await h.db
      .insertInto('drug_interactions')
      .values({
        ...template,
        id: oldId,
        drug_a_id: lo!,
        drug_b_id: hi!,
        management_recommendations: 'Old seed text.',
        updated_at: clock.now(),
      })
      .execute();
    await sync();
    const pairRows = () =>
      local(
        `SELECT id, management_recommendations AS m, deleted_at FROM drug_interactions WHERE drug_a_id = ? AND drug_b_id = ?`,
        lo,
        hi,
      );
    expect(pairRows()).toEqual([{ id: oldId, m: 'Old seed text.', deleted_at: null }]);

    // a dataset that now ships that pair: the server adopts the old row, the workstation's pull updates it
    clock.advance(60_000);
    const added = { ...ds.interactions[0]!, drugs: [a, b] as [string, string], management: 'Dataset text.' };
    await loadMedicationSafety(
      h.db,
      { ...ds, interactions: [...ds.interactions, added] },
      { now: clock.now() },
    );
    const r = await sync();
    expect(r.pull.applied).toBeGreaterThan(0);
    expect(pairRows()).toEqual([{ id: oldId, m: 'Dataset text.', deleted_at: null }]);
    expect(
      local(`SELECT id FROM drug_interactions WHERE id = ?`, referenceId('interaction', pairKey(a, b))),
    ).toEqual([]);
  });
});
