import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import {
  extractRecords,
  mappingsFromRows,
  planCounts,
  planRoster,
  readOneRosterCsv,
  strategiesOf,
  type CsvReadResult,
  type RosterBundle,
  type RosterError,
  type RosterPlan,
} from '../../src-shared/sis';
import { localDate } from '../../src-shared/time';
import { appendAudit } from '../audit';
import type { ServerDb } from '../db/connect';
import { withTenant, type TenantTx } from '../db/tenant';
import { HttpError } from '../plugins/errors';
import { applyRoster, applySchools, scopeToDistrict, type Touched } from './apply';
import { readRosterPath } from './files';
import type { ApplyRoster, ReadRosterFile } from './sources/handoff';
import { readSnapshot } from './snapshot';

/**
 * One OneRoster CSV import: read (the files are already name → text), map, plan against the district, and, unless
 * it is a dry run, apply in one transaction with its sis_sync_jobs row (counts) and sis_sync_errors rows. The
 * configuration (sis_sync_configs) gives the mappings, the strategies per field group and the withdrawal threshold;
 * without one, the district's CSV import configuration is used, created on the first school if there is none.
 */

/** First key of the per-district advisory lock an import holds until it commits. */
const SIS_IMPORT_LOCK = 1_936_290_899;

export interface ImportRequest {
  /** The CSV files by name, or a roster a source already read (REST; a fetched zip read by readRosterBundle). */
  readonly files: ReadonlyMap<string, string> | CsvReadResult;
  /** Where the files came from (a path, "upload"): for the job row. */
  readonly source: string;
  readonly districtId: string;
  readonly configId?: string;
  readonly dryRun: boolean;
  readonly userId: string | null;
  readonly trigger: 'MANUAL' | 'API_CALL' | 'SCHEDULED';
  readonly at: Date;
  /** The sis_sync_jobs row of this run when its caller already made one (a sync job): updated, not a second row. */
  readonly jobId?: string;
}

export interface ImportErrorOut {
  readonly file: string;
  readonly line: number | null;
  readonly sourcedId: string | null;
  readonly field: string | null;
  readonly reason: string;
}

export interface ImportResult extends ReturnType<typeof planCounts> {
  readonly jobId: string | null;
  readonly configId: string | null;
  readonly dryRun: boolean;
  readonly errors: ImportErrorOut[];
}

const errorOut = (e: RosterError): ImportErrorOut => ({
  file: e.file,
  line: e.line,
  sourcedId: e.sourcedId,
  field: e.field,
  reason: e.reason,
});

async function configOf(trx: TenantTx, districtId: string, configId: string | undefined) {
  const q = trx
    .selectFrom('sis_sync_configs as c')
    .innerJoin('schools as s', 's.id', 'c.school_id')
    .selectAll('c')
    .where('s.district_id', '=', districtId);
  if (configId !== undefined) {
    const c = await q.where('c.id', '=', configId).executeTakeFirst();
    if (!c) throw new HttpError(404, 'NOT_FOUND', `no SIS configuration ${configId} in the district`);
    return c;
  }
  return (
    (await q
      .where('c.connection_type', '=', 'CSV_IMPORT')
      .orderBy('c.created_at')
      .orderBy('c.id')
      .executeTakeFirst()) ?? null
  );
}

export async function runImport(db: ServerDb, req: ImportRequest): Promise<ImportResult> {
  const district = await db
    .selectFrom('districts')
    .select(['id', 'timezone'])
    .where('id', '=', req.districtId)
    .executeTakeFirst();
  if (!district) throw new HttpError(404, 'NOT_FOUND', `no district ${req.districtId}`);
  const schoolIds = (
    await db.selectFrom('schools').select('id').where('district_id', '=', req.districtId).execute()
  ).map((s) => s.id);
  const scope = { schoolIds, userId: req.userId, deviceId: null };
  const run = async (trx: TenantTx): Promise<{ result: ImportResult; plan: RosterPlan }> => {
    // one import of a district at a time: the second plans against what the first wrote
    if (!req.dryRun)
      await sql`SELECT pg_advisory_xact_lock(${SIS_IMPORT_LOCK}, hashtext(${req.districtId}))`.execute(trx);
    // the district's schools as they are now (another import may have added some while this one waited)
    await scopeToDistrict(trx, req.districtId);
    let config = await configOf(trx, req.districtId, req.configId);
    const mappingRows =
      config === null
        ? []
        : await trx
            .selectFrom('sis_field_mappings')
            .selectAll()
            .where('config_id', '=', config.id)
            .orderBy('id')
            .execute();
    let mappings;
    let strategies;
    try {
      mappings = mappingsFromRows(mappingRows);
      strategies = strategiesOf(
        config?.conflict_resolution_strategy ?? 'SIS_WINS',
        (config?.field_group_strategies ?? {}) as Record<string, unknown>,
      );
    } catch (e) {
      // a configuration the import cannot follow is named, not a server error
      throw new HttpError(409, 'CONFLICT', `SIS configuration ${config?.id ?? ''}: ${(e as Error).message}`);
    }
    const thresholdPercent = config?.withdrawal_threshold_percent ?? 10;
    const { bundle, errors: readErrors } =
      req.files instanceof Map ? readOneRosterCsv(req.files, req.source) : (req.files as CsvReadResult);
    const snapshot = await readSnapshot(trx, req.districtId);
    const records = extractRecords(bundle, mappings, new Set(snapshot.schools.flatMap((s) => s.sourcedIds)));
    const plan = planRoster({ ...records, errors: [...readErrors, ...records.errors] }, snapshot, {
      mode: bundle.mode,
      strategies,
      thresholdPercent,
      today: localDate(req.at.getTime(), district.timezone),
      newId: uuidv7,
    });
    const counts = planCounts(plan);
    const base = { ...counts, dryRun: req.dryRun, errors: plan.errors.map(errorOut) };
    if (req.dryRun) {
      // the plan read the district's students: audited like any read
      await appendAudit(trx, {
        action: 'READ',
        userId: req.userId,
        deviceId: null,
        schoolId: null,
        tableName: 'students',
        recordId: null,
        ip: null,
        userAgent: null,
        details: { event: 'sis_dry_run', source: req.source, read: counts.read, errors: plan.errors.length },
        at: req.at,
      });
      return { result: { ...base, jobId: null, configId: config?.id ?? null }, plan };
    }

    const jobId = req.jobId ?? uuidv7();
    const touched: Touched = new Map();
    await applySchools(trx, plan, { districtId: req.districtId, userId: req.userId, at: req.at }, touched);
    // the job row needs a configuration, which needs a school: on a first import the roster's schools come first
    if (config === null) {
      const firstSchool = snapshot.schools[0]?.id ?? plan.schools.create[0]?.id;
      if (firstSchool === undefined)
        throw new HttpError(
          422,
          'UNPROCESSABLE',
          'the roster has no school (orgs.csv, type school) and the district none',
        );
      config = await trx
        .insertInto('sis_sync_configs')
        .values({
          id: uuidv7(),
          school_id: firstSchool,
          sis_vendor: 'OTHER',
          connection_type: 'CSV_IMPORT',
          sync_direction: 'IMPORT_ONLY',
          sync_frequency: 'MANUAL',
          test_mode: false,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    }
    if (req.jobId === undefined)
      await trx
        .insertInto('sis_sync_jobs')
        .values({
          id: jobId,
          config_id: config.id,
          job_start_time: req.at,
          trigger_type: req.trigger,
          triggered_by: req.userId,
          sync_direction: 'IMPORT_ONLY',
        })
        .execute();
    await applyRoster(
      trx,
      plan,
      { districtId: req.districtId, jobId, userId: req.userId, at: req.at, thresholdPercent },
      touched,
    );
    const end = new Date(Math.max(Date.now(), req.at.getTime()));
    await trx
      .updateTable('sis_sync_jobs')
      .set({
        job_end_time: end,
        job_status: plan.errors.length > 0 || counts.heldForApproval > 0 ? 'PARTIAL_SUCCESS' : 'COMPLETED',
        records_processed: counts.read,
        records_created: counts.created,
        records_updated: counts.updated,
        records_skipped: counts.unchanged,
        records_failed: plan.errors.length,
        records_transferred: counts.transferred,
        records_withdrawn: counts.withdrawn,
        data_snapshot: JSON.stringify({
          source: req.source,
          version: bundle.version,
          mode: bundle.mode,
          counts,
        }),
        error_summary: plan.errors.length > 0 ? `${plan.errors.length} record(s) rejected` : null,
        updated_at: end,
      })
      .where('id', '=', jobId)
      .execute();
    await trx
      .updateTable('sis_sync_configs')
      .set({ last_sync_timestamp: req.at, updated_at: end })
      .where('id', '=', config.id)
      .execute();
    return { result: { ...base, jobId, configId: config.id }, plan };
  };
  const { result } = await withTenant(db, scope, run);
  return result;
}

/** What reading a fetched file found wrong (a bad header, a missing manifest), kept for the import of its roster. */
const readProblems = new WeakMap<RosterBundle, readonly RosterError[]>();

/** The sync jobs' CSV reader (sources/handoff.ts): a fetched zip or directory as a roster, its read errors kept. */
export const readRosterBundle: ReadRosterFile = async (path) => {
  const { bundle, errors } = readOneRosterCsv(await readRosterPath(path), path);
  readProblems.set(bundle, errors);
  return bundle;
};

/**
 * The sync jobs' apply step (sources/handoff.ts): a fetched roster imported as an upload is, for its
 * configuration's district, into the sync's own sis_sync_jobs row.
 */
export const applyFetchedRoster: ApplyRoster = async (db, bundle, o) => {
  const config = await db
    .selectFrom('sis_sync_configs as c')
    .innerJoin('schools as s', 's.id', 'c.school_id')
    .select('s.district_id')
    .where('c.id', '=', o.configId)
    .executeTakeFirst();
  if (!config) throw new HttpError(404, 'NOT_FOUND', `no SIS configuration ${o.configId}`);
  return runImport(db, {
    files: { bundle, errors: readProblems.get(bundle) ?? [] },
    source: bundle.source,
    districtId: config.district_id,
    configId: o.configId,
    dryRun: o.dryRun,
    userId: null,
    trigger: 'SCHEDULED',
    at: new Date(),
    ...(o.syncJobId === undefined ? {} : { jobId: o.syncJobId }),
  });
};
