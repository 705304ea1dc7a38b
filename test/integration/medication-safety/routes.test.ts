import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { loadMedicationSafety, readDataset } from '../../../server-sync/medication-safety';
import { serverTargets } from '../../support/db';
import {
  auditRows,
  bearer,
  login,
  makeApp,
  makeDistrict,
  TestClock,
  type TestDistrict,
  type Tokens,
} from '../server/support';

/**
 * /medication-safety/version (any signed-in user) and /medication-safety/formulary (DISTRICT_ADMIN): a LOCAL
 * drug_catalog entry, its classes checked against drug_classes, a duplicate RxNorm refused by its field, NUL refused,
 * audited, captured for sync.
 */
describe.each(serverTargets())('medication-safety routes on $name', (target) => {
  let h: ServerDbHandle;
  let app: FastifyInstance;
  let d: TestDistrict;
  let nurse: Tokens;
  let admin: Tokens;
  const clock = new TestClock('2026-12-07T15:00:00.000Z');

  const entry = {
    genericName: 'lisdexamfetamine',
    brandNames: ['Vyvanse'],
    rxnorm: '673579',
    drugClass: 'STIMULANT',
    classes: ['AMPHETAMINES', 'STIMULANT'],
    forms: ['capsule', 'chewable tablet'],
    strengths: ['10 mg', '20 mg', '30 mg'],
    routes: ['ORAL'],
    schedule: 'II',
    otc: false,
  };
  const post = (t: Tokens, payload: unknown) =>
    app.inject({
      method: 'POST',
      url: '/medication-safety/formulary',
      headers: bearer(t),
      payload: payload as object,
    });

  beforeAll(async () => {
    h = await target.open();
    await migrateServerToLatest(h.db);
    d = await makeDistrict(h.db);
    app = makeApp(h, clock);
    await app.ready();
    nurse = await login(app, d.nurseA.email);
    admin = await login(app, d.districtAdmin.email);
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  it('version: null before a load, then the loaded version, to a nurse; refused without a token', async () => {
    const before = await app.inject({
      method: 'GET',
      url: '/medication-safety/version',
      headers: bearer(nurse),
    });
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json()).toEqual({ loaded: null });
    const ds = await readDataset();
    await loadMedicationSafety(h.db, ds, { now: new Date('2026-12-07T14:00:00Z') });
    const r = await app.inject({ method: 'GET', url: '/medication-safety/version', headers: bearer(nurse) });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      loaded: {
        dataset: 'white-cross-medication-safety',
        version: ds.manifest.version,
        published: ds.manifest.published,
        loadedAt: '2026-12-07T14:00:00.000Z',
        loadedBy: null,
        counts: { drugs: ds.drugs.length, interactions: ds.interactions.length },
      },
    });
    expect((await app.inject({ method: 'GET', url: '/medication-safety/version' })).statusCode).toBe(401);
  });

  it('formulary: a nurse is refused (403), nothing written', async () => {
    const r = await post(nurse, entry);
    expect(r.statusCode, r.body).toBe(403);
    const n = await h.db
      .selectFrom('drug_catalog')
      .select('id')
      .where('rxnorm_code', '=', '673579')
      .execute();
    expect(n).toEqual([]);
  });

  it('formulary: an unknown class or a duplicate RxNorm is a 400 naming the field; NUL refused', async () => {
    const unknown = await post(admin, { ...entry, classes: ['STIMULANT', 'NO_SUCH_CLASS'] });
    expect(unknown.statusCode, unknown.body).toBe(400);
    expect(unknown.json()).toMatchObject({
      message: 'invalid body: body.classes.1: no drug class NO_SUCH_CLASS',
      issues: [{ path: 'body.classes.1', message: 'no drug class NO_SUCH_CLASS' }],
    });
    const dup = await post(admin, { ...entry, rxnorm: '6901' });
    expect(dup.statusCode, dup.body).toBe(400);
    expect(dup.json<{ message: string }>().message).toBe(
      'invalid body: body.rxnorm: RxNorm 6901 is already in the catalog (Methylphenidate)',
    );
    const nul = await post(admin, { ...entry, genericName: 'lisdex\u0000amfetamine' });
    expect(nul.statusCode, nul.body).toBe(400);
    expect(nul.json<{ message: string }>().message).toMatch(/^body\.genericName .*NUL/);
    const missing = await post(admin, { ...entry, routes: [] });
    expect(missing.statusCode).toBe(400);
    expect(missing.json<{ message: string }>().message).toMatch(/^invalid body: body\.routes/);
  });

  it('formulary: a district administrator adds a LOCAL entry, audited, captured for sync, kept by a reload', async () => {
    const r = await post(admin, entry);
    expect(r.statusCode, r.body).toBe(201);
    const v = r.json<{ id: string }>();
    expect(v).toMatchObject({
      drugName: 'Lisdexamfetamine',
      genericName: 'lisdexamfetamine',
      rxnorm: '673579',
      classes: ['AMPHETAMINES', 'STIMULANT'],
      origin: 'LOCAL',
      otc: false,
      schedule: 'II',
      createdAt: '2026-12-07T15:00:00.000Z',
    });
    const row = await h.db
      .selectFrom('drug_catalog')
      .selectAll()
      .where('id', '=', v.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ origin: 'LOCAL', dataset_key: null, is_otc: false, deleted_at: null });
    const audit = await auditRows(h.db, 'CREATE');
    expect(audit.filter((a) => a.table_name === 'drug_catalog')).toEqual([
      expect.objectContaining({ user_id: d.districtAdmin.id, record_id: v.id, school_id: null }),
    ]);
    const change = await h.db
      .selectFrom('sync_changes')
      .select(['operation', 'school_id'])
      .where('table_name', '=', 'drug_catalog')
      .where('row_id', '=', v.id)
      .execute();
    expect(change).toEqual([{ operation: 'UPSERT', school_id: null }]);
    // a reload of the shipped dataset leaves it alone
    const again = await loadMedicationSafety(h.db, await readDataset(), {
      now: new Date('2026-12-07T16:00:00Z'),
    });
    expect(again.tables.drug_catalog.retired).toBe(0);
    const kept = await h.db
      .selectFrom('drug_catalog')
      .select('deleted_at')
      .where('id', '=', v.id)
      .executeTakeFirstOrThrow();
    expect(kept.deleted_at).toBeNull();
  });
  it('catalog: searched by name, brand or RxNorm, by origin, paged; classes listed; a bad query is a 400', async () => {
    await loadMedicationSafety(h.db, await readDataset(), { now: clock.now() });
    const get = (url: string, t: Tokens = nurse) => app.inject({ method: 'GET', url, headers: bearer(t) });
    const all = (await get('/medication-safety/catalog?limit=5')).json<{
      total: number;
      entries: { drugName: string }[];
    }>();
    expect(all.total).toBeGreaterThanOrEqual(150);
    expect(all.entries).toHaveLength(5);
    const names = all.entries.map((e) => e.drugName);
    expect([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(names);
    const next = (await get('/medication-safety/catalog?limit=5&offset=5')).json<{
      entries: { drugName: string }[];
    }>();
    expect(next.entries[0]!.drugName >= names[4]!).toBe(true);
    const brand = (await get('/medication-safety/catalog?q=ritalin')).json<{
      entries: { genericName: string; brandNames: string[] }[];
    }>();
    expect(brand.entries.map((e) => e.genericName)).toContain('methylphenidate');
    const rx = (await get('/medication-safety/catalog?q=5640')).json<{
      entries: { genericName: string }[];
    }>();
    expect(rx.entries.map((e) => e.genericName)).toEqual(['ibuprofen']);
    const wild = (await get('/medication-safety/catalog?q=%25')).json<{ total: number }>();
    expect(wild.total).toBe(0); // a % is searched as itself, not as "anything"
    const local = (await get('/medication-safety/catalog?origin=LOCAL')).json<{
      entries: { origin: string }[];
    }>();
    expect(local.entries.every((e) => e.origin === 'LOCAL')).toBe(true);
    const bad = await get('/medication-safety/catalog?limit=0');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ message: string }>().message).toMatch(/limit/);
    expect((await app.inject({ method: 'GET', url: '/medication-safety/catalog' })).statusCode).toBe(401);
    const classes = (await get('/medication-safety/classes')).json<{ classes: { code: string }[] }>();
    expect(classes.classes.map((c) => c.code)).toContain('PENICILLINS');
  });
});
