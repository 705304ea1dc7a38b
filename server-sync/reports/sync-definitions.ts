import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { ReportCategory } from '../../src-shared/reports';
import type { DistrictReportMeta } from '../../src-shared/reports/district';
import {
  WORKSTATION_REPORT_DEFINITIONS,
  type WorkstationReportMeta,
} from '../../src-shared/reports/workstation';
import type { UserRole } from '../../src-shared/enums';
import type { ServerDb } from '../db/connect';
import type { Transaction } from 'kysely';
import type { ServerDatabase } from '../../src-shared/db/server-schema.generated';
import { DISTRICT_REPORT_DEFINITIONS } from './definitions';

/** What a report_definitions row says of a report, district or workstation alike. */
export interface ReportDefinitionSource {
  readonly code: string;
  readonly title: string;
  readonly category: ReportCategory;
  readonly description: string;
  readonly parameters: readonly {
    readonly name: string;
    readonly type: string;
    readonly required: boolean;
    readonly label: string;
  }[];
  readonly roles: readonly UserRole[];
  readonly retentionDays: number;
  readonly orientation: 'PORTRAIT' | 'LANDSCAPE';
  readonly phi: boolean;
  readonly fileName: string;
  /** Where its layout is (report_definitions.template_path). */
  readonly templatePath: string;
  /** Where its query is (report_definitions.data_source_query). */
  readonly dataSource: string;
}

/** A district report's definition: rendered by the server (server-sync/reports/service.ts). */
export const districtDefinitionSource = (m: DistrictReportMeta): ReportDefinitionSource => ({
  ...m,
  templatePath: `src-shared/reports/district/layouts/${m.name}.ts`,
  dataSource: `server-sync/reports/queries/${m.name}.ts`,
});

/** A workstation report's definition: rendered offline by the workstation (src-main/workstation/reports). */
export const workstationDefinitionSource = (m: WorkstationReportMeta): ReportDefinitionSource => ({
  ...m,
  templatePath: `src-shared/reports/workstation/${m.builder}.ts`,
  dataSource: `src-main/workstation/reports/${m.name === 'marSheet' ? 'read-mar' : 'read'}.ts`,
});

const params = (m: ReportDefinitionSource, required: boolean) =>
  JSON.stringify(
    m.parameters
      .filter((p) => p.required === required)
      .map((p) => ({ name: p.name, type: p.type, label: p.label })),
  );

const row = (m: ReportDefinitionSource) => ({
  report_code: m.code,
  report_name: m.title,
  report_category: m.category,
  description: m.description,
  template_type: 'PDF' as const,
  template_path: m.templatePath,
  // the engine is pdf-lib, which the column's check (JSPDF, HANDLEBARS, PUPPETEER) does not name: left empty
  template_engine: null,
  data_source_query: m.dataSource,
  required_parameters: params(m, true),
  optional_parameters: params(m, false),
  output_filename_pattern: m.fileName,
  page_orientation: m.orientation,
  page_size: 'LETTER' as const,
  includes_phi: m.phi,
  includes_pii: m.phi,
  access_roles: JSON.stringify(m.roles),
  retention_days: m.retentionDays,
  is_active: true,
  deleted_at: null,
});

/**
 * Upserts one definition into report_definitions (by report_code) and returns its id; a changed definition updates
 * its row (and updated_at), an unchanged one is left as it is.
 */
export async function upsertReportDefinition(
  db: ServerDb | Transaction<ServerDatabase>,
  m: ReportDefinitionSource,
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
      'template_path',
      'data_source_query',
      'output_filename_pattern',
      'page_orientation',
      'includes_phi',
      'report_category',
      'retention_days',
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
      existing.template_path === r.template_path &&
      existing.data_source_query === r.data_source_query &&
      existing.output_filename_pattern === r.output_filename_pattern &&
      existing.page_orientation === r.page_orientation &&
      existing.includes_phi === r.includes_phi &&
      existing.report_category === r.report_category &&
      existing.retention_days === r.retention_days &&
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

/** Every report's definition: the district's (run by the server) and the workstation's (printed offline). */
export const ALL_REPORT_DEFINITION_SOURCES: readonly ReportDefinitionSource[] = Object.freeze([
  ...DISTRICT_REPORT_DEFINITIONS.map((d) => districtDefinitionSource(d.meta)),
  ...WORKSTATION_REPORT_DEFINITIONS.map(workstationDefinitionSource),
]);

/**
 * Every district and workstation report into report_definitions (at server start, like other reference data); the
 * workstations pull them and look a print's definition up by its code (src-main/workstation/reports/instances.ts).
 */
export async function syncReportDefinitions(db: ServerDb, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(7301982201)`.execute(trx);
    for (const d of ALL_REPORT_DEFINITION_SOURCES) await upsertReportDefinition(trx, d, now);
    return ALL_REPORT_DEFINITION_SOURCES.length;
  });
}
