import { join } from 'node:path';
import { resolveKek, type KekSource } from '../../reports';

/**
 * The key-encryption key that seals SIS credentials: the server's one (WHITE_CROSS_KEK; outside production without
 * it, `<data dir>/kek`, made on first use: server-sync/reports/signing.ts). Production without it is an error
 * naming the variable.
 */
export function sisKek(c: KekSource): Buffer {
  const k = resolveKek(c, true);
  if (!k) throw new Error('WHITE_CROSS_KEK is required to store SIS credentials (openssl rand -base64 32)');
  return k;
}

/** Where SFTP downloads wait while a sync reads them. */
export const sisWorkDir = (dataDir: string): string => join(dataDir, 'sis-work');
