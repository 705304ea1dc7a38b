import type { Kysely } from 'kysely';
import { Migrator, NO_MIGRATIONS, type MigrationResultSet } from 'kysely';
import { serverMigrations } from '../../migrations/server/index';

/** The migrator works on the database at any schema version, so it cannot use the current schema's types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDb = Kysely<any>;

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(
    message: string,
    readonly migrationName: string | undefined,
    override readonly cause: unknown,
  ) {
    super(message);
  }
}

function migrator(db: AnyDb): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(serverMigrations) },
  });
}

/** Throws (never logs and goes on): the whole run is one transaction on PostgreSQL, so a failure leaves the database as it was. */
function check(result: MigrationResultSet, verb: string): string[] {
  const failed = result.results?.find((r) => r.status === 'Error');
  if (result.error !== undefined) {
    const detail = result.error instanceof Error ? result.error.message : JSON.stringify(result.error);
    throw new MigrationError(
      `${verb} failed${failed ? ` in migration ${failed.migrationName}` : ''}: ${detail}`,
      failed?.migrationName,
      result.error,
    );
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function migrateServerToLatest(db: AnyDb): Promise<string[]> {
  return check(await migrator(db).migrateToLatest(), 'migrate');
}

/** Rolls back one migration, or every migration with `all`. Returns the names rolled back. */
export async function rollbackServer(db: AnyDb, options: { all: boolean }): Promise<string[]> {
  const m = migrator(db);
  return check(options.all ? await m.migrateTo(NO_MIGRATIONS) : await m.migrateDown(), 'rollback');
}

/** Migrates to the state right after `name` (up or down). */
export async function migrateServerTo(db: AnyDb, name: string): Promise<string[]> {
  return check(await migrator(db).migrateTo(name), `migrate to ${name}`);
}

export async function serverMigrationStatus(
  db: AnyDb,
): Promise<{ name: string; executedAt: Date | undefined }[]> {
  const list = await migrator(db).getMigrations();
  return list.map((m) => ({ name: m.name, executedAt: m.executedAt }));
}
