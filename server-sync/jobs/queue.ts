import { CompiledQuery, type Transaction } from 'kysely';
import PgBoss from 'pg-boss';
import { v5 as uuidv5 } from 'uuid';
import type { ServerDatabase } from '../../src-shared/db/server-schema.generated';
import type { ServerDbHandle, SqlResult } from '../db/connect';
import type { JobDefinition } from './types';

/**
 * pg-boss 10 (the last release for Node 20) on the district database, in its own schema. Its database access is
 * ours: ServerDbHandle.executeSql (on PGlite, under the one connection's lock; on PostgreSQL, the pool), or a
 * Kysely transaction's connection when a job is sent together with other writes (schedules, idempotency keys).
 */

export const PGBOSS_SCHEMA = 'pgboss';

/** A namespace for job ids made from idempotency keys (UUIDv5 of name and key). */
const JOB_KEY_NAMESPACE = '4b0a3f0e-5f8e-4c55-9a39-6c1d0f7e2b11';
export const jobIdForKey = (name: string, key: string): string =>
  uuidv5(`${name}\n${key}`, JOB_KEY_NAMESPACE);

/** Failed jobs are kept (never archived, so never deleted): 100 years. */
const KEEP_FAILED_SECONDS = 100 * 365 * 86_400;
/** A queued job is not dropped while it waits (pg-boss's default would archive it unrun after 14 days). */
const RETENTION_DAYS = 3650;

export const JOB_DEFAULTS = Object.freeze({
  retryLimit: 3,
  retryDelaySeconds: 30,
  retryBackoff: true,
  expireInSeconds: 15 * 60,
});

export interface QueueTimings {
  /** How often an idle worker looks for a job (pg-boss's minimum is 0.5). */
  readonly pollingIntervalSeconds: number;
  /** How often expired runs are taken back and finished jobs archived (minimum 1). */
  readonly maintenanceIntervalSeconds: number;
}

type PgBossDb = { executeSql(text: string, values?: unknown[]): Promise<SqlResult> };

const bossDb = (h: ServerDbHandle): PgBossDb => ({
  executeSql: (text, values) => h.executeSql(text, values),
});

/** pg-boss's database access through a Kysely transaction: its statements commit or roll back with the rest. */
export const transactionDb = (trx: Transaction<ServerDatabase>): PgBossDb => ({
  executeSql: async (text, values) => {
    const r = await trx.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, values ?? []));
    return { rows: [...r.rows], rowCount: Number(r.numAffectedRows ?? 0) };
  },
});

/** A pg-boss instance on the handle's database; its own cron is off (server-sync/jobs/schedules.ts does schedules). */
export function createBoss(h: ServerDbHandle, timings: QueueTimings): PgBoss {
  return new PgBoss({
    db: bossDb(h),
    schema: PGBOSS_SCHEMA,
    schedule: false,
    supervise: true,
    migrate: true,
    maintenanceIntervalSeconds: timings.maintenanceIntervalSeconds,
    pollingIntervalSeconds: timings.pollingIntervalSeconds,
    archiveFailedAfterSeconds: KEEP_FAILED_SECONDS,
  });
}

/** pg-boss's send options of a definition (and the job's id when it is keyed). */
export function sendOptions(
  def: JobDefinition<unknown>,
  extra: { id?: string; startAfter?: Date; db?: PgBossDb },
): PgBoss.SendOptions & { db?: PgBossDb } {
  return {
    retryLimit: def.retryLimit ?? JOB_DEFAULTS.retryLimit,
    retryDelay: def.retryDelaySeconds ?? JOB_DEFAULTS.retryDelaySeconds,
    retryBackoff: def.retryBackoff ?? JOB_DEFAULTS.retryBackoff,
    expireInSeconds: def.expireInSeconds ?? JOB_DEFAULTS.expireInSeconds,
    retentionDays: RETENTION_DAYS,
    ...(extra.id ? { id: extra.id } : {}),
    ...(extra.startAfter ? { startAfter: extra.startAfter } : {}),
    ...(extra.db ? { db: extra.db } : {}),
  };
}
