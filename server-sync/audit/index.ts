/** The audit feature's public face: the audit_logs hash chain (canonical serialization, linking, verification). */
export * from './chain';
