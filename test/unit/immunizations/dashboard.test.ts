import { beforeAll, describe, expect, it } from 'vitest';
import { readSupportingData } from '../../../server-sync/immunizations/supporting-data';
import { schoolEntryCompliance } from '../../../src-shared/immunizations/compliance';
import {
  ALL_VACCINES,
  byGrade,
  byVaccine,
  overallStatus,
  schoolYearOf,
  schoolYearStart,
  stateReportTable,
  studentCompliance,
  summarizeCompliance,
  type StudentResults,
} from '../../../src-shared/immunizations/dashboard';
import type { SupportingData } from '../../../src-shared/immunizations/supporting-data';
import { at, exemption, routineDoses, shipped, without } from './school-entry/support';

/**
 * The compliance dashboard's numbers (src-shared/immunizations/dashboard) from California's real rules applied to
 * hand-built kindergartners and 7th graders: every status counted where it belongs, exemptions by type, the ALL row
 * counting each student once by his overall status, the students needing action with their reason, the state
 * report's table; and one student through CDC's real evaluation (studentCompliance).
 */
const K_DOB = '2021-03-10';
const G7_DOB = '2014-02-01';
const entry = '2026-08-20';
const today = '2026-10-01';

const results = (
  id: string,
  grade: string,
  dob: string,
  doses: Record<string, string[]>,
  ex = [] as ReturnType<typeof exemption>[],
): StudentResults => ({
  studentId: id,
  gradeLevel: grade,
  results: schoolEntryCompliance({
    student: { dateOfBirth: dob, gradeLevel: grade, state: 'CA', schoolEntryDate: entry },
    requirements: shipped('CA'),
    validDoses: doses,
    exemptions: ex,
    today,
  }),
});

const medicalMmr = exemption({
  type: 'MEDICAL',
  vaccine: 'MMR',
  startDate: '2026-01-15',
  endDate: '2027-01-14',
});

const students: StudentResults[] = [
  results('k-complete', 'K', K_DOB, routineDoses(K_DOB)),
  results('k-no-mmr2', 'K', K_DOB, without(routineDoses(K_DOB), 'MMR', 1)), // overdue after the 30 days
  results('k-medical', 'K', K_DOB, without(routineDoses(K_DOB), 'MMR', 0), [medicalMmr]),
  results('k-no-hepb3', 'K', K_DOB, without(routineDoses(K_DOB), 'HepB', 2)),
  results('pk', 'PK', '2022-05-01', {}),
];

describe('summarizeCompliance', () => {
  const rows = summarizeCompliance(students);
  const row = (g: string, v: string) => rows.find((r) => r.gradeLevel === g && r.vaccine === v)!;

  it('counts each vaccine of each grade by status, and leaves out students with no requirement', () => {
    expect(rows.some((r) => r.gradeLevel === 'PK')).toBe(false);
    expect(row('K', 'MMR')).toMatchObject({
      total: 4,
      compliant: 2,
      overdue: 1,
      exempt: 1,
      exemptMedical: 1,
      conditional: 0,
      percentage: 50,
    });
    expect(row('K', 'IPV')).toMatchObject({
      total: 4,
      compliant: 4,
      overdue: 0,
      percentage: 100,
      needingAction: [],
    });
    const hepb = row('K', 'HepB');
    expect(hepb.total).toBe(4);
    expect(hepb.compliant + hepb.conditional + hepb.overdue).toBe(4);
    expect(hepb.needingAction.map((n) => n.studentId)).toEqual(['k-no-hepb3']);
  });

  it('the ALL row counts each student once, by overall status, and lists every need with its reason', () => {
    const all = row('K', ALL_VACCINES);
    expect(all.total).toBe(4);
    expect(all.compliant).toBe(1);
    expect(all.exempt + all.overdue + all.conditional).toBe(3);
    expect(all.exemptMedical).toBe(all.exempt);
    const mmr = all.needingAction.find((n) => n.studentId === 'k-no-mmr2')!;
    expect(mmr).toMatchObject({ vaccine: 'MMR', status: 'OVERDUE', nextDose: 2 });
    expect(mmr.reason).toMatch(/^needs MMR dose 2 before kindergarten entry; due now/);
    // rows go ALL first, then vaccines by name
    expect(rows.filter((r) => r.gradeLevel === 'K')[0]!.vaccine).toBe(ALL_VACCINES);
  });

  it('by grade and by vaccine add up the rows', () => {
    const grades = byGrade(rows);
    expect(grades.map((g) => [g.key, g.counts.total, g.counts.compliant, g.percentage])).toEqual([
      ['K', 4, 1, 25],
    ]);
    const v = byVaccine(rows);
    expect(v.map((x) => x.key)).toEqual([...v.map((x) => x.key)].sort());
    expect(v.find((x) => x.key === 'MMR')).toMatchObject({
      counts: { total: 4, compliant: 2 },
      percentage: 50,
    });
  });

  it('the overall status: overdue beats conditional beats exempt beats compliant; none required is null', () => {
    const r = (status: string, type?: string) =>
      ({ ...students[0]!.results[0]!, status, exemption: type ? { ...medicalMmr, type } : null }) as never;
    expect(overallStatus([r('COMPLIANT'), r('EXEMPT', 'RELIGIOUS'), r('EXEMPT', 'MEDICAL')])).toEqual({
      status: 'EXEMPT',
      exemption: 'MEDICAL',
    });
    expect(overallStatus([r('EXEMPT', 'MEDICAL'), r('CONDITIONAL')])).toEqual({
      status: 'CONDITIONAL',
      exemption: null,
    });
    expect(overallStatus([r('CONDITIONAL'), r('OVERDUE')])).toEqual({ status: 'OVERDUE', exemption: null });
    expect(overallStatus([r('NOT_REQUIRED')])).toBeNull();
  });

  it('a 7th grader missing Tdap needs action for Tdap', () => {
    const g7 = routineDoses(G7_DOB);
    const out = summarizeCompliance([
      results('g7', '7', G7_DOB, g7),
      results('g7-tdap', '7', G7_DOB, { ...g7, Tdap: [at(G7_DOB, 140)] }),
    ]);
    const all = out.find((r) => r.gradeLevel === '7' && r.vaccine === ALL_VACCINES)!;
    expect(all).toMatchObject({ total: 2, compliant: 1 });
    expect(all.needingAction.map((n) => [n.studentId, n.vaccine])).toEqual([['g7', 'Tdap']]);
  });
});

describe('the state report table', () => {
  it("uses the state's headers and one row per report grade, zeros where nobody is enrolled", () => {
    const t = stateReportTable(
      { schoolCode: 'E1', schoolName: 'Elm', state: 'CA', schoolYear: schoolYearOf(today), asOf: today },
      summarizeCompliance(students),
    );
    expect(t[0]).toEqual([
      'School Year',
      'School Code',
      'School Name',
      'Grade',
      'As Of',
      'Enrollment',
      'All Required Immunizations',
      'Conditional Entrants',
      'Overdue (Not Up To Date)',
      'Medical Exemptions',
      'Other Exemptions (not accepted since 2016)',
      'Percent Complete',
    ]);
    expect(t[1]!.slice(0, 7)).toEqual(['2026-2027', 'E1', 'Elm', 'Kindergarten', today, '4', '1']);
    expect(t[1]![11]).toBe('25.0');
    expect(t[2]!.slice(3)).toEqual(['Grade 7', today, '0', '0', '0', '0', '0', '0', '']);
    expect(
      stateReportTable(
        { schoolCode: 'X', schoolName: 'X', state: 'TX', schoolYear: '2026-2027', asOf: today },
        [],
      )[0],
    ).toContain('Provisional Enrollment');
  });

  it('school years run July to June', () => {
    expect(schoolYearOf('2026-06-30')).toBe('2025-2026');
    expect(schoolYearOf('2026-07-01')).toBe('2026-2027');
    expect(schoolYearStart('2027-02-01')).toBe('2026-07-01');
  });
});

describe("studentCompliance through CDC's evaluation", () => {
  let data: SupportingData;
  beforeAll(async () => {
    data = (await readSupportingData()).data;
  });

  it('a recorded MMR dose too early is not valid for CDC, so California counts one dose', () => {
    const dob = K_DOB;
    const doses = [
      { administration_date: at(dob, 11), cvx_code: '03', mvx_code: null, lot_number: 'A' }, // before the 1st birthday - 4 days
      { administration_date: at(dob, 50), cvx_code: '03', mvx_code: null, lot_number: 'B' },
    ];
    const r = studentCompliance(
      data,
      shipped('CA'),
      'CA',
      { dateOfBirth: dob, sex: 'F', gradeLevel: 'K', enrollmentDate: entry, doses, exemptions: [] },
      today,
    );
    const mmr = r.find((x) => x.vaccine === 'MMR')!;
    expect(mmr.validDoses).toBe(1);
    expect(mmr.status).toBe('OVERDUE');
    const ok = studentCompliance(
      data,
      shipped('CA'),
      'CA',
      {
        dateOfBirth: dob,
        sex: 'F',
        gradeLevel: 'K',
        enrollmentDate: entry,
        doses: [{ ...doses[0]!, administration_date: at(dob, 12) }, doses[1]!],
        exemptions: [
          {
            exemption_type: 'MEDICAL',
            vaccine_type: 'IPV',
            start_date: '2026-01-01',
            end_date: null,
            document_id: 'doc1',
          },
        ],
      },
      today,
    );
    expect(ok.find((x) => x.vaccine === 'MMR')!.status).toBe('COMPLIANT');
    expect(ok.find((x) => x.vaccine === 'IPV')!.status).toBe('EXEMPT');
  });
});
