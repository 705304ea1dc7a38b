import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { transferStudent } from '../../../server-sync/students/index';
import { syncRoutes } from '../../../server-sync/sync/routes';
import type { LocalStore } from '../../../src-main/store/open';
import { createSyncClient, type SyncProgress } from '../../../src-main/sync/client';
import { createFetchTransport } from '../../../src-main/sync/transport';
import { serverTargets } from '../../support/db';
import {
  bearer,
  login,
  makeApp,
  makeDistrict,
  MINUTE,
  TestClock,
  type TestDistrict,
  type Tokens,
} from '../server/support';
import { storeFile, type StoreFile } from './support/fixtures';

/**
 * The sync client against the real district server (buildServer, the sync routes, auth with a device enrolled by
 * code and a device-bound token) over real HTTP on loopback, on PostgreSQL (PGlite without TEST_DATABASE_URL).
 */

/** buildServer as it is; with the sync routes added when it does not mount them (yet). */
async function appWithSync(h: ServerDbHandle, clock: TestClock): Promise<FastifyInstance> {
  const app = makeApp(h, clock);
  await app.ready();
  if (app.hasRoute({ method: 'POST', url: '/sync/push' })) return app;
  await app.close();
  const withSync = makeApp(h, clock);
  void withSync.register(syncRoutes, { prefix: '/sync', db: h.db, clock });
  await withSync.ready();
  return withSync;
}

interface Workstation {
  readonly file: StoreFile;
  store: LocalStore;
  tokens: Tokens;
  refreshes: number;
  sync(options?: {
    pullLimit?: number;
    pullCommitRows?: number;
    onProgress?: (p: SyncProgress) => void;
  }): ReturnType<ReturnType<typeof createSyncClient>['syncOnce']>;
}

// one target keeps the file fast: real PostgreSQL when TEST_DATABASE_URL is set (CI), PGlite otherwise
describe.each(serverTargets().slice(-1))('sync client against the real server on $name', (target) => {
  let h: ServerDbHandle;
  let app: FastifyInstance;
  let url: string;
  let d: TestDistrict;
  const clock = new TestClock('2026-11-20T12:00:00.000Z');
  const stations: Workstation[] = [];

  async function enroll(): Promise<Workstation> {
    const admin = await login(app, 'admin.a@example.org');
    const code = await app.inject({
      method: 'POST',
      url: '/admin/enrollment-codes',
      headers: bearer(admin),
      payload: { schoolId: d.schoolA },
    });
    const enrolled = await app.inject({
      method: 'POST',
      url: '/devices/enroll',
      payload: { code: code.json<{ code: string }>().code, name: 'Clinic PC', platform: 'LINUX' },
    });
    expect(enrolled.statusCode).toBe(201);
    const { deviceId, deviceSecret } = enrolled.json<{ deviceId: string; deviceSecret: string }>();
    const file = storeFile(deviceId);
    const ws: Workstation = {
      file,
      store: await file.open(() => clock.now().getTime()),
      tokens: await login(app, 'nurse.a@example.org', { deviceId, deviceSecret }),
      refreshes: 0,
      sync: (options = {}) => {
        const transport = createFetchTransport({
          baseUrl: url,
          schemaVersion: ws.store.schemaVersion,
          getAccessToken: () => ws.tokens.accessToken,
          refreshAccessToken: async () => {
            ws.refreshes++;
            const r = await fetch(`${url}/auth/refresh`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ refreshToken: ws.tokens.refreshToken }),
            });
            expect(r.status).toBe(200);
            ws.tokens = (await r.json()) as Tokens;
          },
        });
        return createSyncClient({
          store: ws.store,
          transport,
          retry: { sleep: () => Promise.resolve(), random: () => 0.5 },
          ...options,
        }).syncOnce();
      },
    };
    stations.push(ws);
    return ws;
  }

  const local = (ws: Workstation, q: string, ...args: unknown[]) => ws.store.sqlite.prepare(q).all(...args);
  const serverRow = async (table: string, id: string) =>
    (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)} WHERE id = ${id}`.execute(h.db))
      .rows[0];

  beforeAll(async () => {
    h = await target.open();
    await migrateServerToLatest(h.db);
    d = await makeDistrict(h.db);
    app = await appWithSync(h, clock);
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  }, 120_000);
  afterAll(async () => {
    for (const ws of stations) {
      if (ws.store.sqlite.open) await ws.store.close();
      ws.file.dispose();
    }
    await app?.close();
    await h?.close();
  });

  it('first sync pulls its school only; local writes reach the server and come back equal', async () => {
    const ws = await enroll();
    const first = await ws.sync();
    expect(first.pull.changes).toBeGreaterThan(0);
    const students = local(ws, `SELECT id FROM students`) as { id: string }[];
    expect(students.map((s) => s.id)).toContain(d.studentA);
    expect(students.map((s) => s.id)).not.toContain(d.studentB);
    ws.store.insert('allergies', {
      id: 'alg-real-1',
      student_id: d.studentA,
      school_id: d.schoolA,
      allergen: 'Peanut',
      allergen_type: 'FOOD',
      severity: 'SEVERE',
      epinephrine_required: 1,
    });
    clock.advance(1000);
    ws.store.update('allergies', 'alg-real-1', { reaction: 'hives' });
    const second = await ws.sync();
    expect(second.push).toMatchObject({ acked: 2, rejections: 0, conflicts: 0 });
    expect(ws.store.sync.countUnacked()).toBe(0);
    const srv = await serverRow('allergies', 'alg-real-1');
    expect(srv).toMatchObject({
      severity: 'SEVERE',
      reaction: 'hives',
      epinephrine_required: true,
      school_id: d.schoolA,
    });
    const mine = local(
      ws,
      `SELECT created_at, updated_at, deleted_at FROM allergies WHERE id = 'alg-real-1'`,
    )[0] as Record<string, string | null>;
    expect((srv?.created_at as Date).toISOString()).toBe(mine.created_at);
    expect((srv?.updated_at as Date).toISOString()).toBe(mine.updated_at);
  });

  it('two workstations of a school converge: edits, a tombstone, and a conflict kept for review', async () => {
    const [a] = stations;
    if (!a) throw new Error('needs the first workstation');
    const b = await enroll();
    const progress: SyncProgress[] = [];
    const first = await b.sync({
      pullLimit: 3,
      pullCommitRows: 3, // a transaction and a progress report per page
      onProgress: (p) => p.phase === 'pull' && progress.push(p),
    });
    expect(first.pull.pages).toBe(Math.ceil(first.pull.changes / 3));
    expect(first.pull.commits).toBe(first.pull.pages);
    expect(progress.map((p) => p.done)).toEqual(
      Array.from({ length: first.pull.pages }, (_, i) => Math.min(3 * (i + 1), first.pull.changes)),
    );
    expect(progress.every((p) => p.total === first.pull.changes)).toBe(true);
    expect(local(b, `SELECT id, reaction FROM allergies WHERE id = 'alg-real-1'`)).toEqual([
      { id: 'alg-real-1', reaction: 'hives' },
    ]);
    clock.advance(1000);
    b.store.update('allergies', 'alg-real-1', { severity: 'MODERATE' });
    clock.advance(1000);
    a.store.update('allergies', 'alg-real-1', { severity: 'MILD' }); // later: wins
    await a.sync();
    await b.sync(); // loses: takes MILD, keeps the conflict
    await a.sync();
    for (const ws of [a, b])
      expect(local(ws, `SELECT severity FROM allergies WHERE id = 'alg-real-1'`)).toEqual([
        { severity: 'MILD' },
      ]);
    // updated_at, stamped by both writes, is bookkeeping: the server keeps no conflict for it, yet both end equal
    expect(
      local(b, `SELECT column_name FROM sync_conflicts WHERE row_id = 'alg-real-1' ORDER BY column_name`),
    ).toEqual([{ column_name: 'severity' }]);
    expect(local(a, `SELECT updated_at FROM allergies WHERE id = 'alg-real-1'`)).toEqual(
      local(b, `SELECT updated_at FROM allergies WHERE id = 'alg-real-1'`),
    );
    expect(
      local(
        b,
        `SELECT column_name, conflict_type, winning_value, losing_value FROM sync_conflicts WHERE row_id = 'alg-real-1' AND column_name = 'severity'`,
      ),
    ).toEqual([
      {
        column_name: 'severity',
        conflict_type: 'FIELD_LWW',
        winning_value: '"MILD"',
        losing_value: '"MODERATE"',
      },
    ]);
    clock.advance(1000);
    a.store.remove('allergies', 'alg-real-1');
    await a.sync();
    await b.sync();
    const deletedA = local(a, `SELECT deleted_at FROM allergies WHERE id = 'alg-real-1'`);
    expect(deletedA).toEqual(local(b, `SELECT deleted_at FROM allergies WHERE id = 'alg-real-1'`));
    expect((deletedA[0] as { deleted_at: string | null }).deleted_at).not.toBeNull();
  });

  it('refreshes an expired access token once and goes on', async () => {
    const [a] = stations;
    if (!a) throw new Error('needs the first workstation');
    clock.advance(16 * MINUTE);
    a.store.insert('allergies', {
      id: 'alg-real-2',
      student_id: d.studentA,
      school_id: d.schoolA,
      allergen: 'Latex',
      allergen_type: 'LATEX',
      severity: 'MILD',
    });
    const r = await a.sync();
    expect(a.refreshes).toBe(1);
    expect(r.push.acked).toBe(1);
  });

  it("a transfer removes the student and their rows from the old school's workstation", async () => {
    const [a] = stations;
    if (!a) throw new Error('needs the first workstation');
    expect(
      local(
        a,
        `SELECT id FROM allergies WHERE student_id = ? AND id LIKE 'alg-real-%' ORDER BY id`,
        d.studentA,
      ),
    ).toEqual([{ id: 'alg-real-1' }, { id: 'alg-real-2' }]);
    await transferStudent(h.db, d.studentA, d.schoolB, {
      userId: d.districtAdmin.id,
      schoolIds: [d.schoolA, d.schoolB],
    });
    const r = await a.sync();
    expect(r.pull.removed).toBeGreaterThanOrEqual(3);
    expect(local(a, `SELECT id FROM students WHERE id = ?`, d.studentA)).toEqual([]);
    expect(local(a, `SELECT count(*) AS n FROM allergies WHERE student_id = ?`, d.studentA)).toEqual([
      { n: 0 },
    ]);
  });
});
