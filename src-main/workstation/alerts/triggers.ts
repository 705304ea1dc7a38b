import { alertKey } from '../../../src-shared/alerts';
import type { AlertPriority } from '../../../src-shared/enums';
import { query, type Actor, type WorkstationContext } from '../context';
import { raiseLocalAlert, WORKSTATION_ACTOR, type RaiseOutcome } from './write';

/**
 * The built-in triggers that happen on the workstation (feature 26), each raising its alert here, offline
 * included; the next sync pushes it and the district server delivers it (e-mail, SMS, escalation). Each names
 * what happened with its alertKey, so a second raise (a retry, another workstation, the server) is the same row.
 */

/** A clinic visit saved with EMERGENCY triage (call inside the visit's transaction). */
export function raiseEmergencyVisit(
  ctx: WorkstationContext,
  actor: Actor,
  v: { visitId: string; studentId: string; studentName: string; complaint: string; emsCalled?: boolean },
): RaiseOutcome {
  return raiseLocalAlert(ctx, actor, {
    code: 'EMERGENCY_HEALTH',
    key: alertKey.emergencyVisit(v.visitId),
    target: { type: 'STUDENT', id: v.studentId },
    event: 'clinic_visit.triage_emergency',
    priority: 'EMERGENCY',
    data: {
      student_name: v.studentName,
      school:
        ctx.first(query.selectFrom('schools').select('name').where('id', '=', ctx.schoolId))?.name ?? null,
      complaint: v.complaint,
      visit_id: v.visitId,
      ems_called: v.emsCalled === undefined ? 'not recorded' : v.emsCalled ? 'yes' : 'no',
    },
  });
}

/**
 * The alert's priority for the worst finding overridden: a contraindicated one is CRITICAL; otherwise the
 * definition's own priority (the district's choice, never lowered here).
 */
const OVERRIDE_PRIORITY: Readonly<Record<string, AlertPriority>> = { CONTRAINDICATED: 'CRITICAL' };

/**
 * A medication given although the medication-safety check warned against it (an allergy conflict, a major or
 * contraindicated interaction): the nurse overrode it with a reason, and a physician's approval where the level
 * requires one (call inside the administration's transaction). Raised for every override, its priority from the
 * worst finding.
 */
export function raiseContraindicatedOverride(
  ctx: WorkstationContext,
  actor: Actor,
  o: {
    administrationId: string;
    overrideId: string;
    studentId: string;
    studentName: string;
    medication: string;
    /** the worst finding overridden (MINOR..CONTRAINDICATED) */
    severity: string;
    /** the findings, one line each */
    warning: string;
    allergens: readonly string[];
    reason: string;
    physicianName: string | null;
  },
): RaiseOutcome {
  const priority = OVERRIDE_PRIORITY[o.severity];
  return raiseLocalAlert(ctx, actor, {
    code: 'CONTRAINDICATED_OVERRIDE',
    key: alertKey.contraindicatedOverride(o.administrationId),
    target: { type: 'STUDENT', id: o.studentId },
    event: 'medication_administration.safety_override',
    ...(priority ? { priority } : {}),
    data: {
      student_name: o.studentName,
      medication: o.medication,
      severity: o.severity,
      warning: `${o.severity.toLowerCase()} (${o.warning})`,
      allergen: o.allergens.length > 0 ? o.allergens.join(', ') : 'none',
      reason: o.reason,
      physician: o.physicianName ?? 'none',
      administration_id: o.administrationId,
      override_id: o.overrideId,
      given_by: actor.name,
    },
  });
}

/** A scheduled dose past its window with nothing recorded, or recorded as missed. */
export function raiseMedicationMissed(
  ctx: WorkstationContext,
  actor: Actor,
  d: {
    studentMedicationId: string;
    scheduledAt: string;
    studentId: string;
    studentName: string;
    medication: string;
    status?: string;
  },
): RaiseOutcome {
  const scheduledAt = new Date(Date.parse(d.scheduledAt)).toISOString();
  return raiseLocalAlert(ctx, actor, {
    code: 'MEDICATION_MISSED',
    key: alertKey.missedDose(d.studentMedicationId, scheduledAt),
    target: { type: 'STUDENT', id: d.studentId },
    event: d.status ? 'medication_administration.not_given' : 'medication_schedule.missed_window',
    data: {
      student_name: d.studentName,
      medication: d.medication,
      scheduled_time: scheduledAt,
      student_medication_id: d.studentMedicationId,
      ...(d.status ? { status: d.status } : {}),
    },
  });
}

/** A required immunization dose overdue: its due date plus the state's grace period has passed. */
export function raiseImmunizationOverdue(
  ctx: WorkstationContext,
  o: { studentId: string; studentName: string; vaccine: string; dose: number; dueOn: string },
): RaiseOutcome {
  return raiseLocalAlert(ctx, WORKSTATION_ACTOR, {
    code: 'IMMUNIZATION_OVERDUE',
    key: alertKey.immunizationOverdue(o.studentId, o.vaccine, o.dose, o.dueOn),
    target: { type: 'STUDENT', id: o.studentId },
    event: 'immunization_compliance_check',
    data: { student_name: o.studentName, vaccine: o.vaccine, dose: o.dose, due_date: o.dueOn },
  });
}

/** A controlled-substance count that does not reconcile with the ledger (call inside the count's transaction). */
export function raiseControlledCountDiscrepancy(
  ctx: WorkstationContext,
  actor: Actor,
  c: { transactionId: string; medication: string; counted: number; expected: number },
): RaiseOutcome {
  const diff = Math.round((c.counted - c.expected) * 100) / 100;
  return raiseLocalAlert(ctx, actor, {
    code: 'CONTROLLED_COUNT_DISCREPANCY',
    key: alertKey.controlledCountDiscrepancy(c.transactionId),
    target: { type: 'SCHOOL', id: ctx.schoolId },
    event: 'controlled_substance.count_discrepancy',
    data: {
      medication: c.medication,
      school:
        ctx.first(query.selectFrom('schools').select('name').where('id', '=', ctx.schoolId))?.name ?? null,
      counted: String(c.counted),
      expected: String(c.expected),
      difference: diff > 0 ? `${diff} over` : `${-diff} short`,
      transaction_id: c.transactionId,
      counted_by: actor.name,
    },
  });
}
