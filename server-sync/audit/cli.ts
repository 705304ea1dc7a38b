import type { Command } from 'commander';
import type { ServerDbHandle } from '../db/connect';
import { verifyStoredAuditChain } from './verify';

export type WithDb = <T>(fn: (h: ServerDbHandle) => Promise<T>) => Promise<T>;

/** `white-cross audit verify`: checks the audit_logs hash chain; exits 1 naming the first broken row. */
export function registerAuditCommands(program: Command, withDb: WithDb): void {
  const audit = program.command('audit').description('the hash-chained audit trail (audit_logs)');
  audit
    .command('verify')
    .description(
      'verify the whole audit chain; exits non-zero and names the first changed, removed or reordered row',
    )
    .action(() =>
      withDb(async (h) => {
        const r = await verifyStoredAuditChain(h.db);
        if (r.ok) {
          console.log(
            r.rows === 0
              ? 'audit chain: empty'
              : `audit chain intact: ${r.rows} row(s), last chain_seq ${r.lastSeq}, last row_hash ${r.lastHash}`,
          );
          return;
        }
        console.error(
          `audit chain BROKEN at chain_seq ${r.brokenAt}${r.id ? ` (id ${r.id}, created_at ${r.createdAt})` : ''}: ${r.reason} (${r.rows} row(s) before it verified)`,
        );
        process.exitCode = 1;
      }),
    );
}
