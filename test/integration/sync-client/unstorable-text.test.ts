import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import type { LocalStore } from '../../../src-main/store/open';
import { createWorkstationContext } from '../../../src-main/workstation/context';
import { rejections } from '../../../src-main/workstation/sync/review';
import { createSyncService, type SyncService } from '../../../src-main/workstation/sync/service';
import { serverTargets } from '../../support/db';
import {
  bearer,
  login,
  makeApp,
  makeDistrict,
  TestClock,
  type TestDistrict,
  type Tokens,
} from '../server/support';
import { storeFile, type StoreFile } from './support/fixtures';

/**
 * Security review, finding 3: a NUL character (or a lone UTF-16 surrogate) that a nurse pasted into a record wedged
 * her workstation's sync for ever: the push failed as a whole, and the next batch got 409 SEQUENCE_GAP. Now the
 * change holding such text is rejected on its own (a per-row rejection naming the table, row and column), the rest
 * of the batch applies, the device's sequence moves on, the nurse sees the rejection, and the workstation keeps
 * syncing. The real workstation store, sync client and sync service against the real district server over HTTP;
 * the text is written straight through the store (the IPC boundary refuses it separately). A lone surrogate never
 * leaves a workstation (SQLite keeps it as U+FFFD); the server's handling of one on the wire is in
 * test/integration/sync-server/unstorable-text.test.ts.
 */

describe.each(serverTargets().slice(-1))(
  'text a database cannot store, pushed by a workstation, on $name',
  (target) => {
    let h: ServerDbHandle;
    let app: FastifyInstance;
    let url: string;
    let d: TestDistrict;
    let file: StoreFile;
    let store: LocalStore;
    let tokens: Tokens;
    let service: SyncService;
    const clock = new TestClock('2026-11-20T12:00:00.000Z');
    const allergy = (id: string, extra: Record<string, string>) => {
      clock.advance(1000);
      store.insert('allergies', {
        id,
        student_id: d.studentA,
        school_id: d.schoolA,
        allergen: 'Peanut',
        allergen_type: 'FOOD',
        severity: 'SEVERE',
        ...extra,
      });
    };
    const serverRow = async (id: string) =>
      (await sql<Record<string, unknown>>`SELECT * FROM allergies WHERE id = ${id}`.execute(h.db)).rows[0];

    beforeAll(async () => {
      h = await target.open();
      await migrateServerToLatest(h.db);
      d = await makeDistrict(h.db);
      app = makeApp(h, clock);
      await app.ready();
      url = await app.listen({ port: 0, host: '127.0.0.1' });
      const admin = await login(app, d.adminA.email);
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
      const { deviceId, deviceSecret } = enrolled.json<{ deviceId: string; deviceSecret: string }>();
      tokens = await login(app, d.nurseA.email, { deviceId, deviceSecret });
      file = storeFile(deviceId);
      store = await file.open(() => clock.now().getTime());
      service = createSyncService({
        store,
        serverUrl: url,
        now: () => clock.now().getTime(),
        tokens: {
          accessToken: () => Promise.resolve(tokens.accessToken),
          refresh: async () => {
            const r = await fetch(`${url}/auth/refresh`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ refreshToken: tokens.refreshToken }),
            });
            tokens = (await r.json()) as Tokens;
          },
        },
        retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
      });
      expect((await service.run()).lastError).toBeUndefined();
    }, 120_000);
    afterAll(async () => {
      await service?.idle();
      if (store?.sqlite.open) await store.close();
      file?.dispose();
      await app?.close();
      await h?.close();
    });

    it('rejects the changes holding such text one by one, applies the rest, and the device syncs on', async () => {
      allergy('alg-before', { reaction: 'hives' });
      allergy('alg-nul', { reaction: 'hives\u0000 pasted from the referral' });
      allergy('alg-between', { reaction: 'rash' });
      clock.advance(1000);
      store.update('allergies', 'alg-before', { notes: 'epi pen in\u0000 the office' });
      allergy('alg-after', { reaction: 'wheezing' });
      const status = await service.run();
      expect(status.lastError).toBeUndefined();
      expect(status.waiting).toBe(0); // every change acknowledged: nothing left to wedge the next push
      expect(status.rejections).toBe(2); // the count the nurse sees in the footer

      for (const id of ['alg-before', 'alg-between', 'alg-after']) expect(await serverRow(id)).toBeDefined();
      expect(await serverRow('alg-nul')).toBeUndefined();
      expect(await serverRow('alg-before')).toMatchObject({ reaction: 'hives', notes: null });

      // the nurse's list of rejections (sync.rejections) names the table, the row and the column
      const listed = rejections(
        createWorkstationContext({ store, schoolId: d.schoolA, now: () => clock.now().getTime() }),
      );
      expect(listed.map((r) => [r.table, r.rowId, r.code])).toEqual([
        ['allergies', 'alg-before', 'INVALID_VALUE'],
        ['allergies', 'alg-nul', 'INVALID_VALUE'],
      ]);
      const reason = (id: string) => listed.find((r) => r.rowId === id)?.reason ?? '';
      expect(reason('alg-nul')).toMatch(/^allergies row alg-nul, column reaction: contains a NUL character/);
      expect(reason('alg-before')).toMatch(
        /^allergies row alg-before, column notes: contains a NUL character/,
      );

      // the server recorded them too, and the device's sequence moved past them
      const filed = await sql<{ row_id: string; reason_code: string }>`
      SELECT row_id, reason_code FROM sync_rejections WHERE device_id = ${tokens.deviceId ?? ''} ORDER BY device_seq`.execute(
        h.db,
      );
      expect(filed.rows).toEqual([
        { row_id: 'alg-nul', reason_code: 'INVALID_VALUE' },
        { row_id: 'alg-before', reason_code: 'INVALID_VALUE' },
      ]);

      // and it keeps syncing: the next change goes through
      allergy('alg-next', { reaction: 'itching' });
      const next = await service.run();
      expect(next.lastError).toBeUndefined();
      expect(next.waiting).toBe(0);
      expect(await serverRow('alg-next')).toMatchObject({ reaction: 'itching' });
    });
  },
);
