import { z } from 'zod';
import { ReportCategory } from '../reports';
import { UserRole } from '../enums';

/**
 * The HTTP contract of district reports (server-sync/reports/routes.ts), shared by the server and the console.
 * Parameters travel as strings and are checked against the report's own schema on the server (a bad one is a 400
 * naming it: `{ error: 'BAD_PARAMETER', message: 'from: must be ...', issues: [{ path: 'from', message }] }`).
 */

export const reportParameterView = z.object({
  name: z.string(),
  type: z.enum(['school', 'student', 'user', 'date']),
  required: z.boolean(),
  label: z.string(),
});

export const reportDefinitionView = z.object({
  name: z.string(),
  code: z.string(),
  title: z.string(),
  category: z.enum(ReportCategory),
  description: z.string(),
  parameters: z.array(reportParameterView),
  /** "give studentId or userId" */
  oneOf: z.array(z.array(z.string())),
  roles: z.array(z.enum(UserRole)),
  retentionDays: z.number().int().positive(),
  archival: z.boolean(),
  signed: z.boolean(),
});
export type ReportDefinitionView = z.infer<typeof reportDefinitionView>;

/** GET /reports/definitions: the reports the caller's role may run. */
export const reportDefinitionsResponse = z.object({ reports: z.array(reportDefinitionView) });

export const reportNameParams = z.strictObject({
  name: z.string().regex(/^[a-z0-9-]{1,60}$/, 'a report name'),
});
export const reportInstanceParams = z.strictObject({ id: z.string().min(1).max(64) });

/** POST /reports/:name/runs */
export const runReportRequest = z.strictObject({
  parameters: z.record(z.string().max(100), z.string().max(200)),
});

export const reportInstanceView = z.object({
  id: z.string(),
  report: z.string(),
  title: z.string(),
  schoolId: z.string().nullable(),
  schoolName: z.string().nullable(),
  generatedAt: z.iso.datetime(),
  generatedBy: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  status: z.enum(['GENERATING', 'COMPLETED', 'FAILED']),
  error: z.string().nullable(),
  fileName: z.string(),
  sizeBytes: z.number().int().nullable(),
  sha256: z.string().nullable(),
  pageCount: z.number().int().nullable(),
  expiresAt: z.iso.datetime().nullable(),
  downloads: z.number().int(),
  archived: z.boolean(),
});
export type ReportInstanceView = z.infer<typeof reportInstanceView>;

/** GET /reports/instances?report=&limit= */
export const reportInstancesQuery = z.strictObject({
  report: z
    .string()
    .regex(/^[a-z0-9-]{1,60}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const reportInstancesResponse = z.object({ instances: z.array(reportInstanceView) });
