import type { JsonValue } from '../../../../src-shared/db/column-types';
import type { PulledChange } from '../../../../src-shared/sync/protocol';
import type { LocalStore } from '../../../../src-main/store/open';
import { createSyncClient, type SyncClient, type SyncClientOptions } from '../../../../src-main/sync/client';
import { createFetchTransport, type SyncTransport } from '../../../../src-main/sync/transport';
import { school, storeFile, student, T0, user, type StoreFile } from './fixtures';
import { ProtocolServer } from './protocol-server';

/**
 * One workstation (dev-a, school s1) against the in-test protocol server, over real HTTP on loopback.
 * The server starts with schools s1 and s2, user u1, students st1 and st2 in s1 and st9 in s2.
 */
export interface Harness {
  readonly server: ProtocolServer;
  readonly file: StoreFile;
  store: LocalStore;
  transport: SyncTransport;
  /** The shared wall clock of the workstation and the server (ms). */
  clock: { now: number };
  token: { value: string; refreshes: number; next: string };
  readonly sleeps: number[];
  client(options?: Partial<SyncClientOptions>): SyncClient;
  /** Closes the store (as a killed process leaves it) and opens the file again. */
  reopen(): Promise<LocalStore>;
  /** A server-side change (another workstation's edit, the SIS...), visible to the given school or everyone. */
  serverRow(
    table: string,
    rowId: string,
    columns: Record<string, JsonValue>,
    hlc: string | null,
    op?: PulledChange['op'],
    schoolId?: string | null,
  ): void;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const server = await new ProtocolServer().start();
  const clock = { now: T0 };
  server.now = () => clock.now;
  server.grant('tok-a', 'dev-a', ['s1']);
  for (const c of [
    school('s1'),
    school('s2'),
    user('u1'),
    student('st1', 's1'),
    student('st2', 's1'),
    student('st9', 's2'),
  ]) {
    const { serverSeq: _s, ...rest } = c;
    server.serverChange(rest, null);
  }
  const file = storeFile('dev-a');
  const token = { value: 'tok-a', refreshes: 0, next: 'tok-a' };
  const sleeps: number[] = [];
  const makeTransport = (store: LocalStore) =>
    createFetchTransport({
      baseUrl: server.url,
      schemaVersion: store.schemaVersion,
      getAccessToken: () => token.value,
      refreshAccessToken: () => {
        token.refreshes++;
        token.value = token.next;
        return Promise.resolve();
      },
    });
  const store = await file.open(() => clock.now);
  const h: Harness = {
    server,
    file,
    store,
    transport: makeTransport(store),
    clock,
    token,
    sleeps,
    client: (options) =>
      createSyncClient({
        store: h.store,
        transport: h.transport,
        ...options,
        retry: { random: () => 0.5, sleep: (ms) => (sleeps.push(ms), Promise.resolve()), ...options?.retry },
      }),
    reopen: async () => {
      if (h.store.sqlite.open) await h.store.close();
      h.store = await file.open(() => clock.now);
      return h.store;
    },
    serverRow: (table, rowId, columns, hlc, op = 'UPSERT', schoolId = null) =>
      server.serverChange({ table, rowId, op, columns, hlc }, schoolId),
    close: async () => {
      if (h.store.sqlite.open) await h.store.close();
      await server.close();
      file.dispose();
    },
  };
  return h;
}
