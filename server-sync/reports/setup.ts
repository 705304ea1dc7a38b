import type { ServerConfig } from '../config';
import type { ServerDb } from '../db/connect';
import type { Clock } from '../plugins/clock';
import { pdfRenderer } from './render';
import { loadSigningKey } from './signing';
import type { ReportDeps } from './types';

type ReportConfig = Pick<ServerConfig, 'dataDir' | 'keyEncryptionKey' | 'production'>;

/** What buildServer's `reports` option needs, from the configuration: files in the data dir, the engine, the key. */
export function reportOptions(config: ReportConfig): Omit<ReportDeps, 'db' | 'clock'> {
  return {
    dataDir: config.dataDir,
    render: pdfRenderer(),
    signingKey: () => loadSigningKey(config),
  };
}

export const reportDeps = (db: ServerDb, clock: Clock, config: ReportConfig): ReportDeps => ({
  ...reportOptions(config),
  db,
  clock,
});
