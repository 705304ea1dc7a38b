import { z } from 'zod';

/**
 * The HTTP contract of the state immunization registry (server-sync/registry/routes.ts, feature 43): the
 * submission queue by status, a submission's errors with the field and the dose, resubmitting, per-school
 * statistics, and the connections with their test. DISTRICT_ADMIN sees every school and the connections;
 * SCHOOL_ADMIN and NURSE their schools' queue (the student's name shown to them only).
 */

/** What a person sees of a submission: held (never sent: the dose misses what the guide requires), ... */
export const SubmissionState = [
  'HELD',
  'PENDING',
  'SENT',
  'ACCEPTED',
  'ACCEPTED_WITH_ERRORS',
  'REJECTED',
  'ERROR',
] as const;
export type SubmissionState = (typeof SubmissionState)[number];

const id = z.string().min(1).max(64);

export const submissionListQuery = z.strictObject({
  state: z.enum(SubmissionState).optional(),
  schoolId: id.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const submissionView = z.object({
  id: z.string(),
  state: z.enum(SubmissionState),
  action: z.enum(['A', 'U', 'D']).nullable(),
  vaccinationId: z.string().nullable(),
  studentId: z.string(),
  studentName: z.string().nullable(),
  schoolId: z.string(),
  schoolName: z.string(),
  vaccine: z.string().nullable(),
  administrationDate: z.string().nullable(),
  /** UTC ISO, and as the school's people read it (its time zone). */
  submittedAt: z.string(),
  submittedAtLocal: z.string(),
  retryCount: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  acknowledgmentCode: z.string().nullable(),
  openErrors: z.number().int(),
});
export type SubmissionView = z.infer<typeof submissionView>;

export const submissionErrorView = z.object({
  id: z.string(),
  type: z.string().nullable(),
  code: z.string().nullable(),
  segment: z.string().nullable(),
  field: z.string().nullable(),
  valueSent: z.string().nullable(),
  message: z.string(),
  resolution: z.string(),
  at: z.string(),
  atLocal: z.string(),
});

export const submissionDetail = submissionView.extend({
  holdReasons: z.array(z.object({ field: z.string(), reason: z.string() })),
  errors: z.array(submissionErrorView),
  summary: z.string().nullable(),
  hl7Message: z.string().nullable(),
  hl7Response: z.string().nullable(),
});

export const submissionIdParams = z.strictObject({ id });

export const resubmitResponse = z.object({ submissionId: z.string(), held: z.boolean() });

export const statisticsView = z.object({
  schools: z.array(
    z.object({
      schoolId: z.string(),
      schoolName: z.string(),
      counts: z.record(z.enum(SubmissionState), z.number().int()),
    }),
  ),
});

export const connectionView = z.object({
  id: z.string(),
  name: z.string(),
  stateCode: z.string(),
  endpoint: z.string().nullable(),
  status: z.string(),
  testMode: z.boolean(),
  facilityId: z.string().nullable(),
  receivingApplication: z.string().nullable(),
  receivingFacility: z.string().nullable(),
  credentialsStored: z.boolean(),
  clientCertificate: z.boolean(),
  lastSuccess: z.string().nullable(),
  lastError: z.string().nullable(),
});

export const connectionTestResult = z.object({ ok: z.boolean(), message: z.string() });

// ---- Query the registry for a student (QBP^Q11 Z34 / Z44)
export const queryRequest = z.strictObject({ profile: z.enum(['Z34', 'Z44']).default('Z34') });

const registryDose = z.object({
  date: z.string(),
  cvx: z.string(),
  vaccineName: z.string(),
  lot: z.string().nullable(),
  mvx: z.string().nullable(),
  historical: z.boolean(),
});

export const queryResponse = z.object({
  submissionId: z.string(),
  /** HISTORY (one match), CANDIDATES, NO_MATCH, TOO_MANY, ERROR. */
  outcome: z.enum(['HISTORY', 'CANDIDATES', 'NO_MATCH', 'TOO_MANY', 'ERROR']),
  summary: z.string(),
  registryId: z.string().nullable(),
  /** What reconciling the registry's doses with the record found; nothing is added until the nurse agrees. */
  matched: z.array(z.object({ doseId: z.string(), date: z.string(), cvx: z.string() })),
  added: z.array(registryDose),
  differences: z.array(
    z.object({
      doseId: z.string(),
      field: z.string(),
      recorded: z.string().nullable(),
      registry: z.string().nullable(),
    }),
  ),
  forecasts: z.array(
    z.object({
      vaccineGroup: z.string(),
      observations: z.array(z.object({ code: z.string(), text: z.string(), value: z.string() })),
    }),
  ),
});
