import { AUDIT_GENESIS } from '../../src-shared/audit-hash';
import type { DistrictRec } from './district';
import { insertMany, type NewRow, type SeedContext } from './helpers';

/**
 * The sync state of each school's workstation (sync_device_cursors, workstation_audit_uploads), as of its
 * enrollment: nothing pushed, pulled or uploaded yet.
 */
export async function seedSyncState(ctx: SeedContext, district: DistrictRec): Promise<void> {
  // The workstations have not pulled yet: the cursors start at zero (the seeded rows are in sync_changes).
  const cursorRows = district.schools.map((s): NewRow<'sync_device_cursors'> => ({
    device_id: s.deviceId,
    last_push_seq: 0,
    last_pull_seq: 0,
    schema_version: 4,
    last_push_at: null,
    last_pull_at: null,
    updated_at: s.deviceEnrolledAt,
  }));
  // Nor uploaded their audit trail: the chain starts at the genesis hash (docs/sync.md, "Workstation audit trail").
  const auditUploadRows = district.schools.map((s): NewRow<'workstation_audit_uploads'> => ({
    device_id: s.deviceId,
    last_seq: 0,
    last_hash: AUDIT_GENESIS,
    updated_at: s.deviceEnrolledAt,
  }));
  await insertMany(ctx.db, 'sync_device_cursors', cursorRows, ctx.progress);
  await insertMany(ctx.db, 'workstation_audit_uploads', auditUploadRows, ctx.progress);
}
