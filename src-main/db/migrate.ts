import type { Kysely } from 'kysely';
import { Migrator, NO_MIGRATIONS, type MigrationResultSet } from 'kysely';
import { workstationMigrations } from '../../migrations/workstation/index';

/** The migrator works on the database at any schema version, so it cannot use the current schema's types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDb = Kysely<any>;

function migrator(db: AnyDb): Migrator {
  return new Migrator({ db, provider: { getMigrations: () => Promise.resolve(workstationMigrations) } });
}

function check(result: MigrationResultSet, verb: string): string[] {
  if (result.error !== undefined) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const detail = result.error instanceof Error ? result.error.message : JSON.stringify(result.error);
    throw new Error(
      `workstation ${verb} failed${failed ? ` in migration ${failed.migrationName}` : ''}: ${detail}`,
      {
        cause: result.error,
      },
    );
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function migrateWorkstationToLatest(db: AnyDb): Promise<string[]> {
  return check(await migrator(db).migrateToLatest(), 'migrate');
}

export async function rollbackWorkstation(db: AnyDb, options: { all: boolean }): Promise<string[]> {
  const m = migrator(db);
  return check(options.all ? await m.migrateTo(NO_MIGRATIONS) : await m.migrateDown(), 'rollback');
}

export async function migrateWorkstationTo(db: AnyDb, name: string): Promise<string[]> {
  return check(await migrator(db).migrateTo(name), `migrate to ${name}`);
}
