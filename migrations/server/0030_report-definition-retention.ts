import { sql, type Kysely } from 'kysely';

/**
 * A report definition says how long a generated report is kept (issue 11: "an instance ... expires by the
 * definition's retention"): report_definitions.retention_days, the days from generated_at to expires_at of each of
 * its instances. Null for a definition written before this migration (or by hand) that says none: its instances get
 * no expiry from it. More than zero: report_instances_expires_at_check wants expires_at after generated_at.
 *
 * A new column of a synced (pulled) table: the change capture of 0019 carries it like any other column, and the
 * workstation's 0011 adds it to its copy.
 */
const UP: readonly string[] = [
  `ALTER TABLE report_definitions ADD COLUMN retention_days integer
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
