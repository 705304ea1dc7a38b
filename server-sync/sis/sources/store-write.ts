import type { Transaction } from 'kysely';
import type { z } from 'zod';
import {
  credentialsFor,
  type sourceConfigCreate,
  type sourceConfigUpdate,
  type SourceSettings,
} from '../../../src-shared/api/sis-sources';
import type { ServerDatabase } from '../../../src-shared/db/server-schema.generated';
import { sealCredentials } from './secrets';
import { frequencyOf, loadSourceConfig, nextRun } from './store';

/** Creating, changing and deleting a source configuration (both rows, one transaction: the caller's). */

type Trx = Transaction<ServerDatabase>;
type Create = z.output<typeof sourceConfigCreate>;
type Update = z.output<typeof sourceConfigUpdate>;

/** A value the request gave that the district's data refuses, naming the field; the routes answer 400 or 409. */
export class ConfigInputError extends Error {
  override readonly name = 'ConfigInputError';
  constructor(
    readonly field: string,
    message: string,
    readonly status: 400 | 404 | 409 = 400,
  ) {
    super(`${field}: ${message}`);
  }
}

export interface WriteDeps {
  readonly kek: () => Buffer;
  readonly now: Date;
}

const connectionType = (s: SourceSettings) =>
  s.kind === 'ONEROSTER_REST'
    ? ('REST_API' as const)
    : s.kind === 'SFTP'
      ? ('SFTP' as const)
      : ('CSV_IMPORT' as const);

function checkedCredentials(kind: SourceSettings['kind'], given: unknown): unknown {
  if (kind !== 'SFTP' && kind !== 'ONEROSTER_REST')
    throw new ConfigInputError('credentials', `a ${kind} source takes no credentials`);
  const r = credentialsFor[kind].safeParse(given);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new ConfigInputError(
      `credentials.${i?.path.map(String).join('.') ?? ''}`.replace(/\.$/, ''),
      i?.message ?? 'invalid',
    );
  }
  return r.data;
}

function authMethod(s: SourceSettings, creds: unknown): string | null {
  if (s.kind === 'ONEROSTER_REST') return 'OAUTH2_CLIENT_CREDENTIALS';
  if (s.kind === 'SFTP')
    return creds && typeof creds === 'object' && 'privateKey' in creds
      ? 'SSH_KEY'
      : creds
        ? 'PASSWORD'
        : null;
  return null;
}

function schedule(cron: string | null, tz: string, now: Date) {
  if (cron === null) return { frequency: 'MANUAL' as const, next: null };
  try {
    return { frequency: frequencyOf(cron, tz, now), next: nextRun(cron, tz, now) };
  } catch (e) {
    throw new ConfigInputError(
      'scheduleCron',
      `"${cron}" is not a cron expression (${(e as Error).message})`,
    );
  }
}

async function checkMappingRef(trx: Trx, districtId: string, ref: string | null, self: string | null) {
  if (ref === null || ref === self) return;
  const r = await trx
    .selectFrom('sis_sync_sources')
    .select('config_id')
    .where('config_id', '=', ref)
    .where('district_id', '=', districtId)
    .executeTakeFirst();
  if (!r) throw new ConfigInputError('mappingConfigId', `no configuration ${ref} in this district`);
}

export async function insertSourceConfig(
  trx: Trx,
  districtId: string,
  id: string,
  b: Create,
  d: WriteDeps,
): Promise<void> {
  const district = await trx
    .selectFrom('districts')
    .select('timezone')
    .where('id', '=', districtId)
    .executeTakeFirst();
  if (!district) throw new ConfigInputError('districtId', `no district ${districtId}`, 404);
  let school = trx.selectFrom('schools').select('id').where('district_id', '=', districtId);
  school = b.schoolId ? school.where('id', '=', b.schoolId) : school.orderBy('name').orderBy('id');
  const s = await school.executeTakeFirst();
  if (!s)
    throw b.schoolId
      ? new ConfigInputError('schoolId', `no school ${b.schoolId} in this district`)
      : new ConfigInputError('schoolId', 'the district has no school yet: import a CSV roster first', 409);
  const creds = b.credentials === undefined ? null : checkedCredentials(b.source.kind, b.credentials);
  const sch = schedule(b.scheduleCron, district.timezone, d.now);
  await checkMappingRef(trx, districtId, b.mappingConfigId, null);
  await trx
    .insertInto('sis_sync_configs')
    .values({
      id,
      school_id: s.id,
      sis_vendor: b.vendor,
      sis_version: b.vendorVersion ?? null,
      connection_type: connectionType(b.source),
      api_base_url: b.source.kind === 'ONEROSTER_REST' ? b.source.baseUrl : null,
      api_version: b.source.kind === 'ONEROSTER_REST' ? '1.2' : null,
      authentication_method: authMethod(b.source, creds),
      credential_vault_key: creds ? `sis_sync_sources/${id}` : null,
      sync_direction: 'IMPORT_ONLY',
      sync_frequency: sch.frequency,
      sync_schedule_cron: b.scheduleCron,
      next_sync_scheduled: sch.next,
      sync_enabled: b.enabled,
      conflict_resolution_strategy: b.conflictStrategy,
      test_mode: b.testMode,
      created_at: d.now,
      updated_at: d.now,
    })
    .execute();
  await trx
    .insertInto('sis_sync_sources')
    .values({
      config_id: id,
      district_id: districtId,
      source_kind: b.source.kind,
      settings: JSON.stringify(b.source),
      credentials: creds ? JSON.stringify(sealCredentials(d.kek(), id, creds)) : null,
      deletion_threshold_percent: String(b.deletionThresholdPercent),
      mapping_config_id: b.mappingConfigId,
      created_at: d.now,
      updated_at: d.now,
    })
    .execute();
}

/** Changes a configuration; a new source kind drops credentials not given again (they belonged to the old kind). */
export async function updateSourceConfig(trx: Trx, id: string, b: Update, d: WriteDeps): Promise<void> {
  const c = await loadSourceConfig(trx, id);
  if (!c) throw new ConfigInputError('id', `no configuration ${id}`, 404);
  const source = b.source ?? c.source;
  const kindChanged = source.kind !== c.source.kind;
  let sealed: string | null | undefined;
  let creds: unknown = undefined;
  if (b.credentials === null || (kindChanged && b.credentials === undefined)) sealed = null;
  else if (b.credentials !== undefined) {
    creds = checkedCredentials(source.kind, b.credentials);
    sealed = JSON.stringify(sealCredentials(d.kek(), id, creds));
  }
  const cron = b.scheduleCron !== undefined ? b.scheduleCron : c.scheduleCron;
  const sch = schedule(cron, c.timeZone, d.now);
  if (b.mappingConfigId !== undefined) await checkMappingRef(trx, c.districtId, b.mappingConfigId, id);
  const hasCreds = sealed === undefined ? c.sealedCredentials !== null : sealed !== null;
  await trx
    .updateTable('sis_sync_configs')
    .set({
      ...(b.vendor !== undefined ? { sis_vendor: b.vendor } : {}),
      ...(b.vendorVersion !== undefined ? { sis_version: b.vendorVersion } : {}),
      connection_type: connectionType(source),
      api_base_url: source.kind === 'ONEROSTER_REST' ? source.baseUrl : null,
      api_version: source.kind === 'ONEROSTER_REST' ? '1.2' : null,
      ...(creds !== undefined || kindChanged
        ? { authentication_method: authMethod(source, creds ?? null) }
        : {}),
      credential_vault_key: hasCreds ? `sis_sync_sources/${id}` : null,
      sync_frequency: sch.frequency,
      sync_schedule_cron: cron,
      next_sync_scheduled: sch.next,
      ...(b.enabled !== undefined ? { sync_enabled: b.enabled } : {}),
      ...(b.conflictStrategy !== undefined ? { conflict_resolution_strategy: b.conflictStrategy } : {}),
      ...(b.testMode !== undefined ? { test_mode: b.testMode } : {}),
      updated_at: d.now,
    })
    .where('id', '=', id)
    .execute();
  await trx
    .updateTable('sis_sync_sources')
    .set({
      source_kind: source.kind,
      settings: JSON.stringify(source),
      ...(sealed !== undefined ? { credentials: sealed } : {}),
      ...(b.deletionThresholdPercent !== undefined
        ? { deletion_threshold_percent: String(b.deletionThresholdPercent) }
        : {}),
      ...(b.mappingConfigId !== undefined ? { mapping_config_id: b.mappingConfigId } : {}),
      // a new source or a new schedule starts afresh: the next REST sync reads everything, the schedule its next slot
      ...(b.source !== undefined ? { delta_since: null } : {}),
      ...(b.scheduleCron !== undefined ? { last_scheduled_slot: null } : {}),
      updated_at: d.now,
    })
    .where('config_id', '=', id)
    .execute();
}

/** Deletes a configuration that never ran (its runs are history: disable it instead). */
export async function deleteSourceConfig(trx: Trx, id: string): Promise<void> {
  const c = await loadSourceConfig(trx, id);
  if (!c) throw new ConfigInputError('id', `no configuration ${id}`, 404);
  const run = await trx
    .selectFrom('sis_sync_jobs')
    .select('id')
    .where('config_id', '=', id)
    .executeTakeFirst();
  if (run)
    throw new ConfigInputError(
      'id',
      'this configuration has sync runs (kept as history): disable it instead',
      409,
    );
  await trx.deleteFrom('sis_sync_configs').where('id', '=', id).execute();
}
