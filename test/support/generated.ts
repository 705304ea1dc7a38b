import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openServerDb } from '../../server-sync/db/connect';
import { migrateServerToLatest } from '../../server-sync/db/migrate';
import { openWorkstationDb } from '../../src-main/db/open';
import { migrateWorkstationToLatest } from '../../src-main/db/migrate';
import { generateSchemaModule } from './codegen';
import { introspectPostgres } from './introspect-pg';
import { introspectSqlite } from './introspect-sqlite';

export const GENERATED_FILES = Object.freeze({
  server: 'src-shared/db/server-schema.generated.ts',
  workstation: 'src-shared/db/workstation-schema.generated.ts',
});

export async function generateServerSchemaModule(): Promise<string> {
  const h = await openServerDb({ pgliteDir: ':memory:' });
  try {
    await migrateServerToLatest(h.db);
    return generateSchemaModule(
      await introspectPostgres(h.db),
      'postgres',
      'ServerDatabase',
      'PostgreSQL migrations (migrations/server)',
    );
  } finally {
    await h.close();
  }
}

export async function generateWorkstationSchemaModule(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'wc-codegen-'));
  const h = openWorkstationDb(join(dir, 'ws.db'), randomBytes(32));
  try {
    await migrateWorkstationToLatest(h.db);
    return generateSchemaModule(
      introspectSqlite(h.sqlite),
      'sqlite',
      'WorkstationDatabase',
      'SQLite migrations (migrations/workstation)',
    );
  } finally {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
