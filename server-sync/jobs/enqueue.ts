import { sql, type Transaction } from 'kysely';
import PgBoss from 'pg-boss';
import type { ServerDatabase } from '../../src-shared/db/server-schema.generated';
import { jobIdForKey, PGBOSS_SCHEMA, sendOptions, transactionDb } from './queue';
import type { JobDefinition } from './types';

/** pg-boss used only to build and send jobs: every call passes the transaction's connection (never this one's). */
const sendOnly = new PgBoss({
  db: { executeSql: () => Promise.reject(new Error('send-only pg-boss: every send passes its own db')) },
  schema: PGBOSS_SCHEMA,
  schedule: false,
  supervise: false,
  migrate: false,
});

const zodMessage = (e: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string =>
  e.issues.map((i) => `${i.path.map(String).join('.') || '(data)'}: ${i.message}`).join('; ');

/** Throws naming the field when data does not fit the definition's schema. */
export function checkJobData(def: JobDefinition<unknown>, data: unknown): void {
  const r = def.data.safeParse(data);
  if (!r.success) throw new Error(`job ${def.name}: invalid data: ${zodMessage(r.error)}`);
}

/**
 * Enqueues a job inside the caller's transaction: it exists if and only if the transaction commits (an alert and
 * its delivery job, a schedule's slot and its run). With a key, once per (name, key) ever: the key row goes in with
 * it (job_keys), and a second send returns null. Needs pg-boss's schema, which a runner makes when it starts
 * (`serve` does at start); the job's queue is made here when no runner made it yet.
 */
export async function enqueueInTransaction<T>(
  trx: Transaction<ServerDatabase>,
  def: JobDefinition<T>,
  data: T,
  options: { key?: string; startAfter?: Date; now?: Date } = {},
): Promise<string | null> {
  const d = def as unknown as JobDefinition<unknown>;
  checkJobData(d, data);
  let id: string | undefined;
  if (options.key !== undefined) {
    if (options.key.length < 1 || options.key.length > 300)
      throw new Error(`job ${def.name}: a key is 1 to 300 characters`);
    id = jobIdForKey(def.name, options.key);
    const inserted = await trx
      .insertInto('job_keys')
      .values({ name: def.name, key: options.key, job_id: id, created_at: options.now ?? new Date() })
      .onConflict((oc) => oc.columns(['name', 'key']).doNothing())
      .returning('job_id')
      .executeTakeFirst();
    if (!inserted) return null;
  }
  const db = transactionDb(trx);
  const send = () =>
    sendOnly.send(def.name, data as object, sendOptions(d, { id, startAfter: options.startAfter, db }));
  const sent = await send();
  if (sent) return sent;
  // no queue yet (the job joins pg-boss's queue table): make it, then send again
  await sql`SELECT ${sql.raw(PGBOSS_SCHEMA)}.create_queue(${def.name}, '{}'::json)`.execute(trx);
  const again = await send();
  if (!again) throw new Error(`job ${def.name}: pg-boss did not take it`);
  return again;
}
