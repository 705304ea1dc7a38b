import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildServer } from '../../../server-sync/app';
import { openServerDb, type ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { openLocalStore, type LocalStore } from '../../../src-main/store/open';
import { createSyncClient, type SyncReport } from '../../../src-main/sync/client';
import { createFetchTransport, type SyncTransport } from '../../../src-main/sync/transport';
import { Prng } from '../../sim/prng';
import { simConfig } from '../../sim/sim';
import { buildWorld, enrollWorkstation, login, type SimWorld } from '../../sim/world';

/**
 * The smallest setting that reproduces a simulation finding: the real district server on PGlite, listening on
 * loopback, the simulation's world with one school of one student, and workstations enrolled there (real stores,
 * real sync client, no faults).
 */

export interface Station {
  readonly store: LocalStore;
  sync(): Promise<SyncReport>;
}

export interface StationOptions {
  /** The workstation's clock (default Date.now). */
  readonly now?: () => number;
  /** Wraps the real HTTP transport (to lose an answer, or write between pages). */
  readonly wrap?: (t: SyncTransport) => SyncTransport;
  readonly pullLimit?: number;
}

export interface District {
  readonly h: ServerDbHandle;
  readonly world: SimWorld;
  station(name: string, options?: StationOptions): Promise<Station>;
  /** One column of a server row (as the database owner). */
  serverValue(table: string, id: string, column: string): Promise<unknown>;
  close(): Promise<void>;
}

export async function startDistrict(): Promise<District> {
  const h = await openServerDb({ pgliteDir: ':memory:' });
  await migrateServerToLatest(h.db);
  const app: FastifyInstance = buildServer({
    db: h,
    config: simConfig(),
    logStream: { write: () => undefined },
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const world = await buildWorld(h.db, new Prng(1), {
    schoolsWithWorkstations: 1,
    studentsPerSchool: 1,
    nowMs: Date.now(),
  });
  const school = world.schools[0];
  if (!school) throw new Error('no school');
  const admin = await login(app, world.adminEmail);
  const dir = mkdtempSync(join(tmpdir(), 'wc-finding-'));
  const stores: LocalStore[] = [];
  return {
    h,
    world,
    station: async (name, options = {}) => {
      const device = await enrollWorkstation(app, admin.accessToken, school.id, name);
      const tokens = await login(app, school.nurseEmail, device);
      const store = await openLocalStore({
        file: join(dir, `${name}.db`),
        key: randomBytes(32),
        deviceId: device.deviceId,
        ...(options.now ? { now: options.now } : {}),
      });
      stores.push(store);
      const http = createFetchTransport({
        baseUrl: url,
        schemaVersion: store.schemaVersion,
        getAccessToken: () => tokens.accessToken,
        refreshAccessToken: () => Promise.resolve(),
      });
      const transport = options.wrap ? options.wrap(http) : http;
      const retry = { sleep: () => Promise.resolve() };
      return {
        store,
        sync: () =>
          createSyncClient({
            store,
            transport,
            retry,
            ...(options.pullLimit ? { pullLimit: options.pullLimit } : {}),
          }).syncOnce(),
      };
    },
    serverValue: async (table, id, column) =>
      (
        await sql<{
          v: unknown;
        }>`SELECT ${sql.ref(column)} AS v FROM ${sql.table(table)} WHERE id = ${id}`.execute(h.db)
      ).rows[0]?.v,
    close: async () => {
      for (const s of stores) if (s.sqlite.open) await s.close();
      await app.close();
      await h.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
