import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerTo, rollbackServer } from '../../../server-sync/db/migrate';
import { serverTargets } from '../../support/db';
import { introspectPostgres } from '../../support/introspect-pg';
import { diffSchemas } from '../../support/schema-shape';
import { serverMigrations } from '../../../migrations/server/index';

/**
 * Migration 0036_registry-submission: the connection's receiving application/facility, client certificate and
 * timeout; registry_credentials; a submission's action, hold reasons and next attempt. An existing connection and
 * submission keep their rows (timeout 60 s, no action); the checks refuse what does not fit; down leaves exactly
 * the schema before it and up works again. The migration before it is read from the index (0033-0035 belong to
 * changes written at the same time).
 */
const THIS = '0036_registry-submission';
const names = Object.keys(serverMigrations);
const PREVIOUS = names[names.indexOf(THIS) - 1]!;

describe.each(serverTargets())('migration 0036_registry-submission on $name', (target) => {
  let h: ServerDbHandle;
  let before: Awaited<ReturnType<typeof introspectPostgres>>;
  const failure = (q: ReturnType<typeof sql>) =>
    h.db
      .transaction()
      .execute((trx) => q.execute(trx))
      .then(
        () => 'no error',
        (x: unknown) => (x as Error).message,
      );

  beforeAll(async () => {
    h = await target.open();
    await migrateServerTo(h.db, PREVIOUS);
    await sql`INSERT INTO districts (id, name, state_code) VALUES ('d1', 'D', 'OH')`.execute(h.db);
    await sql`INSERT INTO registry_connections (id, registry_name, state_code, district_id)
      VALUES ('c1', 'Ohio IIS', 'OH', 'd1')`.execute(h.db);
    before = await introspectPostgres(h.db);
    await migrateServerTo(h.db, THIS);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('keeps an existing connection (60 s timeout), and refuses a bad timeout, certificate or sealed secret', async () => {
    const r = await sql<Record<string, unknown>>`
      SELECT request_timeout_seconds, receiving_facility, client_certificate_pem FROM registry_connections`.execute(
      h.db,
    );
    expect(r.rows).toEqual([
      { request_timeout_seconds: 60, receiving_facility: null, client_certificate_pem: null },
    ]);
    expect(await failure(sql`UPDATE registry_connections SET request_timeout_seconds = 0`)).toMatch(
      /registry_connections_request_timeout_seconds_check/,
    );
    expect(await failure(sql`UPDATE registry_connections SET client_certificate_pem = 'hello'`)).toMatch(
      /registry_connections_client_certificate_pem_check/,
    );
    expect(
      await failure(
        sql`INSERT INTO registry_credentials (vault_key, district_id, secret) VALUES ('k', 'd1', '[]'::jsonb)`,
      ),
    ).toMatch(/registry_credentials_secret_check/);
    expect(
      await failure(
        sql`INSERT INTO registry_credentials (vault_key, district_id, secret) VALUES ('k', 'nope', '{}'::jsonb)`,
      ),
    ).toMatch(/foreign key/);
    const cols = await sql<{ column_name: string }>`
      SELECT column_name FROM information_schema.columns WHERE table_name = 'registry_submissions'
        AND column_name IN ('action_code', 'hold_reasons', 'next_attempt_at') ORDER BY column_name`.execute(
      h.db,
    );
    expect(cols.rows.map((c) => c.column_name)).toEqual(['action_code', 'hold_reasons', 'next_attempt_at']);
  });

  it('rolls back to exactly the schema before it and migrates up again', async () => {
    await rollbackServer(h.db, { all: false });
    expect(diffSchemas(before, await introspectPostgres(h.db), 'after rolling back 0036')).toEqual([]);
    const r = await sql<Record<string, unknown>>`SELECT id FROM registry_connections`.execute(h.db);
    expect(r.rows).toEqual([{ id: 'c1' }]);
    await migrateServerTo(h.db, THIS);
    const again = await sql<
      Record<string, unknown>
    >`SELECT request_timeout_seconds FROM registry_connections`.execute(h.db);
    expect(again.rows).toEqual([{ request_timeout_seconds: 60 }]);
  });
});
