import { createSyncClient } from '../../../../src-main/sync/client';
import { createFetchTransport } from '../../../../src-main/sync/transport';
import { openLocalStore } from '../../../../src-main/store/open';

/**
 * A workstation process for the kill test: writes allergies and syncs, over and over, until it is killed.
 * argv: file keyHex deviceId url token
 */
const [file, keyHex, deviceId, url, token] = process.argv.slice(2);
if (!file || !keyHex || !deviceId || !url || !token)
  throw new Error('usage: sync-child file keyHex deviceId url token');
const store = await openLocalStore({ file, key: Buffer.from(keyHex, 'hex'), deviceId });
const transport = createFetchTransport({
  baseUrl: url,
  schemaVersion: store.schemaVersion,
  getAccessToken: () => token,
  refreshAccessToken: () => Promise.resolve(),
});
const client = createSyncClient({
  store,
  transport,
  pullLimit: 50,
  pushBatchSize: 7,
  retry: { sleep: () => Promise.resolve() },
});
const student = (
  store.sqlite.prepare(`SELECT id FROM students ORDER BY id LIMIT 1`).get() as { id: string } | undefined
)?.id;
for (let round = 0; ; round++) {
  if (student) {
    store.transaction(() => {
      for (let i = 0; i < 10; i++) {
        const id = `k-${process.pid}-${round}-${i}`;
        store.insert('allergies', {
          id,
          student_id: student,
          school_id: 's1',
          allergen: `a${i}`,
          allergen_type: 'FOOD',
          severity: 'MILD',
        });
      }
    });
  }
  await client.syncOnce();
  process.stdout.write(`round ${round}\n`);
}
