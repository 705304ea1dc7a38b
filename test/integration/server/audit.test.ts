import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRowHash } from '../../../server-sync/audit/chain';
import { verifyStoredAuditChain } from '../../../server-sync/audit/verify';
import { appendAudit, type AuditEntryInput } from '../../../server-sync/audit/writer';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { withTenant } from '../../../server-sync/db/tenant';
import { serverTargets } from '../../support/db';
import { bearer, login, makeApp, makeDistrict, TestClock, type TestDistrict } from './support';

const entry = (i: number, schoolId: string | null = null): AuditEntryInput => ({
  action: 'READ',
  userId: 'u1',
  deviceId: null,
  schoolId,
  tableName: 'students',
  recordId: `r${i}`,
  ip: '127.0.0.1',
  userAgent: 'test',
  details: { i, nested: { b: 1, a: [true, null, 'x'] } },
  at: new Date(Date.UTC(2026, 10, 20, 12, 0, 0, i)),
});

describe.each(serverTargets())('audit trail on $name', (target) => {
  let h: ServerDbHandle;
  let app: FastifyInstance;
  let d: TestDistrict;

  beforeAll(async () => {
    h = await target.open();
    await migrateServerToLatest(h.db);
    d = await makeDistrict(h.db);
    app = makeApp(h, new TestClock());
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  it('audits every PHI read through the routes (user, device, action, table, record, school, address, agent) in the chain', async () => {
    const t = await login(app, d.nurseA.email);
    const detail = await app.inject({
      method: 'GET',
      url: `/students/${d.studentA}`,
      headers: { ...bearer(t), 'user-agent': 'WhiteCross/1.0' },
    });
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({
      id: d.studentA,
      allergies: [{ allergen: 'Peanut' }],
      healthConditions: [{ conditionName: 'Asthma' }],
      vaccinations: [{ cvxCode: '03' }],
    });
    const list = await app.inject({ method: 'GET', url: '/students?query=alv', headers: bearer(t) });
    expect(list.json<{ students: { id: string }[] }>().students.map((s) => s.id)).toEqual([d.studentA]);
    const reads = await sql<{
      user_id: string;
      device_id: string | null;
      school_id: string;
      table_name: string;
      record_id: string | null;
      ip_address: string;
      user_agent: string;
      details: Record<string, unknown>;
    }>`
      SELECT user_id, device_id, school_id, table_name, record_id, ip_address, user_agent, details FROM audit_logs WHERE action = 'READ' ORDER BY chain_seq`.execute(
      h.db,
    );
    expect(reads.rows.at(-2)).toMatchObject({
      user_id: d.nurseA.id,
      device_id: null,
      school_id: d.schoolA,
      table_name: 'students',
      record_id: d.studentA,
      user_agent: 'WhiteCross/1.0',
      details: { event: 'student_record', allergies: 1 },
    });
    expect(reads.rows.at(-2)?.ip_address).toBeTruthy();
    expect(reads.rows.at(-1)).toMatchObject({
      school_id: d.schoolA,
      record_id: null,
      details: { event: 'student_search', resultCount: 1, recordIds: [d.studentA] },
    });
    expect(JSON.stringify(reads.rows)).not.toContain('alv'); // the search text is not kept
    expect(await verifyStoredAuditChain(h.db)).toMatchObject({ ok: true });
  });

  it('the application role can append and read its schools, but never UPDATE or DELETE audit rows', async () => {
    const scope = { schoolIds: [d.schoolA], userId: d.nurseA.id, deviceId: null };
    const [row] = await withTenant(h.db, scope, (trx) => appendAudit(trx, entry(1, d.schoolA)));
    expect(row?.chain_seq).toBeGreaterThan(1);
    for (const stmt of [
      sql`UPDATE audit_logs SET action = 'LOGIN'`,
      sql`DELETE FROM audit_logs`,
      sql`TRUNCATE audit_logs`,
    ]) {
      await expect(withTenant(h.db, scope, (trx) => stmt.execute(trx))).rejects.toThrow(/permission denied/);
    }
    // the owner is stopped by the trigger
    await expect(
      sql`UPDATE audit_logs SET action = 'LOGIN' WHERE chain_seq = 1`.execute(h.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_logs WHERE chain_seq = 1`.execute(h.db)).rejects.toThrow(
      /append-only/,
    );
    const visible = await withTenant(
      h.db,
      { schoolIds: [d.schoolB], userId: null, deviceId: null },
      async (trx) =>
        (
          await sql<{
            n: number;
          }>`SELECT count(*)::int AS n FROM audit_logs WHERE school_id = ${d.schoolA}`.execute(trx)
        ).rows[0]?.n,
    );
    expect(visible).toBe(0);
    // a school B transaction still links to the newest row, which it cannot see
    const [b] = await withTenant(h.db, { schoolIds: [d.schoolB], userId: null, deviceId: null }, (trx) =>
      appendAudit(trx, entry(2, d.schoolB)),
    );
    expect(b?.prev_hash).toBe(row?.row_hash);
    await expect(h.db.transaction().execute(() => appendAudit(h.db as never, entry(3)))).rejects.toThrow(
      /inside the transaction/,
    );
    expect(await verifyStoredAuditChain(h.db)).toMatchObject({ ok: true });
  });

  it('detects a forged, a changed and a removed row, across pages, naming the first broken row', async () => {
    await h.db
      .transaction()
      .execute((trx) => appendAudit(trx, ...Array.from({ length: 12 }, (_, i) => entry(100 + i))));
    const ok = await verifyStoredAuditChain(h.db, { pageSize: 5 });
    expect(ok.ok).toBe(true);
    const total = ok.ok ? (ok.lastSeq ?? 0) : 0;
    const tamper = (stmt: ReturnType<typeof sql>) =>
      h.db.transaction().execute(async (trx) => {
        // as a superuser with triggers off: what an attacker with database access could do
        await sql`SET LOCAL session_replication_role = replica`.execute(trx);
        await stmt.execute(trx);
      });

    // a row appended without the chain: its own hash is right, its link is not
    const forged = {
      ...entry(500),
      id: 'forged',
      created_at: new Date(Date.UTC(2026, 10, 21)),
      chain_seq: total + 1,
    };
    const prev = 'f'.repeat(64);
    await sql`INSERT INTO audit_logs (id, created_at, chain_seq, user_id, action, table_name, record_id, ip_address, user_agent, details, prev_hash, row_hash)
      VALUES (${forged.id}, ${forged.created_at}, ${forged.chain_seq}, ${forged.userId}, 'READ', 'students', ${forged.recordId}, ${forged.ip}, ${forged.userAgent},
              ${JSON.stringify(forged.details)}::jsonb, ${prev},
              ${auditRowHash(prev, { id: forged.id, created_at: forged.created_at, chain_seq: forged.chain_seq, user_id: forged.userId, device_id: null, school_id: null, action: 'READ', table_name: 'students', record_id: forged.recordId, ip_address: forged.ip, user_agent: forged.userAgent, details: forged.details })})`.execute(
      h.db,
    );
    const link = await verifyStoredAuditChain(h.db, { pageSize: 5 });
    expect(link).toMatchObject({ ok: false, brokenAt: total + 1, id: 'forged' });
    expect(link.ok ? '' : link.reason).toMatch(/prev_hash of row \d+ is not the row_hash of row/);
    await tamper(sql`DELETE FROM audit_logs WHERE id = 'forged'`);
    expect((await verifyStoredAuditChain(h.db, { pageSize: 5 })).ok).toBe(true);

    const target = total - 4;
    await tamper(sql`UPDATE audit_logs SET details = '{"i": 999}'::jsonb WHERE chain_seq = ${target}`);
    const changed = await verifyStoredAuditChain(h.db, { pageSize: 5 });
    expect(changed).toMatchObject({ ok: false, brokenAt: target });
    expect(changed.ok ? '' : changed.reason).toMatch(/does not match its contents/);
    expect(changed.ok ? null : changed.id).toBeTruthy();

    await tamper(sql`DELETE FROM audit_logs WHERE chain_seq = ${target}`);
    const removed = await verifyStoredAuditChain(h.db, { pageSize: 5 });
    expect(removed).toMatchObject({ ok: false, brokenAt: target + 1 });
    expect(removed.ok ? '' : removed.reason).toMatch(new RegExp(`row ${target} is missing`));

    await tamper(sql`DELETE FROM audit_logs WHERE chain_seq = 1`);
    const head = await verifyStoredAuditChain(h.db);
    expect(head).toMatchObject({ ok: false, brokenAt: 2 });
    expect(head.ok ? '' : head.reason).toMatch(/does not start at chain_seq 1/);
  });

  it.runIf(target.name === 'postgres')('20 concurrent appenders keep one unbroken chain', async () => {
    const fresh = await target.open();
    try {
      await migrateServerToLatest(fresh.db);
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          fresh.db.transaction().execute((trx) => appendAudit(trx, entry(i), entry(i + 100))),
        ),
      );
      expect(await verifyStoredAuditChain(fresh.db, { pageSize: 7 })).toMatchObject({
        ok: true,
        rows: 40,
        lastSeq: 40,
      });
    } finally {
      await fresh.close();
    }
  });
});
