import { z } from 'zod';
import { PAIN_SCALES, VISIT_DISPOSITIONS, type AMENDABLE_FIELDS } from '../clinic-visits';
import { VisitSeverityTriage } from '../enums';
import { id, instant, method, requiredText, text } from './slice';

/**
 * The clinic visits slice, continued (src-shared/ipc/clinic-visits.ts merges these): a visit read back with its
 * amendment history, finishing a visit still in the clinic, amending a saved visit with a reason, and the new-visit
 * form's draft kept on this workstation.
 */

export const VisitDispositionSchema = z.enum(VISIT_DISPOSITIONS);

export const VisitFinishArgs = z
  .object({
    visitId: id,
    disposition: VisitDispositionSchema,
    /** when the student left the clinic (sent home, emergency transport; optional when back to class) */
    departedAt: instant.optional(),
    /** back in class at (RETURNED_TO_CLASS) */
    returnedToClassAt: instant.optional(),
    parentNotifiedAt: instant.optional(),
    followUp: text(2000).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.disposition === 'RETURNED_TO_CLASS' && !v.returnedToClassAt)
      ctx.addIssue({
        code: 'custom',
        path: ['returnedToClassAt'],
        message: 'when did the student return to class?',
      });
    if (v.disposition !== 'RETURNED_TO_CLASS' && !v.departedAt)
      ctx.addIssue({ code: 'custom', path: ['departedAt'], message: 'when did the student leave?' });
    if (v.disposition !== 'RETURNED_TO_CLASS' && v.returnedToClassAt)
      ctx.addIssue({
        code: 'custom',
        path: ['returnedToClassAt'],
        message: 'a student who left school does not return to class',
      });
    if (v.departedAt && v.returnedToClassAt && Date.parse(v.returnedToClassAt) < Date.parse(v.departedAt))
      ctx.addIssue({
        code: 'custom',
        path: ['returnedToClassAt'],
        message: 'cannot be before the departure',
      });
  });
export type VisitFinishArgs = z.infer<typeof VisitFinishArgs>;

const num = z.number({ message: 'must be a number' });
/** New values of a visit's fields (null clears an optional one); the ranges are the core's (vitalProblem). */
export const VisitAmendChanges = z
  .object({
    complaint: requiredText(2000),
    treatment: text(4000).nullable(),
    notes: text(4000).nullable(),
    followUp: text(2000).nullable(),
    triage: z.enum(VisitSeverityTriage),
    temperatureF: num.nullable(),
    heartRate: num.nullable(),
    systolic: num.nullable(),
    diastolic: num.nullable(),
    bloodGlucose: num.nullable(),
    spo2: num.nullable(),
    respiratoryRate: num.nullable(),
    painScore: num.nullable(),
    painScale: z.enum(PAIN_SCALES).nullable(),
    peakFlow: num.nullable(),
    departedAt: instant.nullable(),
    returnedToClassAt: instant.nullable(),
    parentNotifiedAt: instant.nullable(),
    disposition: VisitDispositionSchema.nullable(),
  } satisfies Record<keyof typeof AMENDABLE_FIELDS, z.ZodType>)
  .partial()
  .strict();

export const VisitAmendArgs = z
  .object({
    visitId: id,
    changes: VisitAmendChanges,
    reason: requiredText(1000).min(5, 'give a reason (at least 5 characters)'),
  })
  .strict();
export type VisitAmendArgs = z.infer<typeof VisitAmendArgs>;

const value = z.union([z.string(), z.number(), z.null()]);
export const VisitAmendment = z.object({
  id,
  amendedAt: instant,
  amendedBy: z.string(),
  reason: z.string(),
  changes: z.array(z.object({ field: z.string(), label: z.string(), old: value, new: value })),
});
export type VisitAmendment = z.infer<typeof VisitAmendment>;

export const VisitDetail = z.object({
  visitId: id,
  studentId: id,
  studentName: z.string(),
  arrivedAt: instant,
  departedAt: instant.optional(),
  returnedToClassAt: instant.optional(),
  sentHome: z.boolean(),
  disposition: VisitDispositionSchema.optional(),
  inClinic: z.boolean(),
  reason: z.string(),
  reasonCode: z.string().optional(),
  triage: z.enum(VisitSeverityTriage).optional(),
  complaint: z.string(),
  treatment: z.string().optional(),
  followUp: z.string().optional(),
  notes: z.string().optional(),
  vitals: z.record(z.string(), z.number()),
  /** the scale of vitals.painScore (present with it) */
  painScale: z.enum(PAIN_SCALES).optional(),
  parentNotifiedAt: instant.optional(),
  attendedBy: z.string().optional(),
  amendments: z.array(VisitAmendment),
});
export type VisitDetail = z.infer<typeof VisitDetail>;

/** The form's state as the renderer keeps it: a small JSON object (at most 64 KB once serialized). */
export const VisitDraft = z
  .record(z.string(), z.unknown())
  .refine((d) => JSON.stringify(d).length <= 65_536, 'the draft is too large (at most 64 KB)');

export const visitRecordMethods = {
  'clinicVisits.get': method({
    args: z.object({ visitId: id }).strict(),
    result: VisitDetail,
    access: 'emergencyRead',
  }),
  'clinicVisits.finish': method({
    args: VisitFinishArgs,
    result: z.object({ visitId: id }),
    access: 'session',
  }),
  'clinicVisits.amend': method({
    args: VisitAmendArgs,
    result: z.object({ amendmentId: id }),
    access: 'session',
  }),
  'clinicVisits.saveDraft': method({
    args: z.object({ studentId: id, draft: VisitDraft }).strict(),
    result: z.object({ savedAt: instant }),
    access: 'session',
  }),
  'clinicVisits.getDraft': method({
    args: z.object({ studentId: id }).strict(),
    result: z.object({ draft: VisitDraft, savedAt: instant }).nullable(),
    access: 'session',
  }),
  'clinicVisits.discardDraft': method({
    args: z.object({ studentId: id }).strict(),
    result: z.object({ discarded: z.boolean() }),
    access: 'session',
  }),
} as const;
