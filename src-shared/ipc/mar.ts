import { z } from 'zod';
import { SafetyOverride } from './medication-safety';
import { empty, id, instant, method, requiredText, slice, text } from './slice';

/** The MAR slice: today's medication administration record (src-main/workstation/mar/ipc.ts). */

export const MarRow = z.object({
  administrationId: id.optional(),
  studentMedicationId: id,
  studentId: id,
  studentName: z.string(),
  /** medications.id: what medicationSafety.check is asked about */
  medicationId: id,
  medication: z.string(),
  dose: z.string(),
  route: z.string(),
  scheduledAt: instant,
  status: z.enum(['SCHEDULED', 'GIVEN', 'MISSED', 'REFUSED', 'HELD', 'NOT_IN_SCHOOL']),
  by: z.string().optional(),
  at: instant.optional(),
  note: z.string().optional(),
  /** the dose given as recorded (GIVEN; after any correction) */
  doseGiven: z.string().optional(),
  /** EARLY / ON_TIME / LATE against the scheduled time's window (src-shared/mar: doseTiming) */
  timing: z.enum(['EARLY', 'ON_TIME', 'LATE']).optional(),
  /** the recorded dose was voided (kept, never deleted) */
  voided: z.boolean().optional(),
  /** corrections and voids on record (mar.history) */
  corrections: z.number().int().nonnegative().optional(),
});
export type MarRow = z.infer<typeof MarRow>;

export const MarRecordArgs = z
  .object({
    studentMedicationId: id,
    scheduledAt: instant,
    status: z.enum(['GIVEN', 'MISSED', 'REFUSED']),
    /** when the dose was given (GIVEN; default now) */
    givenAt: instant.optional(),
    /** the dose given (GIVEN; default the ordered dose): a number and a unit, at most the ordered dose */
    doseGiven: text(50).optional(),
    /** a dose of this order already given within its interval is refused unless confirmed as a PRN repeat with a reason */
    prnRepeatReason: text(500).optional(),
    note: text(1000).optional(),
    /** what the medication-safety check asks for before a GIVEN dose (medicationSafety.check: `requires`) */
    safetyOverride: SafetyOverride.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.status !== 'GIVEN' && !v.note)
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'say why the dose was not given' });
  });

export const MarCorrectArgs = z
  .object({
    administrationId: id,
    /** the corrected dose given (GIVEN doses) */
    doseGiven: text(50).optional(),
    /** the corrected time given (GIVEN doses), not in the future */
    givenAt: instant.optional(),
    note: text(1000).optional(),
    reason: requiredText(500),
  })
  .superRefine((v, ctx) => {
    if (v.doseGiven === undefined && v.givenAt === undefined && v.note === undefined)
      ctx.addIssue({ code: 'custom', path: ['doseGiven'], message: 'change the dose, the time or the note' });
  });

export const MarVoidArgs = z.object({ administrationId: id, reason: requiredText(500) });

export const MarCorrection = z.object({
  id,
  kind: z.enum(['CORRECTION', 'VOID']),
  /** field → [old, new] */
  changes: z.record(z.string(), z.tuple([z.string().nullable(), z.string().nullable()])),
  reason: z.string(),
  by: z.string(),
  at: instant,
});
export type MarCorrection = z.infer<typeof MarCorrection>;

export const MarHistory = z.object({
  administrationId: id,
  medication: z.string(),
  studentName: z.string(),
  status: z.string(),
  doseGiven: z.string().optional(),
  givenAt: instant.optional(),
  voided: z.boolean(),
  corrections: z.array(MarCorrection),
});
export type MarHistory = z.infer<typeof MarHistory>;

/** The chart's medication doses (mar.studentDoses): newest first, a page at a time. */
export const DOSES_PAGE = 25;

export const StudentDose = z.object({
  administrationId: id,
  medication: z.string(),
  status: z.string(),
  /** when given (or recorded as not given) */
  at: instant.optional(),
  doseGiven: z.string().optional(),
  route: z.string().optional(),
  by: z.string().optional(),
  /** given during this clinic visit (stock medication or an order) */
  clinicVisitId: id.optional(),
  /** given from stock (no order) */
  stock: z.boolean(),
  voided: z.boolean(),
  /** corrections and the void, oldest first */
  corrections: z.array(MarCorrection),
});
export type StudentDose = z.infer<typeof StudentDose>;

export const StudentDosesArgs = z
  .object({
    studentId: id,
    offset: z.number().int().min(0, 'at least 0').max(100_000, 'at most 100000').default(0),
    limit: z.number().int().min(1, 'at least 1').max(100, 'at most 100').default(DOSES_PAGE),
  })
  .strict();

export const StudentDosesResult = z.object({
  doses: z.array(StudentDose),
  /** the student's recorded doses, voided ones included */
  total: z.number().int().min(0),
  offset: z.number().int().min(0),
});
export type StudentDosesResult = z.infer<typeof StudentDosesResult>;

export const ControlledEntry = z.object({
  id,
  kind: z.enum(['RECEIVED', 'GIVEN', 'WASTED', 'RETURNED', 'VOIDED', 'COUNT']),
  quantity: z.number(),
  /** a COUNT: the balance the ledger expected */
  expected: z.number().optional(),
  /** the balance after this entry */
  balance: z.number(),
  by: z.string(),
  witness: z.string().optional(),
  at: instant,
  note: z.string().optional(),
});

export const ControlledStock = z.object({
  medicationId: id,
  medication: z.string(),
  schedule: z.enum(['II', 'III', 'IV', 'V']).optional(),
  balance: z.number(),
  lastCountAt: instant.optional(),
  /** the last COUNT did not reconcile */
  discrepancy: z.boolean(),
  /** newest first, at most 50 */
  entries: z.array(ControlledEntry),
});
export type ControlledStock = z.infer<typeof ControlledStock>;

export const MarStockResult = z.object({
  medications: z.array(ControlledStock),
  /** who may witness (active clinical users other than the nurse signed in) */
  witnesses: z.array(z.object({ id, name: z.string() })),
  /** the kinds that need a witness under the district's policy */
  witnessRequired: z.array(z.enum(['RECEIVED', 'WASTED', 'RETURNED', 'COUNT'])),
});
export type MarStockResult = z.infer<typeof MarStockResult>;

export const MarStockRecordArgs = z.object({
  medicationId: id,
  kind: z.enum(['RECEIVED', 'WASTED', 'RETURNED', 'COUNT']),
  /** unit doses; a COUNT: the unit doses counted */
  quantity: z
    .number({ message: 'a number of unit doses' })
    .min(0, 'at least 0')
    .max(100_000, 'at most 100000')
    .refine((n) => Math.round(n * 100) === n * 100, 'at most two decimals'),
  witnessUserId: id.optional(),
  note: text(1000).optional(),
});

export const marSlice = slice('mar', {
  'mar.today': method({ args: empty, result: z.array(MarRow), access: 'emergencyRead', polling: true }),
  'mar.record': method({
    args: MarRecordArgs,
    result: z.object({ id, timing: z.enum(['EARLY', 'ON_TIME', 'LATE']).optional() }),
    access: 'session',
  }),
  'mar.correct': method({ args: MarCorrectArgs, result: z.object({ id }), access: 'session' }),
  'mar.void': method({ args: MarVoidArgs, result: z.object({ id }), access: 'session' }),
  'mar.stock': method({ args: empty, result: MarStockResult, access: 'session' }),
  'mar.stockRecord': method({
    args: MarStockRecordArgs,
    result: z.object({ id, balance: z.number(), discrepancy: z.boolean() }),
    access: 'session',
  }),
  'mar.history': method({ args: z.object({ administrationId: id }), result: MarHistory, access: 'session' }),
  'mar.studentDoses': method({ args: StudentDosesArgs, result: StudentDosesResult, access: 'emergencyRead' }),
});
