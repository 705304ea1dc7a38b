import { sql, type Kysely } from 'kysely';

/**
 * Durable jobs (server-sync/jobs; docs/architecture.md, "Jobs"). The queue itself is pg-boss's, in its own schema
 * `pgboss`, which pg-boss creates and upgrades when a runner starts; these are the two tables of our own beside it:
 *
 * - job_schedules: per scheduled job and district, the cron it runs on, the district's time zone, and the last slot
 *   (an instant) a job was enqueued for. Every server instance ticks; the one that moves last_slot forward (compare and
 *   set) enqueues the job of that slot, so a slot runs once however many servers tick, and a slot missed while every
 *   server was down runs once when one comes back. Goes with its district.
 * - job_keys: idempotency keys. send(name, data, { key }) enqueues once per (name, key): the key row is inserted in
 *   the same transaction as the job, and stays after the job finished (pg-boss archives and later deletes finished
 *   jobs; a key must keep holding after that). Old keys are pruned by the platform's own job (jobs.prune-keys).
 * Both are platform bookkeeping without school data: the owner reads and writes them, no row-level security.
 */

const UP: readonly string[] = [
  `CREATE TABLE job_schedules (
    name varchar(100) NOT NULL,
    district_id text NOT NULL REFERENCES districts(id) ON DELETE CASCADE,
    cron varchar(100) NOT NULL,
    timezone varchar(50) NOT NULL,
    last_slot timestamptz NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (name, district_id)
  )`,
  `CREATE TABLE job_keys (
    name varchar(100) NOT NULL,
    key varchar(300) NOT NULL,
    job_id text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (name, key)
  )`,
  `CREATE INDEX job_keys_created_at_idx ON job_keys (created_at)`,
];

const DOWN: readonly string[] = [`DROP TABLE job_keys`, `DROP TABLE job_schedules`];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
