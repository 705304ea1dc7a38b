import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config';
import type { ServerDbHandle } from '../db/connect';
import { checkCheckpointHead, makeCheckpoint, readCheckpoint } from './checkpoint';
import {
  findCheckpointKey,
  loadPublicKey,
  publicKeyPem,
  resolveCheckpointKey,
  checkpointKeyId,
} from './checkpoint-key';
import { CHECKPOINT_FILE, readCheckpointFile, writeCheckpointFile } from './checkpointer';
import { verifyStoredAuditChain, type AuditVerifyResult } from './verify';

export type WithDb = <T>(fn: (h: ServerDbHandle) => Promise<T>) => Promise<T>;

function fail(message: string): void {
  console.error(message);
  process.exitCode = 1;
}

const brokenMessage = (r: Extract<AuditVerifyResult, { ok: false }>): string =>
  `audit chain BROKEN at chain_seq ${r.brokenAt}${r.id ? ` (id ${r.id}, created_at ${r.createdAt})` : ''}: ${r.reason} (${r.rows} row(s) before it verified)`;

const intactMessage = (r: Extract<AuditVerifyResult, { ok: true }>): string =>
  r.rows === 0
    ? 'audit chain: empty'
    : `audit chain intact: ${r.rows} row(s), last chain_seq ${r.lastSeq}, last row_hash ${r.lastHash}`;

/**
 * `white-cross audit ...`: verify the audit_logs hash chain (against a signed checkpoint of its head, which catches
 * the newest rows removed), write a checkpoint, print the checkpoint key's public half for auditors.
 */
export function registerAuditCommands(program: Command, withDb: WithDb, dataDir: () => string): void {
  /** The configuration, with the data folder of the database the command works on (--data-dir, the demo district). */
  const config = () => ({ ...loadConfig(), dataDir: dataDir() });
  const audit = program.command('audit').description('the hash-chained audit trail (audit_logs)');
  audit
    .command('verify')
    .description(
      'verify the whole audit chain; exits non-zero and names the first changed, removed or reordered row. With --checkpoint, also that the checkpointed head is still there (the newest rows were not removed)',
    )
    .option(
      '--checkpoint <file>',
      'a signed checkpoint of the head (white-cross audit checkpoint; the server writes one to its data folder)',
    )
    .option(
      '--public-key <file>',
      "the checkpoint key's public key (PEM, from white-cross audit checkpoint-key); default: this server's checkpoint key",
    )
    .action((opts: { checkpoint?: string; publicKey?: string }) => {
      let checkpoint: ReturnType<typeof readCheckpoint> | null = null;
      if (opts.checkpoint !== undefined) {
        const publicKey = opts.publicKey
          ? loadPublicKey(opts.publicKey)
          : findCheckpointKey(config())?.publicKey;
        if (!publicKey)
          return fail(
            'audit verify --checkpoint: no checkpoint key on this machine: pass the public key an auditor keeps with --public-key FILE',
          );
        let text: string;
        try {
          text = readFileSync(opts.checkpoint, 'utf8');
        } catch (e) {
          return fail(
            `audit verify: cannot read ${opts.checkpoint} (${e instanceof Error ? e.message : String(e)})`,
          );
        }
        checkpoint = readCheckpoint(text, publicKey);
        if (!checkpoint.ok) return fail(`audit checkpoint ${opts.checkpoint} REFUSED: ${checkpoint.reason}`);
        console.error(`checkpoint: ${opts.checkpoint} (signed by ${checkpointKeyId(publicKey)})`);
      }
      return withDb(async (h) => {
        const r = await verifyStoredAuditChain(h.db);
        if (!r.ok) return fail(brokenMessage(r));
        if (checkpoint?.ok) {
          const cp = checkpoint.checkpoint;
          const head = await checkCheckpointHead(h.db, cp);
          if (!head.ok) return fail(`audit chain NOT INTACT: ${head.reason}`);
          console.log(
            `${intactMessage(r)}; the checkpoint of ${cp.checkpointAt} (chain_seq ${cp.chainSeq}, ${cp.rowCount} row(s)) is in it`,
          );
          return;
        }
        console.log(intactMessage(r));
      });
    });

  audit
    .command('checkpoint')
    .description(
      "verify the chain, then write a signed checkpoint of its head (chain_seq, row_hash, time, row count); the running server writes one every AUDIT_CHECKPOINT_INTERVAL to its data folder. Keep copies where the database's users cannot write",
    )
    .option('--out <file>', `where to write it (default: ${CHECKPOINT_FILE} in the data folder)`)
    .action((opts: { out?: string }) => {
      const { key, generated } = resolveCheckpointKey(config());
      if (generated)
        console.error(
          `made the audit checkpoint key ${key.file}: give auditors its public key (white-cross audit checkpoint-key)`,
        );
      const latest = join(dataDir(), CHECKPOINT_FILE);
      return withDb(async (h) => {
        const r = await verifyStoredAuditChain(h.db);
        if (!r.ok) return fail(`${brokenMessage(r)}: no checkpoint written`);
        const last = readCheckpointFile(latest, key);
        if (last && !last.ok)
          return fail(`the last checkpoint ${latest} is refused (${last.reason}): no checkpoint written`);
        if (last?.ok) {
          const head = await checkCheckpointHead(h.db, last.checkpoint);
          if (!head.ok) return fail(`audit chain NOT INTACT: ${head.reason}: no checkpoint written`);
        }
        const cp = await makeCheckpoint(h.db, key, new Date());
        const out = opts.out ?? latest;
        writeCheckpointFile(out, cp);
        console.log(
          `audit checkpoint written to ${out}: chain_seq ${cp.chainSeq}, row_hash ${cp.rowHash ?? 'none'}, ${cp.rowCount} row(s), signed by ${cp.keyId}`,
        );
      });
    });

  audit
    .command('checkpoint-key')
    .description(
      "print the public key that verifies this server's audit checkpoints (PEM), for auditors to keep",
    )
    .action(() => {
      const key = findCheckpointKey(config());
      if (!key)
        return fail(
          'no audit checkpoint key yet: white-cross serve or white-cross audit checkpoint makes one',
        );
      console.error(`key id ${key.keyId} (private key: ${key.file})`);
      process.stdout.write(publicKeyPem(key.publicKey));
    });
}
