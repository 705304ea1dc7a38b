import { describe, expect, it } from 'vitest';
import {
  auditRowHash,
  canonicalAuditEntry,
  linkAuditEntries,
  verifyAuditChain,
  type AuditChainEntry,
  type AuditChainRow,
} from '../../server-sync/audit/chain';

const T0 = Date.parse('2026-03-02T13:00:00.000Z');

function entries(n: number): AuditChainEntry[] {
  const actions = ['LOGIN', 'READ', 'UPDATE', 'PRINT', 'EXPORT'];
  return Array.from({ length: n }, (_, i) => ({
    id: `0195f000-0000-7000-8000-${String(i + 1).padStart(12, '0')}`,
    created_at: new Date(T0 + i * 60_000),
    chain_seq: i + 1,
    user_id: 'user-nurse-1',
    device_id: i % 2 === 0 ? 'device-1' : null,
    school_id: 'school-1',
    action: actions[i % actions.length] ?? 'READ',
    table_name: i === 0 ? null : 'clinic_visits',
    record_id: i === 0 ? null : `visit-${i}`,
    ip_address: '10.20.30.40',
    user_agent: 'WhiteCross/0.1.0 (Windows NT 10.0)',
    details: { reason: 'treatment', fields: ['temperature_f', 'nurse_notes'], n: i },
  }));
}

function chain(n = 5): AuditChainRow[] {
  return linkAuditEntries(null, entries(n));
}

describe('audit hash chain', () => {
  it('links 5 entries from chain_seq 1 and verifies', () => {
    const rows = chain();
    expect(rows[0]?.prev_hash).toBeNull();
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prev_hash).toBe(rows[i - 1]?.row_hash);
    for (const r of rows) expect(r.row_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyAuditChain(rows)).toEqual({ ok: true });
  });

  it('hashes the same row the same way however it was read back', () => {
    const [e] = entries(1);
    if (!e) throw new Error('no entry');
    const fromDb: AuditChainEntry = {
      ...e,
      created_at: '2026-03-02 13:00:00+00',
      chain_seq: '1',
      details: { n: 0, fields: ['temperature_f', 'nurse_notes'], reason: 'treatment' },
    };
    expect(canonicalAuditEntry(fromDb)).toBe(canonicalAuditEntry(e));
    expect(auditRowHash(null, fromDb)).toBe(auditRowHash(null, e));
    expect(auditRowHash(null, e)).not.toBe(auditRowHash('0'.repeat(64), e));
  });

  it('detects a changed field', () => {
    const rows = chain();
    const changed = rows.map((r) => (r.chain_seq === 3 ? { ...r, record_id: 'visit-999' } : r));
    expect(verifyAuditChain(changed)).toMatchObject({ ok: false, brokenAt: 3 });
    const changedDetails = rows.map((r) => (r.chain_seq === 2 ? { ...r, details: { reason: 'other' } } : r));
    expect(verifyAuditChain(changedDetails)).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('detects a removed middle row', () => {
    const rows = chain().filter((r) => r.chain_seq !== 3);
    const result = verifyAuditChain(rows);
    expect(result).toMatchObject({ ok: false, brokenAt: 4 });
    if (!result.ok) expect(result.reason).toMatch(/row 3 is missing/);
  });

  it('detects swapped rows', () => {
    const rows = chain();
    const [a, b, c, d, e] = rows;
    if (!a || !b || !c || !d || !e) throw new Error('chain too short');
    const result = verifyAuditChain([a, c, b, d, e]);
    expect(result).toMatchObject({ ok: false, brokenAt: 3 });
    if (!result.ok) expect(result.reason).toMatch(/out of order/);
  });

  it('detects rows whose chain_seq values were swapped to reorder them', () => {
    const rows = chain();
    const [a, b, c, d, e] = rows;
    if (!a || !b || !c || !d || !e) throw new Error('chain too short');
    const reordered = [a, { ...c, chain_seq: 2 }, { ...b, chain_seq: 3 }, d, e];
    expect(verifyAuditChain(reordered)).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('detects a removed first row and a re-chained row', () => {
    const rows = chain();
    expect(
      verifyAuditChain(rows.slice(1).map((r, i) => (i === 0 ? { ...r, prev_hash: null } : r))),
    ).toMatchObject({
      ok: false,
      brokenAt: 2,
    });
    const rechained = rows.map((r) => (r.chain_seq === 4 ? { ...r, prev_hash: 'f'.repeat(64) } : r));
    expect(verifyAuditChain(rechained)).toMatchObject({ ok: false, brokenAt: 4 });
  });

  it('verifies a segment that starts mid-chain and continues a stored chain', () => {
    const rows = chain();
    expect(verifyAuditChain(rows.slice(2))).toEqual({ ok: true });
    const last = rows[rows.length - 1];
    if (!last) throw new Error('empty chain');
    const more = linkAuditEntries(
      last,
      entries(7)
        .slice(5)
        .map((e) => ({ ...e })),
    );
    expect(verifyAuditChain([...rows, ...more])).toEqual({ ok: true });
    expect(() => linkAuditEntries(last, entries(5))).toThrow(/does not follow/);
  });
});
