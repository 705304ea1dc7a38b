import type { UserRole } from '../../../src-shared/enums';
import { WORKSTATION_REPORTS, type WorkstationReport } from '../../../src-shared/ipc/reports';
import { IpcError } from '../../../src-shared/ipc/errors';
import { workstationReportMeta } from '../../../src-shared/reports/workstation';
import type { Actor } from '../context';

/**
 * Who may print which workstation report: the roles and the emergency flag of each report's definition
 * (src-shared/reports/workstation/definitions.ts, the same data as its report_definitions row). The slice lets
 * emergency (break-the-glass) access call reports.render; here it may print only what an emergency needs (the
 * emergency card and the health summary). The excuse note marks its visit (a write), so it needs a signed-in nurse's
 * own account.
 */
export const REPORT_ACCESS: Readonly<
  Record<WorkstationReport, { readonly roles: readonly UserRole[]; readonly emergency: boolean }>
> = Object.freeze(
  Object.fromEntries(
    WORKSTATION_REPORTS.map((name) => {
      const m = workstationReportMeta(name);
      return [name, { roles: m.roles, emergency: m.emergency }];
    }),
  ) as Record<WorkstationReport, { readonly roles: readonly UserRole[]; readonly emergency: boolean }>,
);

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
