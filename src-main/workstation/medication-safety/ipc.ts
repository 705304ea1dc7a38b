import type { medicationSafetySlice } from '../../../src-shared/ipc/medication-safety';
import { requireStudent } from '../context';
import type { FeatureDeps, SliceHandlers } from '../handlers';
import { checkView, decideSafety } from './check';
import { requireMedication } from './medication';

export const medicationSafetyHandlers = (d: FeatureDeps): SliceHandlers<typeof medicationSafetySlice> => ({
  'medicationSafety.check': (a) => {
    const ctx = d.ctx();
    const student = requireStudent(ctx, a.studentId);
    const medication = requireMedication(ctx, a.medicationId, 'medicationId');
    const decision = decideSafety(ctx, student.id, medication, {
      excludeStudentMedicationId: a.studentMedicationId,
    });
    // a read of the student's allergies and medications: audited like a chart view
    ctx.audit(d.actor(), 'VIEW', 'students', student.id, {
      what: 'medication_safety_check',
      medication_id: medication.id,
      highest: decision.result.highest,
      findings: decision.result.interactions.length + decision.result.allergyConflicts.length,
    });
    return checkView(decision);
  },
});
