import {
  requirementsFromRows,
  type StateRequirements,
  type VaccineCompliance,
} from '../../src-shared/immunizations/compliance';
import { groupBy, studentCompliance } from '../../src-shared/immunizations/dashboard';

import type { ServerDb } from '../db/connect';
import { currentSupportingData } from './current-supporting-data';

/**
 * Every active student's school-entry compliance, read from the district database: the students (of a district, or
 * of one school), their doses and exemptions in one query each, the state's rules (the school's state, else the
 * district's; vaccination_schedules.requirement) and the district's current release of CDC's supporting data, put
 * together by the pure studentCompliance (src-shared/immunizations/dashboard). The reminders' source and the
 * compliance dashboard read students through here. A student whose state has no rules on record has `state` set and
 * `results` null.
 */
export interface LoadedCompliance {
  readonly studentId: string;
  readonly schoolId: string;
  readonly gradeLevel: string;
  readonly state: string;
  readonly results: readonly VaccineCompliance[] | null;
}

export interface ComplianceScope {
  readonly districtId: string;
  /** one school of the district only */
  readonly schoolId?: string;
}

export interface ComplianceLoad {
  readonly students: readonly LoadedCompliance[];
  /** CDC's supporting data release evaluated with (null: no student to evaluate) */
  readonly supportingDataVersion: string | null;
}

export async function loadCompliance(
  db: ServerDb,
  scope: ComplianceScope,
  today: string,
): Promise<ComplianceLoad> {
  const district = await db
    .selectFrom('districts')
    .select('state_code')
    .where('id', '=', scope.districtId)
    .executeTakeFirst();
  if (!district) return { students: [], supportingDataVersion: null };
  let q = db
    .selectFrom('students as st')
    .innerJoin('schools as sc', 'sc.id', 'st.school_id')
    .select([
      'st.id',
      'st.school_id',
      'st.date_of_birth',
      'st.sex',
      'st.grade_level',
      'st.enrollment_date',
      'sc.state',
    ])
    .where('sc.district_id', '=', scope.districtId)
    .where('sc.is_active', '=', true)
    .where('st.enrollment_status', '=', 'ACTIVE')
    .where('st.deleted_at', 'is', null);
  if (scope.schoolId !== undefined) q = q.where('st.school_id', '=', scope.schoolId);
  const students = await q.orderBy('st.id').execute();
  if (students.length === 0) return { students: [], supportingDataVersion: null };
  const stateOf = (s: { state: string | null }): string => s.state ?? district.state_code;
  const states = [...new Set(students.map(stateOf))];
  const rows = await db
    .selectFrom('vaccination_schedules')
    .select(['id', 'state_code', 'vaccine_type', 'requirement'])
    .where('state_code', 'in', states)
    .where('deleted_at', 'is', null)
    .execute();
  const requirementsOf = new Map<string, StateRequirements | null>(
    states.map((st) => [
      st,
      requirementsFromRows(
        rows.filter((r) => r.state_code === st),
        st,
      ),
    ]),
  );
  const inScope = <T extends { student_id: string }>(list: readonly T[]) =>
    groupBy(list, (r) => r.student_id);
  let dq = db
    .selectFrom('vaccinations as v')
    .innerJoin('students as st', 'st.id', 'v.student_id')
    .innerJoin('schools as sc', 'sc.id', 'st.school_id')
    .select(['v.student_id', 'v.cvx_code', 'v.mvx_code', 'v.administration_date', 'v.lot_number'])
    .where('sc.district_id', '=', scope.districtId)
    .where('st.enrollment_status', '=', 'ACTIVE')
    .where('v.deleted_at', 'is', null);
  if (scope.schoolId !== undefined) dq = dq.where('st.school_id', '=', scope.schoolId);
  const doses = await dq.orderBy('v.student_id').orderBy('v.administration_date').orderBy('v.id').execute();
  let eq = db
    .selectFrom('immunization_exemptions as e')
    .innerJoin('students as st', 'st.id', 'e.student_id')
    .innerJoin('schools as sc', 'sc.id', 'st.school_id')
    .select([
      'e.student_id',
      'e.exemption_type',
      'e.vaccine_type',
      'e.start_date',
      'e.end_date',
      'e.document_id',
    ])
    .where('sc.district_id', '=', scope.districtId)
    .where('st.enrollment_status', '=', 'ACTIVE')
    .where('e.deleted_at', 'is', null);
  if (scope.schoolId !== undefined) eq = eq.where('st.school_id', '=', scope.schoolId);
  const exemptions = await eq.execute();
  const dosesOf = inScope(doses);
  const exemptionsOf = inScope(exemptions);
  const release = await currentSupportingData(db);
  return {
    supportingDataVersion: release.version,
    students: students.map((st): LoadedCompliance => {
      const state = stateOf(st);
      const requirements = requirementsOf.get(state) ?? null;
      return {
        studentId: st.id,
        schoolId: st.school_id,
        gradeLevel: st.grade_level,
        state,
        results:
          requirements === null
            ? null
            : studentCompliance(
                release.data,
                requirements,
                state,
                {
                  dateOfBirth: st.date_of_birth,
                  sex: st.sex,
                  gradeLevel: st.grade_level,
                  enrollmentDate: st.enrollment_date,
                  doses: dosesOf.get(st.id) ?? [],
                  exemptions: exemptionsOf.get(st.id) ?? [],
                },
                today,
              ),
      };
    }),
  };
}
