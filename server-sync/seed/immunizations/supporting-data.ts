import { loadSupportingData, readSupportingData } from '../../immunizations';
import type { SeedContext } from '../helpers';

/**
 * CDC's CDSi supporting data of the demo district: the shipped release (reference-data/cdsi/<version>), stored and
 * made current by the district server's own loader at go-live (`at`), inside the seed's transaction (ids from the
 * release's checksum, so the seed stays deterministic). Its audit entry is left to the seed's audit trail.
 */
export async function seedSupportingData(ctx: SeedContext, at: Date): Promise<void> {
  await loadSupportingData(ctx.db, await readSupportingData(), { now: at, actorId: null, audit: false });
}
