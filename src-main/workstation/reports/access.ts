import { CLINICAL_ROLES } from '../../../src-shared/auth';
import type { UserRole } from '../../../src-shared/enums';
import type { WorkstationReport } from '../../../src-shared/ipc/reports';
import { IpcError } from '../../../src-shared/ipc/errors';
import type { Actor } from '../context';

/**
 * Who may print which workstation report. The slice lets emergency (break-the-glass) access call reports.render;
 * here it may print only what an emergency needs (the emergency card and the health summary). The excuse note marks
 * its visit (a write), so it needs a signed-in nurse's own account.
 */
export const REPORT_ACCESS: Readonly<
  Record<WorkstationReport, { readonly roles: readonly UserRole[]; readonly emergency: boolean }>
> = Object.freeze({
  visitLog: { roles: CLINICAL_ROLES, emergency: false },
  healthSummary: { roles: CLINICAL_ROLES, emergency: true },
  emergencyCard: { roles: CLINICAL_ROLES, emergency: true },
  marSheet: { roles: ['NURSE', 'SCHOOL_ADMIN'], emergency: false },
  excuseNote: { roles: ['NURSE', 'SCHOOL_ADMIN'], emergency: false },
  immunizationRecord: { roles: CLINICAL_ROLES, emergency: false },
});

export function requireReportAccess(actor: Actor, report: WorkstationReport): void {
  const rule = REPORT_ACCESS[report];
  if (actor.breakGlass || actor.userId === null) {
    if (!rule.emergency)
      throw new IpcError(
        'FORBIDDEN',
        'emergency access prints the emergency card and the health summary only: sign in with your own account',
      );
    return;
  }
  if (actor.role === null || !rule.roles.includes(actor.role))
    throw new IpcError('FORBIDDEN', `the ${actor.role ?? 'unknown'} role may not print this report`);
}
