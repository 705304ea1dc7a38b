import { z } from 'zod';
import { DETECTION_METHODS, OUTBREAK_STATUSES, parseSymptomExpression } from '../outbreaks';

/**
 * The HTTP contract of outbreak detection (server-sync/outbreaks/routes.ts, feature 37): the pattern catalog, the
 * alerts with their epidemic curve and cases, the workflow, the health-department notification and the on-demand
 * scan. DISTRICT_ADMIN, SCHOOL_ADMIN and NURSE read (their schools); DISTRICT_ADMIN edits patterns; the admins move
 * alerts through the workflow and run a scan.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const id = z.string().min(1).max(64);
export const Severity = ['LOW', 'MODERATE', 'HIGH', 'EPIDEMIC'] as const;
export const DiseaseCategory = [
  'RESPIRATORY',
  'GASTROINTESTINAL',
  'SKIN_INFECTION',
  'COMMUNICABLE_DISEASE',
  'VECTOR_BORNE',
] as const;

/** symptom_combination: refused with the reason (unknown symptom key, empty combination...) under the field `symptoms`. */
const symptomExpression = z.record(z.string(), z.unknown()).superRefine((v, ctx) => {
  const r = parseSymptomExpression(v);
  if (!r.ok) ctx.addIssue({ code: 'custom', message: r.reason });
});

// ---- Patterns
export const patternView = z.object({
  id: z.string(),
  name: z.string(),
  category: z.enum(DiseaseCategory).nullable(),
  symptoms: z.record(z.string(), z.unknown()),
  thresholdStudents: z.number().int(),
  thresholdPercent: z.number(),
  windowDays: z.number().int(),
  severity: z.enum(Severity).nullable(),
  reportable: z.boolean(),
  active: z.boolean(),
  /** null when the stored expression is valid; else why the scan skips it */
  invalidReason: z.string().nullable(),
  updatedAt: z.iso.datetime(),
});
export type PatternView = z.infer<typeof patternView>;

export const patternCreate = z.strictObject({
  name: z.string().trim().min(1).max(100),
  category: z.enum(DiseaseCategory).optional(),
  symptoms: symptomExpression,
  thresholdStudents: z.number().int().min(1).max(10_000).default(3),
  thresholdPercent: z.number().min(0).max(100).default(0),
  windowDays: z.number().int().min(1).max(60).default(7),
  severity: z.enum(Severity).optional(),
  reportable: z.boolean().default(false),
  active: z.boolean().default(true),
});
export type PatternCreate = z.input<typeof patternCreate>;

export const patternUpdate = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    category: z.enum(DiseaseCategory).nullable(),
    symptoms: symptomExpression,
    thresholdStudents: z.number().int().min(1).max(10_000),
    thresholdPercent: z.number().min(0).max(100),
    windowDays: z.number().int().min(1).max(60),
    severity: z.enum(Severity).nullable(),
    reportable: z.boolean(),
    active: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'name at least one field to change' });
export type PatternUpdate = z.input<typeof patternUpdate>;

// ---- Alerts
export const curveDay = z.object({
  date: isoDate,
  cases: z.number().int(),
  expected: z.number().nullable(),
  c1: z.number().nullable(),
  c2: z.number().nullable(),
  c3: z.number().nullable(),
});

export const signalView = z.object({
  method: z.enum(DETECTION_METHODS),
  date: isoDate,
  count: z.number(),
  expected: z.number(),
  statistic: z.number(),
});

export const alertView = z.object({
  id: z.string(),
  schoolId: z.string(),
  schoolName: z.string(),
  /** IANA zone of the school: show dates and times in it */
  timeZone: z.string(),
  patternId: z.string().nullable(),
  patternName: z.string().nullable(),
  status: z.enum(OUTBREAK_STATUSES),
  allowedTransitions: z.array(z.enum(OUTBREAK_STATUSES)),
  severity: z.enum(Severity).nullable(),
  alertDate: z.iso.datetime(),
  affectedStudents: z.number().int(),
  population: z.number().int().nullable(),
  percentAffected: z.number().nullable(),
  /** the detectors that alarmed, first the one that opened the alert (null for alerts recorded without a scan) */
  detection: z
    .object({ method: z.enum(DETECTION_METHODS), asOf: isoDate, signals: z.array(signalView) })
    .nullable(),
  epidemicCurve: z.array(curveDay),
  grades: z.array(z.object({ grade: z.string(), cases: z.number().int() })),
  locations: z.array(z.object({ location: z.string(), cases: z.number().int() })),
  healthDepartment: z.object({
    reportable: z.boolean(),
    notified: z.boolean(),
    notifiedAt: z.iso.datetime().nullable(),
    /** what to do when a reportable outbreak is not yet notified; null otherwise */
    prompt: z.string().nullable(),
  }),
  containmentMeasures: z.unknown(),
  resolvedAt: z.iso.datetime().nullable(),
  resolutionNotes: z.string().nullable(),
});
export type AlertView = z.infer<typeof alertView>;

export const alertCase = z.object({
  symptomTrackingId: z.string(),
  studentId: z.string(),
  /** NURSE and SCHOOL_ADMIN only; null for district roles */
  studentName: z.string().nullable(),
  grade: z.string().nullable(),
  location: z.string().nullable(),
  onsetDate: isoDate,
  temporalDistanceDays: z.number().int().nullable(),
  cluster: z.number().int().nullable(),
  linkStrength: z.enum(['STRONG', 'MODERATE', 'WEAK']).nullable(),
  symptoms: z.array(z.string()),
});
export const alertDetail = alertView.extend({ cases: z.array(alertCase) });
export type AlertDetail = z.infer<typeof alertDetail>;

export const alertListQuery = z.strictObject({
  status: z.enum(OUTBREAK_STATUSES).optional(),
  schoolId: id.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const alertIdParams = z.strictObject({ id });

export const statusChange = z.strictObject({
  status: z.enum(OUTBREAK_STATUSES),
  /** required to resolve */
  note: z.string().trim().min(1).max(2000).optional(),
  containmentMeasures: z.array(z.string().trim().min(1).max(300)).max(30).optional(),
});

export const healthDepartmentNotification = z.strictObject({
  agency: z.string().trim().min(1).max(200),
  method: z.enum(['PHONE', 'FAX', 'EMAIL', 'PORTAL', 'LETTER']),
  reference: z.string().trim().min(1).max(100).optional(),
  notes: z.string().trim().min(1).max(2000).optional(),
});

export const scanRequest = z.strictObject({
  asOf: isoDate.optional(),
  schoolIds: z.array(id).min(1).max(500).optional(),
});
export const scanResponse = z.object({
  districts: z.array(z.object({ districtId: z.string(), asOf: isoDate, schools: z.number().int() })),
  patterns: z.number().int(),
  evaluated: z.number().int(),
  created: z.array(
    z.object({
      alertId: z.string(),
      schoolId: z.string(),
      patternName: z.string(),
      method: z.enum(DETECTION_METHODS),
    }),
  ),
  updated: z.array(z.string()),
  skippedPatterns: z.array(z.object({ id: z.string(), name: z.string(), reason: z.string() })),
});

export const outbreakEndpoints = Object.freeze({
  listPatterns: { method: 'GET', path: '/outbreaks/patterns' },
  createPattern: { method: 'POST', path: '/outbreaks/patterns' },
  updatePattern: { method: 'PATCH', path: '/outbreaks/patterns/:id' },
  listAlerts: { method: 'GET', path: '/outbreaks/alerts' },
  getAlert: { method: 'GET', path: '/outbreaks/alerts/:id' },
  setStatus: { method: 'POST', path: '/outbreaks/alerts/:id/status' },
  notifyHealthDepartment: { method: 'POST', path: '/outbreaks/alerts/:id/health-department-notification' },
  scan: { method: 'POST', path: '/outbreaks/scan' },
} as const);
