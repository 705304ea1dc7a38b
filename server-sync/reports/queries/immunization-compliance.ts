import type { ComplianceDashboardView } from '../../../src-shared/immunizations';
import type { ReportParams } from '../../../src-shared/reports/district';
import type { TenantTx } from '../../db/tenant';
import { readSchoolDashboard } from '../../immunizations';
import { ReportError } from '../errors';

/**
 * The immunization-compliance report's data: the school's newest compliance dashboard snapshot (server-sync/
 * immunizations/dashboard), read under the caller's tenancy, with the names of the students needing action.
 */
export async function immunizationComplianceData(
  trx: TenantTx,
  p: ReportParams,
  schoolIds: readonly string[],
): Promise<{ data: ComplianceDashboardView; rows: number; studentIds: string[]; schoolId: string }> {
  const schoolId = p.schoolId;
  if (!schoolId || !schoolIds.includes(schoolId))
    throw new ReportError('NOT_FOUND', 'schoolId', `no school ${schoolId ?? '(none)'} among your schools`);
  const d = await readSchoolDashboard(trx, schoolId, { withNames: true });
  if (!d)
    throw new ReportError(
      'NOT_FOUND',
      'schoolId',
      `school ${schoolId} has no compliance dashboard yet (it is refreshed nightly, or from the dashboard page)`,
    );
  return {
    data: d.view,
    rows: d.rows.length,
    studentIds: d.view.needingAction.map((s) => s.studentId),
    schoolId,
  };
}
