import { sign, verify, type KeyObject } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { ServerDatabase } from '../../src-shared/db/server-schema.generated';
import { canonicalJson } from './chain';
import { checkpointKeyId, type CheckpointSigningKey } from './checkpoint-key';
import { verifyStoredAuditChain } from './verify';

/**
 * A signed checkpoint of the audit chain's head. The hash chain shows a row changed, removed or inserted in the
 * middle, but not the newest rows removed: the chain that is left is a valid chain. A checkpoint, kept outside the
 * database and signed with a key the database cannot reach (checkpoint-key.ts), remembers the head: if the row it
 * names is later missing, or its hash differs, history was cut or rewritten after the checkpoint.
 *
 * The file is JSON: the fields below and `signature` (Ed25519, base64url) over CHECKPOINT_FORMAT, a newline and the
 * canonical JSON (keys sorted) of every other field.
 */

export const CHECKPOINT_FORMAT = 'white-cross-audit-checkpoint/1';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 hash (64 lowercase hex digits)');

export const auditCheckpointBody = z.strictObject({
  format: z.literal(CHECKPOINT_FORMAT),
  /** The head: the newest row's chain_seq (0: an empty chain) and row_hash (null: an empty chain). */
  chainSeq: z.number().int().nonnegative(),
  rowHash: sha256Hex.nullable(),
  /** The head row's created_at. */
  headAt: z.iso.datetime().nullable(),
  /** Rows in audit_logs when the checkpoint was made. */
  rowCount: z.number().int().nonnegative(),
  /** When the checkpoint was made. */
  checkpointAt: z.iso.datetime(),
  /** Which key signed it (checkpointKeyId). */
  keyId: z.string().min(1).max(100),
});
export type AuditCheckpointBody = z.infer<typeof auditCheckpointBody>;

export const auditCheckpoint = auditCheckpointBody.extend({ signature: z.string().min(1).max(200) });
export type AuditCheckpoint = z.infer<typeof auditCheckpoint>;

const signedBytes = (body: AuditCheckpointBody): Buffer =>
  Buffer.from(`${CHECKPOINT_FORMAT}\n${canonicalJson(auditCheckpointBody.parse(body))}`, 'utf8');

export function signCheckpoint(
  body: Omit<AuditCheckpointBody, 'format' | 'keyId'>,
  key: CheckpointSigningKey,
): AuditCheckpoint {
  const full: AuditCheckpointBody = { format: CHECKPOINT_FORMAT, ...body, keyId: key.keyId };
  return { ...full, signature: sign(null, signedBytes(full), key.privateKey).toString('base64url') };
}

export type CheckpointReading = { ok: true; checkpoint: AuditCheckpoint } | { ok: false; reason: string };

/**
 * Reads a checkpoint (the file's text) and checks its signature with the public key: anything edited, forged, or
 * signed by another key is refused, with the reason.
 */
export function readCheckpoint(text: string, publicKey: KeyObject): CheckpointReading {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  const parsed = auditCheckpoint.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: `not an audit checkpoint (${issue ? `${issue.path.join('.') || 'the file'}: ${issue.message}` : 'invalid'})`,
    };
  }
  const cp = parsed.data;
  const expectedKey = checkpointKeyId(publicKey);
  if (cp.keyId !== expectedKey)
    return { ok: false, reason: `signed by another key (${cp.keyId}; the key given is ${expectedKey})` };
  const { signature, ...body } = cp;
  const good = verify(null, signedBytes(body), publicKey, Buffer.from(signature, 'base64url'));
  if (!good)
    return { ok: false, reason: 'the signature does not match: the checkpoint was edited or forged' };
  return { ok: true, checkpoint: cp };
}

export interface AuditHead {
  readonly chainSeq: number;
  readonly rowHash: string | null;
  readonly headAt: string | null;
  readonly rowCount: number;
}

/** The chain's head and row count, as the owner (every school's rows). */
export async function readAuditHead(db: Kysely<ServerDatabase>): Promise<AuditHead> {
  const r = await sql<{
    chain_seq: number | null;
    row_hash: string | null;
    created_at: Date | null;
    n: number;
  }>`
    SELECT h.chain_seq, h.row_hash, h.created_at, (SELECT count(*)::int FROM audit_logs) AS n
    FROM (SELECT 1) AS one
    LEFT JOIN LATERAL (SELECT chain_seq, row_hash, created_at FROM audit_logs ORDER BY chain_seq DESC LIMIT 1) AS h ON true`.execute(
    db,
  );
  const row = r.rows[0];
  return {
    chainSeq: row?.chain_seq ?? 0,
    rowHash: row?.row_hash ?? null,
    headAt: row?.created_at ? new Date(row.created_at).toISOString() : null,
    rowCount: row?.n ?? 0,
  };
}

/** A checkpoint of the head as it is now. */
export async function makeCheckpoint(
  db: Kysely<ServerDatabase>,
  key: CheckpointSigningKey,
  now: Date,
): Promise<AuditCheckpoint> {
  const head = await readAuditHead(db);
  return signCheckpoint({ ...head, checkpointAt: now.toISOString() }, key);
}

export type CheckpointCheck = { ok: true } | { ok: false; reason: string };

/**
 * Is the checkpointed head still in the database? The row at its chain_seq must exist with its row_hash, and the
 * table must hold at least its row count. (The rows up to it are checked by the chain itself: verify the chain too.)
 */
export async function checkCheckpointHead(
  db: Kysely<ServerDatabase>,
  cp: AuditCheckpoint,
): Promise<CheckpointCheck> {
  if (cp.chainSeq === 0) return { ok: true };
  const head = await readAuditHead(db);
  const r = await sql<{ row_hash: string }>`
    SELECT row_hash FROM audit_logs WHERE chain_seq = ${cp.chainSeq} ORDER BY created_at, id`.execute(db);
  const at = `the checkpoint of ${cp.checkpointAt} names row ${cp.chainSeq} (row_hash ${cp.rowHash ?? 'none'})`;
  if (r.rows.length === 0) {
    const missing = cp.chainSeq - head.chainSeq;
    return {
      ok: false,
      reason:
        head.chainSeq < cp.chainSeq
          ? `audit rows were removed: ${at}, but the chain now ends at row ${head.chainSeq}: rows ${head.chainSeq + 1}..${cp.chainSeq} (${missing} row(s), and any written after the checkpoint) are missing`
          : `audit row ${cp.chainSeq} was removed: ${at}, which is missing`,
    };
  }
  if (!r.rows.some((x) => x.row_hash === cp.rowHash))
    return {
      ok: false,
      reason: `audit history was rewritten: ${at}, but that row's row_hash is now ${r.rows[0]?.row_hash ?? '?'}`,
    };
  if (head.rowCount < cp.rowCount)
    return {
      ok: false,
      reason: `audit rows were removed: the checkpoint of ${cp.checkpointAt} counted ${cp.rowCount} row(s), the table now holds ${head.rowCount}`,
    };
  return { ok: true };
}

/**
 * Has the chain only grown since the checkpoint? Its head row is there unchanged and every row after it links on
 * (checked from the checkpointed row, not from row 1: cheap enough to run every few minutes).
 */
export async function checkGrownSince(
  db: Kysely<ServerDatabase>,
  cp: AuditCheckpoint,
): Promise<CheckpointCheck> {
  const head = await checkCheckpointHead(db, cp);
  if (!head.ok) return head;
  if (cp.chainSeq === 0) {
    const all = await verifyStoredAuditChain(db);
    return all.ok ? { ok: true } : { ok: false, reason: `chain_seq ${all.brokenAt}: ${all.reason}` };
  }
  const since = await verifyStoredAuditChain(db, { fromSeq: cp.chainSeq });
  return since.ok ? { ok: true } : { ok: false, reason: `chain_seq ${since.brokenAt}: ${since.reason}` };
}
