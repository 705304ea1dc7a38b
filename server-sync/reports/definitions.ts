import type { ReportDocument } from '../../src-shared/reports/document';
import {
  auditReportDocument,
  DISTRICT_REPORTS,
  immunizationComplianceDocument,
  districtParameterSchema,
  medicationSummaryDocument,
  outbreakLineListDocument,
  visitAnalyticsDocument,
  type DistrictReportMeta,
  type LayoutContext,
  type ReportParams,
} from '../../src-shared/reports/district';
import type { TenantTx } from '../db/tenant';
import type { z } from 'zod';
import { ReportError } from './errors';
import { auditReportData } from './queries/audit';
import { immunizationComplianceData } from './queries/immunization-compliance';
import { medicationSummaryData } from './queries/medication-summary';
import { outbreakLineListData } from './queries/outbreak-line-list';
import { reportSchools, type ReportSchool } from './queries/scope';
import { visitAnalyticsData } from './queries/visit-analytics';

/** What a report's query needs besides its parameters. */
export interface QueryContext {
  /** The caller's schools (row-level security holds them too). */
  readonly schoolIds: readonly string[];
  readonly district: { readonly id: string; readonly name: string; readonly timeZone: string };
}

/** What a report's query returns: its data, how many rows it read, which students it names. */
export interface QueryResult<D> {
  readonly data: D;
  readonly rows: number;
  readonly studentIds: readonly string[];
  /** The school whose data the report holds (report_instances.school_id); null: district-wide. */
  readonly schoolId: string | null;
}

/** A district report: its definition (data), its query (reads under the caller's tenancy) and its layout. */
export interface DistrictReport<D = unknown> {
  readonly meta: DistrictReportMeta;
  readonly schema: z.ZodType<ReportParams>;
  query(trx: TenantTx, p: ReportParams, ctx: QueryContext): Promise<QueryResult<D>>;
  layout(meta: DistrictReportMeta, ctx: LayoutContext, data: D): ReportDocument;
}

async function schoolsOf(trx: TenantTx, p: ReportParams, ctx: QueryContext): Promise<ReportSchool[]> {
  if (p.schoolId && !ctx.schoolIds.includes(p.schoolId))
    throw new ReportError('NOT_FOUND', 'schoolId', `no school ${p.schoolId} among your schools`);
  const schools = await reportSchools(trx, ctx.schoolIds, p.schoolId);
  if (p.schoolId && schools.length === 0)
    throw new ReportError('NOT_FOUND', 'schoolId', `no school ${p.schoolId} among your schools`);
  return schools;
}

const meta = (name: string): DistrictReportMeta => {
  const m = DISTRICT_REPORTS.find((r) => r.name === name);
  if (!m) throw new Error(`district report ${name} is not defined`);
  return m;
};

const define = <D>(name: string, r: Omit<DistrictReport<D>, 'meta' | 'schema'>): DistrictReport =>
  Object.freeze({
    meta: meta(name),
    schema: districtParameterSchema(meta(name)),
    ...r,
  });

export const DISTRICT_REPORT_DEFINITIONS: readonly DistrictReport[] = Object.freeze([
  define('visit-analytics', {
    async query(trx, p, ctx) {
      const r = await visitAnalyticsData(trx, p, await schoolsOf(trx, p, ctx));
      return { ...r, studentIds: [], schoolId: p.schoolId ?? null };
    },
    layout: visitAnalyticsDocument,
  }),
  define('medication-summary', {
    async query(trx, p, ctx) {
      const r = await medicationSummaryData(trx, p, await schoolsOf(trx, p, ctx));
      return { ...r, studentIds: [], schoolId: p.schoolId ?? null };
    },
    layout: medicationSummaryDocument,
  }),
  define('outbreak-line-list', {
    async query(trx, p, ctx) {
      const r = await outbreakLineListData(trx, p, await schoolsOf(trx, p, ctx));
      return { ...r, schoolId: p.schoolId ?? null };
    },
    layout: outbreakLineListDocument,
  }),
  define('immunization-compliance', {
    query: (trx, p, ctx) => immunizationComplianceData(trx, p, ctx.schoolIds),
    layout: immunizationComplianceDocument,
  }),
  define('audit', {
    async query(trx, p, ctx) {
      const r = await auditReportData(trx, p, ctx.district);
      return {
        data: r.data,
        rows: r.rows,
        studentIds: r.studentId ? [r.studentId] : [],
        schoolId: r.schoolId,
      };
    },
    layout: auditReportDocument,
  }),
]);

/** The report of a name; an unknown name is refused naming it. */
export function districtReport(name: string): DistrictReport {
  const r = DISTRICT_REPORT_DEFINITIONS.find((d) => d.meta.name === name);
  if (!r)
    throw new ReportError(
      'UNKNOWN_REPORT',
      null,
      `unknown report '${name}' (reports: ${DISTRICT_REPORT_DEFINITIONS.map((d) => d.meta.name).join(', ')})`,
    );
  return r;
}
