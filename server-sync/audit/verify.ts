import { sql, type Kysely } from 'kysely';
import type { ServerDatabase } from '../../src-shared/db/server-schema.generated';
import { verifyAuditChain, type AuditChainRow, type AuditJson } from './chain';

export type AuditVerifyResult =
  | { ok: true; rows: number; lastSeq: number | null; lastHash: string | null }
  | {
      ok: false;
      /** Rows that verified before the broken one. */
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

export interface AuditVerifyOptions {
  readonly pageSize?: number;
  readonly onProgress?: (rows: number) => void;
  /**
   * Verify from this chain_seq on (its row trusted as the anchor of the links that follow; the caller checks it
   * against a checkpoint), instead of from chain_seq 1. Rows counts the rows from there.
   */
  readonly fromSeq?: number;
}

/**
 * Verifies the audit_logs chain, page by page (constant memory): from chain_seq 1 (the first row must be chain_seq
 * 1), or from options.fromSeq. Runs as the owner (row-level security would hide other schools' rows). Each page is
 * checked together with the last row of the page before it, so links across pages are checked too.
 */
export async function verifyStoredAuditChain(
  db: Kysely<ServerDatabase>,
  options: AuditVerifyOptions = {},
): Promise<AuditVerifyResult> {
  const pageSize = options.pageSize ?? 5000;
  const start = options.fromSeq ?? 1;
  let previous: AuditChainRow | null = null;
  let rows = 0;
  for (;;) {
    // >= so that a second row claiming the previous row's chain_seq is seen (and reported)
    const from = previous ? Number(previous.chain_seq) : options.fromSeq !== undefined ? start : 0;
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
    if (!previous && first && Number(first.chain_seq) !== start) {
      const missing =
        Number(first.chain_seq) === start + 1
          ? `row ${start} is missing`
          : `rows ${start}..${Number(first.chain_seq) - 1} are missing`;
      return {
        ok: false,
        rows,
        brokenAt: Number(first.chain_seq),
        id: first.id,
        createdAt: new Date(first.created_at).toISOString(),
        reason:
          start === 1
            ? `the chain does not start at chain_seq 1: ${missing}`
            : `the chain has no row ${start}: ${missing}`,
      };
    }
    const segment = previous ? [previous, ...chain] : chain;
    const v = verifyAuditChain(segment);
    if (!v.ok) {
      const bad = segment[v.index] ?? null;
      return {
        ok: false,
        // the rows of this page before the broken one verified too (the page's first row, if any, is `previous`)
        rows: rows + v.index - (previous ? 1 : 0),
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
