import type { FastifyInstance } from 'fastify';
import type { ServerDbHandle } from '../../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../../server-sync/db/migrate';
import type { LocalStore } from '../../../../src-main/store/open';
import { createSyncClient } from '../../../../src-main/sync/client';
import { createFetchTransport } from '../../../../src-main/sync/transport';
import type { serverTargets } from '../../../support/db';
import {
  bearer,
  login,
  makeApp,
  makeDistrict,
  type TestClock,
  type TestDistrict,
} from '../../server/support';
import { storeFile } from './fixtures';

/**
 * A district server on a real port (its database migrated, a test district) and one workstation store enrolled at
 * school A by the real enrollment, signed in as its nurse: what the reference-data sync tests (medication safety,
 * CDC's CDSi releases, school-entry requirements) load on the server and pull with the real sync client.
 */
export interface EnrolledStore {
  readonly h: ServerDbHandle;
  readonly app: FastifyInstance;
  readonly d: TestDistrict;
  readonly store: LocalStore;
  /** rows of a query on the workstation's database */
  local(q: string, ...args: unknown[]): unknown[];
  /** one sync (push, then pull) of the workstation */
  sync(): ReturnType<ReturnType<typeof createSyncClient>['syncOnce']>;
  close(): Promise<void>;
}

export async function enrolledStore(
  target: ReturnType<typeof serverTargets>[number],
  clock: TestClock,
): Promise<EnrolledStore> {
  const h = await target.open();
  await migrateServerToLatest(h.db);
  const d = await makeDistrict(h.db);
  const app = makeApp(h, clock);
  await app.ready();
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
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
  const file = storeFile(deviceId);
  const store = await file.open(() => clock.now().getTime());
  const tokens = await login(app, d.nurseA.email, { deviceId, deviceSecret });
  return {
    h,
    app,
    d,
    store,
    local: (q, ...args) => store.sqlite.prepare(q).all(...args),
    sync: () =>
      createSyncClient({
        store,
        transport: createFetchTransport({
          baseUrl: url,
          schemaVersion: store.schemaVersion,
          getAccessToken: () => tokens.accessToken,
          refreshAccessToken: () => Promise.reject(new Error('no refresh in this test')),
        }),
        retry: { sleep: () => Promise.resolve(), random: () => 0.5 },
      }).syncOnce(),
    close: async () => {
      if (store.sqlite.open) await store.close();
      file.dispose();
      await app.close();
      await h.close();
    },
  };
}
