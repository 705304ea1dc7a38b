import { z } from 'zod';

/**
 * The HTTP contract of the SIS roster import (server-sync/sis/routes.ts, feature 42, docs/sis.md): upload a OneRoster
 * CSV zip for a dry run or an import, the runs with their counts and rejected records, the manual review queue and
 * the withdrawals held above the threshold. DISTRICT_ADMIN only.
 */

const id = z.string().min(1).max(64);

const counts = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});

export const importResult = z.object({
  read: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  transferred: z.number().int(),
  withdrawn: z.number().int(),
  unchanged: z.number().int(),
  heldForApproval: z.number().int(),
  review: z.number().int(),
  schools: counts,
  guardians: counts,
  jobId: z.string().nullable(),
  configId: z.string().nullable(),
  dryRun: z.boolean(),
  errors: z.array(
    z.object({
      file: z.string(),
      line: z.number().int().nullable(),
      sourcedId: z.string().nullable(),
      field: z.string().nullable(),
      reason: z.string(),
    }),
  ),
});

export const jobView = z.object({
  id: z.string(),
  configId: z.string(),
  status: z.string(),
  trigger: z.string().nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  read: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  transferred: z.number().int(),
  withdrawn: z.number().int(),
  unchanged: z.number().int(),
  errors: z.number().int(),
  heldForApproval: z.number().int(),
});
export type JobView = z.infer<typeof jobView>;

export const reviewView = z.object({
  id: z.string(),
  jobId: z.string(),
  studentId: z.string(),
  schoolId: z.string(),
  studentName: z.string(),
  sourcedId: z.string().nullable(),
  field: z.string(),
  whitecross: z.string().nullable(),
  sis: z.string().nullable(),
  createdAt: z.string(),
});

export const withdrawalView = z.object({
  id: z.string(),
  jobId: z.string(),
  schoolId: z.string(),
  schoolName: z.string(),
  withdrawCount: z.number().int(),
  activeCount: z.number().int(),
  thresholdPercent: z.number().int(),
  status: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
});

export const importQuery = z.strictObject({
  dryRun: z.enum(['true', 'false']).default('false'),
  configId: id.optional(),
});

export const runsQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) });
export const runsResponse = z.object({ runs: z.array(jobView) });

export const runErrorsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});
export const runErrorsResponse = z.object({
  errors: z.array(
    z.object({
      id: z.string(),
      file: z.string().nullable(),
      line: z.number().nullable(),
      sourcedId: z.string().nullable(),
      field: z.string().nullable(),
      type: z.string().nullable(),
      reason: z.string(),
      status: z.string(),
    }),
  ),
});

export const reviewsResponse = z.object({ reviews: z.array(reviewView) });
export const resolveReviewRequest = z.strictObject({
  action: z.enum(['TAKE_SIS', 'KEEP_WHITECROSS']),
  notes: z.string().trim().max(2000).optional(),
});
export const resolveReviewResponse = z.object({
  id: z.string(),
  action: z.enum(['UPDATED_WHITECROSS', 'SKIPPED']),
});

export const withdrawalsQuery = z.strictObject({
  status: z.enum(['PENDING', 'APPROVED', 'REJECTED']).default('PENDING'),
});
export const withdrawalsResponse = z.object({ withdrawals: z.array(withdrawalView) });
export const withdrawalDecisionResponse = z.object({
  id: z.string(),
  status: z.enum(['APPROVED', 'REJECTED']),
  withdrawn: z.number().int(),
});

export const sisIdParams = z.strictObject({ id });

export const sisEndpoints = Object.freeze({
  importRoster: { method: 'POST', path: '/sis/imports' },
  listRuns: { method: 'GET', path: '/sis/runs' },
  runErrors: { method: 'GET', path: '/sis/runs/:id/errors' },
  listReviews: { method: 'GET', path: '/sis/reviews' },
  resolveReview: { method: 'POST', path: '/sis/reviews/:id/resolve' },
  listWithdrawals: { method: 'GET', path: '/sis/withdrawals' },
  approveWithdrawal: { method: 'POST', path: '/sis/withdrawals/:id/approve' },
  rejectWithdrawal: { method: 'POST', path: '/sis/withdrawals/:id/reject' },
} as const);
