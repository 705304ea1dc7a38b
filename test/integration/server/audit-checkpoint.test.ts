import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkCheckpointHead,
  makeCheckpoint,
  readCheckpoint,
  type AuditCheckpoint,
} from '../../../server-sync/audit/checkpoint';
import { resolveCheckpointKey } from '../../../server-sync/audit/checkpoint-key';
import { installAuditCheckpoints, type AuditCheckpointer } from '../../../server-sync/audit/checkpointer';
import { verifyStoredAuditChain } from '../../../server-sync/audit/verify';
import { appendAudit, type AuditEntryInput } from '../../../server-sync/audit/writer';
import type { ServerDb, ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { serverTargets } from '../../support/db';
import { login, makeApp, makeDistrict, TestClock, type TestDistrict } from './support';

/**
 * Security finding 6: deleting the newest audit rows left a valid (shorter) chain, and `audit verify` said intact.
 * A signed checkpoint of the head, kept outside the database, catches it. Also: the broken-row message counts the
 * rows that verified before the broken one (it said 0 when 1,199 had).
 */

const entry = (i: number): AuditEntryInput => ({
  action: 'READ',
  userId: 'u1',
  deviceId: null,
  schoolId: null,
  tableName: 'students',
  recordId: `r${i}`,
  ip: '127.0.0.1',
  userAgent: 'test',
  details: { i },
  at: new Date(Date.UTC(2026, 10, 20, 12, 0, 0, i % 1000)),
});

const append = (db: ServerDb, n: number, from = 0) =>
  db
    .transaction()
    .execute((trx) => appendAudit(trx, ...Array.from({ length: n }, (_, i) => entry(from + i))));

/** As a superuser with the immutability triggers off: what an attacker with database access could do. */
const asAttacker = (db: ServerDb, stmt: ReturnType<typeof sql>) =>
  db.transaction().execute(async (trx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    await stmt.execute(trx);
  });

const head = async (db: ServerDb) =>
  (await sql<{ n: number }>`SELECT max(chain_seq)::int AS n FROM audit_logs`.execute(db)).rows[0]?.n ?? 0;

describe.each(serverTargets())('signed checkpoints of the audit chain on $name', (target) => {
  let h: ServerDbHandle;
  const dir = mkdtempSync(join(tmpdir(), 'wc-checkpoint-'));
  const { key } = resolveCheckpointKey({ dataDir: dir });
  const other = resolveCheckpointKey({ dataDir: join(dir, 'other') }).key;

  beforeAll(async () => {
    h = await target.open();
    await migrateServerToLatest(h.db);
  });
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names the rows that verified before a broken one (1,199 of 1,200, in the first page)', async () => {
    await append(h.db, 1200);
    expect(await verifyStoredAuditChain(h.db)).toMatchObject({ ok: true, rows: 1200, lastSeq: 1200 });
    await asAttacker(h.db, sql`UPDATE audit_logs SET details = '{"i": -1}'::jsonb WHERE chain_seq = 1200`);
    expect(await verifyStoredAuditChain(h.db)).toMatchObject({ ok: false, brokenAt: 1200, rows: 1199 });
    // across pages: 1,199 still, whatever the page size
    expect(await verifyStoredAuditChain(h.db, { pageSize: 500 })).toMatchObject({
      brokenAt: 1200,
      rows: 1199,
    });
    expect(await verifyStoredAuditChain(h.db, { pageSize: 1199 })).toMatchObject({
      brokenAt: 1200,
      rows: 1199,
    });
    await asAttacker(h.db, sql`DELETE FROM audit_logs WHERE chain_seq = 600`);
    expect(await verifyStoredAuditChain(h.db, { pageSize: 250 })).toMatchObject({ brokenAt: 601, rows: 599 });
    await asAttacker(h.db, sql`DELETE FROM audit_logs`);
  });

  it('catches the newest rows deleted after a checkpoint, which the chain alone cannot see', async () => {
    await append(h.db, 20);
    const cp = await makeCheckpoint(h.db, key, new Date('2026-11-20T13:00:00Z'));
    expect(cp).toMatchObject({ chainSeq: 20, rowCount: 20, keyId: key.keyId });
    await append(h.db, 5, 20); // the chain grows after the checkpoint: still fine
    expect(await checkCheckpointHead(h.db, cp)).toEqual({ ok: true });

    await asAttacker(h.db, sql`DELETE FROM audit_logs WHERE chain_seq > 17`);
    expect(await verifyStoredAuditChain(h.db)).toMatchObject({ ok: true, rows: 17 }); // the finding: "intact"
    const cut = await checkCheckpointHead(h.db, cp);
    expect(cut.ok).toBe(false);
    expect(cut.ok ? '' : cut.reason).toMatch(
      /audit rows were removed: the checkpoint of 2026-11-20T13:00:00.000Z names row 20 \(row_hash [0-9a-f]{64}\), but the chain now ends at row 17: rows 18\.\.20 \(3 row\(s\), and any written after the checkpoint\) are missing/,
    );

    // the attacker appends new rows to cover the cut: row 20 is back, with another hash
    await append(h.db, 6, 100);
    expect(await verifyStoredAuditChain(h.db)).toMatchObject({ ok: true });
    const rewritten = await checkCheckpointHead(h.db, cp);
    expect(rewritten.ok ? '' : rewritten.reason).toMatch(
      /audit history was rewritten: the checkpoint of .* names row 20 .*, but that row's row_hash is now [0-9a-f]{64}/,
    );
    await asAttacker(h.db, sql`DELETE FROM audit_logs`);
  });

  it('refuses a checkpoint that was edited, forged with another key, or is not one', async () => {
    await append(h.db, 3);
    const cp = await makeCheckpoint(h.db, key, new Date());
    const text = JSON.stringify(cp);
    expect(readCheckpoint(text, key.publicKey)).toEqual({ ok: true, checkpoint: cp });
    const edits: Partial<AuditCheckpoint>[] = [
      { chainSeq: 2 },
      { rowCount: 2 },
      { rowHash: 'a'.repeat(64) },
      { checkpointAt: '2030-01-01T00:00:00.000Z' },
    ];
    for (const edit of edits) {
      const r = readCheckpoint(JSON.stringify({ ...cp, ...edit }), key.publicKey);
      expect(r).toEqual({
        ok: false,
        reason: 'the signature does not match: the checkpoint was edited or forged',
      });
    }
    // signed by a key of its own (someone who can write the file, but does not hold the server's key)
    const forged = await makeCheckpoint(h.db, other, new Date());
    expect(readCheckpoint(JSON.stringify(forged), key.publicKey)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^signed by another key/) as unknown,
    });
    expect(readCheckpoint(JSON.stringify({ ...forged, keyId: key.keyId }), key.publicKey)).toMatchObject({
      ok: false,
      reason: 'the signature does not match: the checkpoint was edited or forged',
    });
    expect(readCheckpoint('{"chainSeq":', key.publicKey)).toMatchObject({ ok: false });
    expect(readCheckpoint('{"chainSeq": 3}', key.publicKey)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^not an audit checkpoint/) as unknown,
    });
    await asAttacker(h.db, sql`DELETE FROM audit_logs`);
  });

  describe('written by the running server', () => {
    let app: FastifyInstance;
    let d: TestDistrict;
    let checkpoints: AuditCheckpointer;
    const logs: string[] = [];
    const file = join(dir, 'audit-checkpoint.json');
    const onFile = () => readCheckpoint(readFileSync(file, 'utf8'), key.publicKey);

    beforeAll(async () => {
      d = await makeDistrict(h.db);
      app = makeApp(h, new TestClock(), { logLevel: 'info' }, { write: (l) => void logs.push(l) });
      checkpoints = installAuditCheckpoints(app, h.db, new TestClock(), {
        file,
        key,
        intervalMs: 3_600_000,
      });
      await app.ready();
    });
    afterAll(async () => {
      await app?.close();
    });

    it('checkpoints the head when it starts, and again when the chain grew (logged too)', async () => {
      const first = onFile();
      expect(first).toMatchObject({ ok: true, checkpoint: { chainSeq: await head(h.db) } });
      await login(app, d.nurseA.email); // an audited LOGIN
      expect((await checkpoints.run()).kind).toBe('written');
      expect(onFile()).toMatchObject({ ok: true, checkpoint: { chainSeq: await head(h.db) } });
      expect((await checkpoints.run()).kind).toBe('unchanged');
      expect(logs.filter((l) => l.includes('"msg":"audit checkpoint"')).length).toBe(2);
    });

    it('writes no new checkpoint over a chain that was cut since the last one, and says so', async () => {
      const before = readFileSync(file, 'utf8');
      const last = await head(h.db);
      await login(app, d.nurseA.email);
      await asAttacker(h.db, sql`DELETE FROM audit_logs WHERE chain_seq >= ${last}`);
      const outcome = await checkpoints.run();
      expect(outcome).toMatchObject({ kind: 'tampered' });
      expect(outcome.kind === 'tampered' ? outcome.reason : '').toMatch(/audit rows were removed/);
      expect(readFileSync(file, 'utf8')).toBe(before);
      expect(logs.some((l) => l.includes('AUDIT CHAIN TAMPERED'))).toBe(true);
    });

    it('at start, keeps an edited checkpoint file aside (evidence) and says so', async () => {
      const cp = JSON.parse(readFileSync(file, 'utf8')) as AuditCheckpoint;
      const edited = JSON.stringify({ ...cp, chainSeq: cp.chainSeq - 1 });
      writeFileSync(file, edited);
      expect(onFile()).toMatchObject({ ok: false });
      const again = makeApp(h, new TestClock(), { logLevel: 'info' }, { write: (l) => void logs.push(l) });
      installAuditCheckpoints(again, h.db, new TestClock(), { file, key, intervalMs: 3_600_000 });
      await again.ready();
      await again.close();
      const aside = readdirSync(dir).filter((f) => f.startsWith('audit-checkpoint.json.refused-'));
      expect(aside).toHaveLength(1);
      expect(readFileSync(join(dir, aside[0] ?? ''), 'utf8')).toBe(edited);
      expect(logs.some((l) => l.includes('AUDIT CHECKPOINT FILE REFUSED'))).toBe(true);
      expect(onFile()).toMatchObject({ ok: true, checkpoint: { chainSeq: await head(h.db) } });
    });
  });
});
