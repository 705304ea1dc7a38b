import { sql, type Kysely } from 'kysely';

/**
 * Workstation (SQLite) copy of server migration 0030_report-definition-retention: report_definitions.retention_days
 * (days a generated report is kept; null when the definition says none), mapped per docs/data-model.md (INTEGER, the
 * CHECK named as PostgreSQL names it). report_definitions is pulled: the column arrives with the district's rows, and
 * the workstation reads it to set expires_at on the report_instances it writes for its prints.
 */
const UP: readonly string[] = [
  `ALTER TABLE report_definitions ADD COLUMN retention_days INTEGER
    CONSTRAINT report_definitions_retention_days_check CHECK (retention_days > 0)`,
];

const DOWN: readonly string[] = [`ALTER TABLE report_definitions DROP COLUMN retention_days`];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
