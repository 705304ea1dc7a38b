import { z } from 'zod';
import { SafetyOverride } from './medication-safety';
import { empty, id, instant, method, slice, text } from './slice';

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
});
export type MarRow = z.infer<typeof MarRow>;

export const MarRecordArgs = z
  .object({
    studentMedicationId: id,
    scheduledAt: instant,
    status: z.enum(['GIVEN', 'MISSED', 'REFUSED']),
    /** when the dose was given (GIVEN; default now) */
    givenAt: instant.optional(),
    note: text(1000).optional(),
    /** what the medication-safety check asks for before a GIVEN dose (medicationSafety.check: `requires`) */
    safetyOverride: SafetyOverride.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.status !== 'GIVEN' && !v.note)
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'say why the dose was not given' });
  });

export const marSlice = slice('mar', {
  'mar.today': method({ args: empty, result: z.array(MarRow), access: 'emergencyRead', polling: true }),
  'mar.record': method({ args: MarRecordArgs, result: z.object({ id }), access: 'session' }),
});
