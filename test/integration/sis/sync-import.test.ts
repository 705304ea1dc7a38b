import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceConfigCreate } from '../../../src-shared/api/sis-sources';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { applyFetchedRoster, readRosterBundle, runSync } from '../../../server-sync/sis';
import { insertSourceConfig, updateSourceConfig } from '../../../server-sync/sis/sources/store-write';
import { serverTargets } from '../../support/db';
import { OneRosterServer, sampleDistrict } from '../../support/oneroster-rest-server';
import { makeDistrict, type TestDistrict } from '../server/support';

/**
 * The two halves of issue 13 wired as the server wires them (server-sync/jobs-catalog.ts): a sync of a OneRoster
 * REST source hands its roster to the real import. A dry run (test mode) writes no student; then the roster's
 * students are in the district, counted on the sync's one sis_sync_jobs row; the same roster again changes nothing.
 */
describe.each(serverTargets())('a SIS sync imports what it fetched ($name)', (target) => {
  let h: ServerDbHandle;
  let d: TestDistrict;
  let rest: OneRosterServer;
  let work: string;
  const kek = randomBytes(32);
  const now = new Date('2026-11-20T12:00:00.000Z');
  const deps = () => ({
    db: h.db,
    kek: () => kek,
    workDir: () => work,
    retry: { backoffMs: 1, sleep: () => Promise.resolve() },
    readRosterFile: readRosterBundle,
    applyRoster: applyFetchedRoster,
  });
  const students = () =>
    sql<{ n: number }>`SELECT count(*)::int AS n FROM students s JOIN schools c ON c.id = s.school_id
      WHERE c.district_id = ${d.districtId} AND s.sis_id IS NOT NULL`
      .execute(h.db)
      .then((r) => r.rows[0]!.n);

  beforeAll(async () => {
    h = await target.open();
    await migrateServerToLatest(h.db);
    d = await makeDistrict(h.db);
    rest = new OneRosterServer();
    sampleDistrict(rest, { schools: 2, students: 6 }, '2026-09-01T10:00:00.000Z');
    await rest.start();
    work = mkdtempSync(join(tmpdir(), 'wc-sis-import-'));
  }, 60_000);
  afterAll(async () => {
    await rest?.stop();
    await h?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('dry run first, then the students, on the sync own job row; a second sync changes nothing', async () => {
    const id = uuidv7();
    await h.db.transaction().execute((trx) =>
      insertSourceConfig(
        trx,
        d.districtId,
        id,
        sourceConfigCreate.parse({
          source: { kind: 'ONEROSTER_REST', baseUrl: rest.baseUrl, tokenUrl: rest.tokenUrl, pageSize: 4 },
          credentials: { clientId: rest.clientId, clientSecret: rest.clientSecret },
        }),
        { kek: () => kek, now },
      ),
    );
    const before = await students();
    const dry = await runSync(deps(), { configId: id, trigger: 'MANUAL', now: () => now });
    expect(dry.status).not.toBe('FAILED');
    expect(await students()).toBe(before);

    await h.db
      .transaction()
      .execute((trx) => updateSourceConfig(trx, id, { testMode: false }, { kek: () => kek, now }));
    const real = await runSync(deps(), { configId: id, trigger: 'SCHEDULED', now: () => now });
    if (real.status === 'FAILED' || real.status === 'skipped') throw new Error(JSON.stringify(real));
    expect(real.counts.created).toBeGreaterThanOrEqual(6);
    expect(await students()).toBe(before + 6);
    const rows = await sql<{
      id: string;
      records_created: number;
    }>`SELECT id, records_created FROM sis_sync_jobs
      WHERE config_id = ${id} ORDER BY job_start_time, id`.execute(h.db);
    // one row per sync (the dry run's and the real one's), the import's counts on the sync's own row
    expect(rows.rows.map((r) => r.id)).toContain(real.runId);
    expect(rows.rows).toHaveLength(2);
    expect(rows.rows.find((r) => r.id === real.runId)!.records_created).toBeGreaterThanOrEqual(6);

    const again = await runSync(deps(), { configId: id, trigger: 'SCHEDULED', now: () => now });
    if (again.status === 'FAILED' || again.status === 'skipped') throw new Error(JSON.stringify(again));
    expect(again.counts.created).toBe(0);
    expect(await students()).toBe(before + 6);
  });
});
