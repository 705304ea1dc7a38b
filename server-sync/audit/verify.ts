import { sql, type Kysely } from 'kysely';
import type { ServerDatabase } from '../../src-shared/db/server-schema.generated';
import { verifyAuditChain, type AuditChainRow, type AuditJson } from './chain';

export type AuditVerifyResult =
  | { ok: true; rows: number; lastSeq: number | null; lastHash: string | null }
  | {
      ok: false;
      rows: number;
      brokenAt: number;
      id: string | null;
      createdAt: string | null;
      reason: string;
    };

interface StoredRow {
  id: string;
  created_at: Date;
  chain_seq: number;
  user_id: string | null;
  device_id: string | null;
  school_id: string | null;
  action: string;
  table_name: string | null;
  record_id: string | null;
  ip_address: string | null;
  user_agent: string | null;
  details: unknown;
  prev_hash: string | null;
  row_hash: string;
}

/**
 * Verifies the whole audit_logs chain from chain_seq 1, page by page (constant memory). Runs as the
 * owner (row-level security would hide other schools' rows). The first row must be chain_seq 1; each
 * page is checked together with the last row of the page before it, so links across pages are checked too.
 */
export async function verifyStoredAuditChain(
  db: Kysely<ServerDatabase>,
  options: { pageSize?: number; onProgress?: (rows: number) => void } = {},
): Promise<AuditVerifyResult> {
  const pageSize = options.pageSize ?? 5000;
  let previous: AuditChainRow | null = null;
  let rows = 0;
  for (;;) {
    // >= so that a second row claiming the previous row's chain_seq is seen (and reported)
    const from = previous ? Number(previous.chain_seq) : 0;
    const page = await sql<StoredRow>`
      SELECT id, created_at, chain_seq, user_id, device_id, school_id, action, table_name, record_id,
             ip_address, user_agent, details, prev_hash, row_hash
      FROM audit_logs WHERE chain_seq >= ${from}
      ORDER BY chain_seq, created_at, id LIMIT ${pageSize + 1}`.execute(db);
    const prevId = previous?.id;
    const fresh = page.rows.filter((r) => r.id !== prevId);
    if (fresh.length === 0) break;
    const chain: AuditChainRow[] = fresh.map((r) => ({ ...r, details: r.details as AuditJson | null }));
    const first = chain[0];
    if (!previous && first && Number(first.chain_seq) !== 1) {
      const missing =
        Number(first.chain_seq) === 2
          ? 'row 1 is missing'
          : `rows 1..${Number(first.chain_seq) - 1} are missing`;
      return {
        ok: false,
        rows,
        brokenAt: Number(first.chain_seq),
        id: first.id,
        createdAt: new Date(first.created_at).toISOString(),
        reason: `the chain does not start at chain_seq 1: ${missing}`,
      };
    }
    const segment = previous ? [previous, ...chain] : chain;
    const v = verifyAuditChain(segment);
    if (!v.ok) {
      const bad = segment.find((r) => Number(r.chain_seq) === v.brokenAt) ?? null;
      return {
        ok: false,
        rows,
        brokenAt: v.brokenAt,
        id: bad?.id ?? null,
        createdAt: bad ? new Date(bad.created_at).toISOString() : null,
        reason: v.reason,
      };
    }
    rows += chain.length;
    options.onProgress?.(rows);
    previous = chain[chain.length - 1] ?? previous;
    if (page.rows.length <= pageSize) break;
  }
  return {
    ok: true,
    rows,
    lastSeq: previous ? Number(previous.chain_seq) : null,
    lastHash: previous?.row_hash ?? null,
  };
}
