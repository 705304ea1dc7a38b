import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { DistrictReportMeta } from '../../src-shared/reports/district';
import type { ServerDb } from '../db/connect';
import type { Transaction } from 'kysely';
import type { ServerDatabase } from '../../src-shared/db/server-schema.generated';
import { DISTRICT_REPORT_DEFINITIONS } from './definitions';

const row = (m: DistrictReportMeta) => ({
  report_code: m.code,
  report_name: m.title,
  report_category: m.category,
  description: m.description,
  template_type: 'PDF' as const,
  template_path: `src-shared/reports/district/layouts/${m.name}.ts`,
  // the engine is pdf-lib, which the column's check (JSPDF, HANDLEBARS, PUPPETEER) does not name: left empty
  template_engine: null,
  data_source_query: `server-sync/reports/queries/${m.name}.ts`,
  required_parameters: JSON.stringify(
    m.parameters.filter((p) => p.required).map((p) => ({ name: p.name, type: p.type, label: p.label })),
  ),
  optional_parameters: JSON.stringify(
    m.parameters.filter((p) => !p.required).map((p) => ({ name: p.name, type: p.type, label: p.label })),
  ),
  output_filename_pattern: m.fileName,
  page_orientation: m.orientation,
  page_size: 'LETTER' as const,
  includes_phi: m.phi,
  includes_pii: m.phi,
  access_roles: JSON.stringify(m.roles),
  is_active: true,
  deleted_at: null,
});

/**
 * Upserts one definition into report_definitions (by report_code) and returns its id; a changed definition updates
 * its row (and updated_at), an unchanged one is left as it is.
 */
export async function upsertReportDefinition(
  db: ServerDb | Transaction<ServerDatabase>,
  m: DistrictReportMeta,
  now: Date,
): Promise<string> {
  const r = row(m);
  const existing = await db
    .selectFrom('report_definitions')
    .select([
      'id',
      'report_name',
      'description',
      'required_parameters',
      'optional_parameters',
      'access_roles',
      'is_active',
      'deleted_at',
    ])
    .where('report_code', '=', m.code)
    .executeTakeFirst();
  if (!existing) {
    await db
      .insertInto('report_definitions')
      .values({ id: uuidv7(), ...r, created_at: now, updated_at: now })
      .execute();
  } else {
    const same =
      existing.report_name === r.report_name &&
      existing.description === r.description &&
      JSON.stringify(existing.required_parameters) === r.required_parameters &&
      JSON.stringify(existing.optional_parameters) === r.optional_parameters &&
      JSON.stringify(existing.access_roles) === r.access_roles &&
      existing.is_active &&
      existing.deleted_at === null;
    if (!same)
      await db
        .updateTable('report_definitions')
        .set({ ...r, updated_at: now })
        .where('id', '=', existing.id)
        .execute();
  }
  const id = await db
    .selectFrom('report_definitions')
    .select('id')
    .where('report_code', '=', m.code)
    .executeTakeFirstOrThrow();
  return id.id;
}

/** Every district report into report_definitions (at server start, like other reference data). */
export async function syncReportDefinitions(db: ServerDb, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(7301982201)`.execute(trx);
    for (const d of DISTRICT_REPORT_DEFINITIONS) await upsertReportDefinition(trx, d.meta, now);
    return DISTRICT_REPORT_DEFINITIONS.length;
  });
}
