import type { IpcParsedArgs, IpcResult } from '../../../src-shared/ipc/contract';
import { requireStudent, type WorkstationContext } from '../context';
import { checkAllergies, drugProfile, requireMedication } from './allergy-check';

/** visits.checkAllergies: what the visit form shows inline before saving. */
export function checkVisitAllergies(
  ctx: WorkstationContext,
  args: IpcParsedArgs<'clinicVisits.checkAllergies'>,
): IpcResult<'clinicVisits.checkAllergies'> {
  requireStudent(ctx, args.studentId);
  const m = requireMedication(ctx, args.medicationId, 'medicationId');
  return { matches: checkAllergies(ctx, args.studentId, drugProfile(ctx, m)) };
}
