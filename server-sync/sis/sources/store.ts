import parser from 'cron-parser';
import type { Kysely, Transaction } from 'kysely';
import {
  credentialsFor,
  sourceSettings,
  type SourceConfigView,
  type SourceSettings,
} from '../../../src-shared/api/sis-sources';
import type { ServerDatabase } from '../../../src-shared/db/server-schema.generated';
import { dateTimeIn } from '../../../src-shared/time';
import { openCredentials } from './secrets';

/**
 * SIS source configurations in the district database: a sis_sync_configs row (the spec's columns) and its
 * sis_sync_sources row (migration 0035), read and checked together. Settings are parsed with the contract's zod
 * schema on every read, so a row changed by hand that no longer fits fails naming the field.
 */

type Db = Kysely<ServerDatabase> | Transaction<ServerDatabase>;

export interface LoadedConfig {
  readonly id: string;
  readonly districtId: string;
  readonly schoolId: string;
  readonly timeZone: string;
  readonly vendor: SourceConfigView['vendor'];
  readonly vendorVersion: string | null;
  readonly source: SourceSettings;
  readonly sealedCredentials: unknown;
  readonly scheduleCron: string | null;
  readonly frequency: SourceConfigView['frequency'];
  readonly conflictStrategy: SourceConfigView['conflictStrategy'];
  readonly deletionThresholdPercent: number;
  readonly mappingConfigId: string | null;
  readonly enabled: boolean;
  readonly testMode: boolean;
  readonly lastSyncAt: Date | null;
  readonly lastScheduledSlot: Date | null;
  readonly deltaSince: Date | null;
  readonly updatedAt: Date;
}

export class ConfigDataError extends Error {
  override readonly name = 'ConfigDataError';
}

/** The frequency a cron amounts to (sis_sync_configs.sync_frequency): MANUAL without one. */
export function frequencyOf(cron: string | null, tz: string, now: Date): LoadedConfig['frequency'] {
  if (!cron) return 'MANUAL';
  const it = parser.parseExpression(cron, { currentDate: now, tz });
  const a = it.next().getTime();
  const b = it.next().getTime();
  const gap = b - a;
  if (gap <= 3_600_000) return 'HOURLY';
  if (gap <= 86_400_000) return 'DAILY';
  return 'WEEKLY';
}

/** The next slot of a cron after `now`, in the district's time zone; throws naming the cron when it does not parse. */
export function nextRun(cron: string, tz: string, now: Date): Date {
  return parser.parseExpression(cron, { currentDate: now, tz }).next().toDate();
}

const selectBoth = (db: Db) =>
  db
    .selectFrom('sis_sync_sources as s')
    .innerJoin('sis_sync_configs as c', 'c.id', 's.config_id')
    .innerJoin('districts as d', 'd.id', 's.district_id')
    .select([
      'c.id',
      's.district_id',
      'c.school_id',
      'd.timezone',
      'c.sis_vendor',
      'c.sis_version',
      's.settings',
      's.credentials',
      'c.sync_schedule_cron',
      'c.sync_frequency',
      'c.conflict_resolution_strategy',
      's.deletion_threshold_percent',
      's.mapping_config_id',
      'c.sync_enabled',
      'c.test_mode',
      'c.last_sync_timestamp',
      's.last_scheduled_slot',
      's.delta_since',
      's.updated_at',
    ]);

type Row = Awaited<ReturnType<ReturnType<typeof selectBoth>['executeTakeFirstOrThrow']>>;

function loaded(r: Row): LoadedConfig {
  const settings = sourceSettings.safeParse(r.settings);
  if (!settings.success) {
    const i = settings.error.issues[0];
    throw new ConfigDataError(
      `configuration ${r.id}: stored settings field ${i?.path.map(String).join('.') || '(settings)'}: ${i?.message ?? 'invalid'}`,
    );
  }
  return {
    id: r.id,
    districtId: r.district_id,
    schoolId: r.school_id,
    timeZone: r.timezone,
    vendor: r.sis_vendor,
    vendorVersion: r.sis_version,
    source: settings.data,
    sealedCredentials: r.credentials,
    scheduleCron: r.sync_schedule_cron,
    frequency: r.sync_frequency,
    conflictStrategy: r.conflict_resolution_strategy,
    deletionThresholdPercent: Number(r.deletion_threshold_percent),
    mappingConfigId: r.mapping_config_id,
    enabled: r.sync_enabled,
    testMode: r.test_mode,
    lastSyncAt: r.last_sync_timestamp,
    lastScheduledSlot: r.last_scheduled_slot,
    deltaSince: r.delta_since,
    updatedAt: r.updated_at,
  };
}

export async function loadSourceConfig(db: Db, id: string): Promise<LoadedConfig | null> {
  const r = await selectBoth(db).where('c.id', '=', id).executeTakeFirst();
  return r ? loaded(r) : null;
}

export async function listSourceConfigs(db: Db, districtId: string | null): Promise<LoadedConfig[]> {
  let q = selectBoth(db).orderBy('c.created_at').orderBy('c.id');
  if (districtId !== null) q = q.where('s.district_id', '=', districtId);
  return (await q.execute()).map(loaded);
}

/** The configuration as the console shows it (no credentials, times also in the district's zone). */
export function configView(c: LoadedConfig, now: Date): SourceConfigView {
  const next = c.scheduleCron && c.enabled ? nextRun(c.scheduleCron, c.timeZone, now) : null;
  return {
    id: c.id,
    districtId: c.districtId,
    schoolId: c.schoolId,
    vendor: c.vendor,
    vendorVersion: c.vendorVersion,
    source: c.source,
    hasCredentials: c.sealedCredentials !== null && c.sealedCredentials !== undefined,
    scheduleCron: c.scheduleCron,
    frequency: c.frequency,
    timeZone: c.timeZone,
    nextRunAt: next ? next.toISOString() : null,
    nextRunLocal: next ? dateTimeIn(next.getTime(), c.timeZone, true) : null,
    lastSyncAt: c.lastSyncAt ? c.lastSyncAt.toISOString() : null,
    conflictStrategy: c.conflictStrategy,
    deletionThresholdPercent: c.deletionThresholdPercent,
    mappingConfigId: c.mappingConfigId,
    enabled: c.enabled,
    testMode: c.testMode,
    deltaSince: c.deltaSince ? c.deltaSince.toISOString() : null,
    updatedAt: c.updatedAt.toISOString(),
  };
}

/** The opened credentials of a configuration, checked against its kind; null when it has none. */
export function credentialsOf(c: LoadedConfig, kek: () => Buffer): unknown {
  if (c.sealedCredentials === null || c.sealedCredentials === undefined) return null;
  const plain = openCredentials(kek(), c.id, c.sealedCredentials);
  const schema =
    c.source.kind === 'SFTP' || c.source.kind === 'ONEROSTER_REST' ? credentialsFor[c.source.kind] : null;
  if (!schema)
    throw new ConfigDataError(`configuration ${c.id}: a ${c.source.kind} source takes no credentials`);
  const r = schema.safeParse(plain);
  if (!r.success)
    throw new ConfigDataError(
      `configuration ${c.id}: the stored credentials do not fit a ${c.source.kind} source (field ${r.error.issues[0]?.path.join('.') ?? ''})`,
    );
  return r.data;
}
