import { z } from 'zod';
import { AuditAction } from '../enums';

/**
 * The HTTP contract of the audit log viewer (server-sync/audit/routes.ts): GET /audit/entries, for AUDITOR and
 * DISTRICT_ADMIN. Filters: who (e-mail or name, part of it), what (action, table), which student, when (a date range
 * in the district's time zone, both days included); newest first, paged by `before` (the chain sequence of the last
 * entry of the previous page). Reading the log is itself audited.
 */
export const AUDIT_PAGE_MAX = 200;

export const auditEntriesQuery = z
  .strictObject({
    who: z.string().trim().min(1).max(100).optional(),
    action: z.enum(AuditAction).optional(),
    table: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/, 'must be a table name, e.g. clinic_visits')
      .max(100)
      .optional(),
    studentId: z.string().min(1).max(64).optional(),
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    before: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).default(50),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'must not be before from' });
export type AuditEntriesQuery = z.input<typeof auditEntriesQuery>;

export const auditEntry = z.object({
  id: z.string(),
  seq: z.number().int(),
  at: z.iso.datetime(),
  action: z.enum(AuditAction),
  userId: z.string().nullable(),
  userEmail: z.string().nullable(),
  userName: z.string().nullable(),
  deviceId: z.string().nullable(),
  schoolId: z.string().nullable(),
  tableName: z.string().nullable(),
  recordId: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.unknown().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const auditEntriesResponse = z.object({
  entries: z.array(auditEntry),
  /** pass as `before` for the next (older) page; null on the last page */
  nextBefore: z.number().int().nullable(),
  /** the district's time zone the dates were read in */
  timeZone: z.string(),
});
export type AuditEntriesResponse = z.infer<typeof auditEntriesResponse>;

export const auditEndpoints = Object.freeze({
  entries: { method: 'GET', path: '/audit/entries' },
} as const);
