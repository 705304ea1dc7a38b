import type { ServerDb } from '../db/connect';
import type { Clock } from '../plugins/clock';
import type { ScanOptions } from './service';

export interface OutbreakRoutesOptions {
  readonly db: ServerDb;
  readonly clock: Clock;
  /** The composition root's reaction to a new outbreak (raise OUTBREAK_DETECTED); none by default. */
  readonly onDetected?: ScanOptions['onDetected'];
}
