import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openServerDb, type ServerDbHandle } from '../../server-sync/db/connect';
import { openWorkstationDb, type WorkstationDbHandle } from '../../src-main/db/open';

export interface ServerTarget {
  readonly name: 'pglite' | 'postgres';
  open(): Promise<ServerDbHandle>;
}

/** PGlite always; real PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export function serverTargets(): ServerTarget[] {
  const targets: ServerTarget[] = [{ name: 'pglite', open: () => openServerDb({ pgliteDir: ':memory:' }) }];
  const url = process.env.TEST_DATABASE_URL;
  if (url) targets.push({ name: 'postgres', open: () => openFreshPostgres(url) });
  return targets;
}

/** A new, empty database on the TEST_DATABASE_URL server, dropped on close. */
export async function openFreshPostgres(
  adminUrl: string,
): Promise<ServerDbHandle & { readonly url: string }> {
  const name = `wc_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const handle = await openServerDb({ databaseUrl: u.toString() });
  return {
    ...handle,
    url: u.toString(),
    close: async () => {
      await handle.close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      try {
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await a.end();
      }
    },
  };
}

export interface WorkstationTestDb extends WorkstationDbHandle {
  readonly file: string;
  readonly key: Buffer;
  /** Closes and deletes the directory. */
  dispose(): Promise<void>;
}

export function openTempWorkstationDb(): WorkstationTestDb {
  const dir = mkdtempSync(join(tmpdir(), 'wc-ws-'));
  const file = join(dir, 'workstation.db');
  const key = randomBytes(32);
  const h = openWorkstationDb(file, key);
  return {
    ...h,
    file,
    key,
    dispose: async () => {
      await h.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
