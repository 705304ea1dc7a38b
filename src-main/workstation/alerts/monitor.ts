import { doseWindow } from '../../../src-shared/mar';
import { localDate } from '../../../src-shared/time';
import type { WorkstationContext } from '../context';
import { raiseImmunizationOverdue, raiseMedicationMissed } from './triggers';
import { WORKSTATION_ACTOR } from './write';

/**
 * The workstation's own periodic alert checks while a nurse is signed in (feature 26), offline included: a
 * scheduled dose past its window with nothing recorded (MEDICATION_MISSED, once per dose), and a required
 * immunization dose overdue (IMMUNIZATION_OVERDUE, once per student, vaccine, dose and due date). The doses and
 * the immunization gaps come from their features (the composition root passes them in: the MAR and the
 * immunizations features raise alerts themselves, so they cannot be imported from here).
 */

export interface AlertSources {
  /** Today's scheduled doses of the school with what was recorded (the MAR's rows). */
  readonly doses: (ctx: WorkstationContext) => readonly {
    readonly studentMedicationId: string;
    readonly studentId: string;
    readonly studentName: string;
    readonly medication: string;
    readonly scheduledAt: string;
    readonly status: string;
  }[];
  /** The school's overdue required immunization doses. */
  readonly overdueImmunizations: (ctx: WorkstationContext) => readonly {
    readonly studentId: string;
    readonly studentName: string;
    readonly vaccine: string;
    readonly dose: number;
    readonly dueOn: string;
  }[];
}

export interface CheckReport {
  readonly missedDoses: number;
  readonly immunizationsOverdue: number;
}

/** Raises MEDICATION_MISSED for every dose of today past its window with nothing recorded; returns how many new. */
export function checkMissedDoses(ctx: WorkstationContext, sources: AlertSources): number {
  const now = ctx.now();
  let raised = 0;
  for (const d of sources.doses(ctx)) {
    if (d.status !== 'SCHEDULED' || doseWindow(Date.parse(d.scheduledAt), now) !== 'MISSED') continue;
    if (raiseMedicationMissed(ctx, WORKSTATION_ACTOR, d).created) raised++;
  }
  return raised;
}

/** Raises IMMUNIZATION_OVERDUE for every overdue required dose; returns how many new. */
export function checkImmunizations(ctx: WorkstationContext, sources: AlertSources): number {
  let raised = 0;
  for (const o of sources.overdueImmunizations(ctx)) if (raiseImmunizationOverdue(ctx, o).created) raised++;
  return raised;
}

/** The immunization scan reads the whole school: at most this often (a new school day always rescans). */
export const IMMUNIZATION_CHECK_MS = 60 * 60_000;

/**
 * Runs the checks: missed doses every call, immunizations at most every IMMUNIZATION_CHECK_MS. A check that fails
 * is logged and the other still runs (an alert check never stops the nurse's work).
 */
export function alertChecker(sources: AlertSources): {
  run(ctx: WorkstationContext, options?: { force?: boolean }): CheckReport;
} {
  let lastImmunizations = -Infinity;
  let lastDay = '';
  return {
    run(ctx, options = {}) {
      let missedDoses = 0;
      let immunizationsOverdue = 0;
      try {
        missedDoses = checkMissedDoses(ctx, sources);
      } catch (e) {
        ctx.log(`missed-dose check failed: ${e instanceof Error ? e.message : String(e)}`);
      }
      const now = ctx.now();
      const day = localDate(now, ctx.timeZone());
      if (options.force || day !== lastDay || now - lastImmunizations >= IMMUNIZATION_CHECK_MS) {
        lastImmunizations = now;
        lastDay = day;
        try {
          immunizationsOverdue = checkImmunizations(ctx, sources);
        } catch (e) {
          ctx.log(`immunization check failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      return { missedDoses, immunizationsOverdue };
    },
  };
}
