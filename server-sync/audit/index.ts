/**
 * The audit feature's public face: the audit_logs hash chain (canonical serialization, linking, verification), the
 * writer every audited action goes through, signed checkpoints of the chain's head, and the `audit` CLI commands.
 */
export * from './chain';
export { appendAudit, AUDIT_CHAIN_LOCK_KEY, type AuditEntryInput } from './writer';
export { auditEntry } from './request';
export {
  CHECKPOINT_FILE,
  installAuditCheckpoints,
  serverAuditCheckpoints,
  type AuditCheckpointer,
  type AuditCheckpointOptions,
} from './checkpointer';
export { resolveCheckpointKey } from './checkpoint-key';
export { registerAuditCommands } from './cli';
export { auditRoutes } from './routes';
