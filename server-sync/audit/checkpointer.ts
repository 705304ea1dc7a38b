import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { ServerDatabase } from '../../src-shared/db/server-schema.generated';
import type { Clock } from '../plugins/clock';
import { checkGrownSince, makeCheckpoint, readCheckpoint, type AuditCheckpoint } from './checkpoint';
import { resolveCheckpointKey, type CheckpointSigningKey } from './checkpoint-key';

/** The latest checkpoint, in the server's data folder (WHITE_CROSS_DATA_DIR). */
export const CHECKPOINT_FILE = 'audit-checkpoint.json';

export interface AuditCheckpointOptions {
  /** The file the latest checkpoint is written to (replaced atomically). */
  readonly file: string;
  readonly key: CheckpointSigningKey;
  /** How often the running server checkpoints the head (when it moved). */
  readonly intervalMs: number;
}

export type CheckpointOutcome =
  | { kind: 'written'; checkpoint: AuditCheckpoint }
  | { kind: 'unchanged' }
  | { kind: 'tampered'; reason: string; last: AuditCheckpoint }
  | { kind: 'failed'; reason: string };

/** Writes a checkpoint file atomically (a reader never sees half of one). */
export function writeCheckpointFile(file: string, cp: AuditCheckpoint): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(cp, null, 2)}\n`, { mode: 0o644 });
  renameSync(tmp, file);
}

/** The checkpoint in `file`, if there is one this key signed; else why not (null: no file). */
export function readCheckpointFile(
  file: string,
  key: CheckpointSigningKey,
): { ok: true; checkpoint: AuditCheckpoint } | { ok: false; reason: string } | null {
  if (!existsSync(file)) return null;
  return readCheckpoint(readFileSync(file, 'utf8'), key.publicKey);
}

/**
 * Checkpoints the head now: first checks that the chain only grew since the last checkpoint (its head row unchanged,
 * every row after it linked on); when it did not, writes nothing (the last checkpoint stays, as evidence) and says
 * so. A head that has not moved is not checkpointed again.
 */
export async function checkpointNow(
  db: Kysely<ServerDatabase>,
  options: Pick<AuditCheckpointOptions, 'file' | 'key'>,
  now: Date,
  last: AuditCheckpoint | null,
): Promise<CheckpointOutcome> {
  if (last) {
    const grown = await checkGrownSince(db, last);
    if (!grown.ok) return { kind: 'tampered', reason: grown.reason, last };
  }
  const cp = await makeCheckpoint(db, options.key, now);
  if (last && cp.chainSeq === last.chainSeq && cp.rowHash === last.rowHash) return { kind: 'unchanged' };
  writeCheckpointFile(options.file, cp);
  return { kind: 'written', checkpoint: cp };
}

export interface AuditCheckpointer {
  /** One checkpoint now (what the timer runs); runs one at a time. */
  run(): Promise<CheckpointOutcome>;
}

/**
 * The running server checkpoints the audit chain's head when it is ready, every `intervalMs` after that, and when
 * it closes. Each checkpoint is also logged (info, `auditCheckpoint`: no PHI, only the head), so a log store off the
 * machine keeps copies. A chain that did not only grow since the last checkpoint is logged as an error and no new
 * checkpoint is written.
 */
export function installAuditCheckpoints(
  app: FastifyInstance,
  db: Kysely<ServerDatabase>,
  clock: Clock,
  options: AuditCheckpointOptions,
): AuditCheckpointer {
  let last: AuditCheckpoint | null = null;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<CheckpointOutcome> = Promise.resolve({ kind: 'unchanged' });

  const loadLast = (log: FastifyBaseLogger): void => {
    const found = readCheckpointFile(options.file, options.key);
    if (found === null) return;
    if (found.ok) {
      last = found.checkpoint;
      return;
    }
    // kept aside as evidence, never overwritten
    const aside = `${options.file}.refused-${clock.now().getTime()}`;
    renameSync(options.file, aside);
    log.error(
      { file: options.file, keptAs: aside, problem: found.reason },
      'AUDIT CHECKPOINT FILE REFUSED: kept aside; checkpoints start again from the current head',
    );
  };

  const once = async (): Promise<CheckpointOutcome> => {
    try {
      const outcome = await checkpointNow(db, options, clock.now(), last);
      if (outcome.kind === 'written') {
        last = outcome.checkpoint;
        app.log.info({ auditCheckpoint: outcome.checkpoint, file: options.file }, 'audit checkpoint');
      } else if (outcome.kind === 'tampered') {
        app.log.error(
          { lastCheckpoint: outcome.last, problem: outcome.reason },
          'AUDIT CHAIN TAMPERED since the last checkpoint: no new checkpoint written',
        );
      }
      return outcome;
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      app.log.warn({ problem: reason }, 'audit checkpoint failed; retried at the next interval');
      return { kind: 'failed', reason };
    }
  };
  const run = (): Promise<CheckpointOutcome> => (running = running.then(once, once));

  app.addHook('onReady', async () => {
    loadLast(app.log);
    await run();
    timer = setInterval(() => void run(), options.intervalMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await run();
  });
  return { run };
}

/**
 * What a running server (the `serve` command and the demo district) checkpoints with: the data folder's checkpoint
 * file, the configured or generated signing key, the configured interval. `generatedKeyFile` is set when this call
 * made the key (the caller tells the administrator to hand its public key to the auditors).
 */
export function serverAuditCheckpoints(config: {
  readonly dataDir: string;
  readonly auditCheckpointKeyFile?: string | undefined;
  readonly auditCheckpointIntervalSeconds: number;
}): { options: AuditCheckpointOptions; generatedKeyFile: string | null } {
  const { key, generated } = resolveCheckpointKey(config);
  return {
    options: {
      file: join(config.dataDir, CHECKPOINT_FILE),
      key,
      intervalMs: config.auditCheckpointIntervalSeconds * 1000,
    },
    generatedKeyFile: generated ? key.file : null,
  };
}
