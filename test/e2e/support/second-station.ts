import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLocalStore, type LocalStore } from '../../../src-main/store/open';
import { createSyncClient } from '../../../src-main/sync/client';
import { createFetchTransport } from '../../../src-main/sync/transport';
import type { E2eDistrict } from './district';

/**
 * Another nurse's workstation of the same school, without a UI: the real local store and sync client, enrolled
 * with its own code. It makes the conflicting edit of the "second workstation" scenario.
 */
export interface SecondStation {
  readonly store: LocalStore;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export async function startSecondStation(district: E2eDistrict): Promise<SecondStation> {
  const code = await district.enrollmentCode();
  const device = await district.inject<{ deviceId: string; deviceSecret: string }>(
    'POST',
    '/devices/enroll',
    {
      code,
      name: 'Second clinic laptop',
      platform: 'LINUX',
    },
  );
  const tokens = await district.inject<{ accessToken: string }>('POST', '/auth/login', {
    email: district.nurse.email,
    password: district.nurse.password,
    deviceId: device.deviceId,
    deviceSecret: device.deviceSecret,
  });
  const dir = mkdtempSync(join(tmpdir(), 'wc-e2e-second-'));
  const store = await openLocalStore({
    file: join(dir, 'second.db'),
    key: randomBytes(32),
    deviceId: device.deviceId,
  });
  const transport = createFetchTransport({
    baseUrl: district.url(),
    schemaVersion: store.schemaVersion,
    getAccessToken: () => tokens.accessToken,
    refreshAccessToken: () => Promise.resolve(),
  });
  return {
    store,
    sync: async () => {
      await createSyncClient({ store, transport, retry: { sleep: () => Promise.resolve() } }).syncOnce();
    },
    close: async () => {
      if (store.sqlite.open) await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
