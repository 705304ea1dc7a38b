import { describe, expect, it } from 'vitest';
import { studentsRow } from '../../../src-shared/db/server-schema.generated';
import { EnrollmentStatus, GradeLevel, Sex } from '../../../src-shared/enums';
import {
  POWERSCHOOL_STUDENT_MAPPINGS,
  powerSchoolLookup,
  type SisFieldMapping,
} from '../../../src-shared/sis';

const mapping = (sis: string): SisFieldMapping => {
  const m = POWERSCHOOL_STUDENT_MAPPINGS.find((x) => x.sis === sis);
  if (!m) throw new Error(`no mapping for ${sis}`);
  return m;
};

describe('the default PowerSchool student mapping', () => {
  it('fills existing students columns, each once, and is frozen', () => {
    const columns = Object.keys(studentsRow.shape);
    for (const m of POWERSCHOOL_STUDENT_MAPPINGS) expect(columns, m.sis).toContain(m.column);
    const used = POWERSCHOOL_STUDENT_MAPPINGS.map((m) => m.column);
    expect(new Set(used).size).toBe(used.length);
    expect(Object.isFrozen(POWERSCHOOL_STUDENT_MAPPINGS)).toBe(true);
  });

  it('matches students on required key fields: the PowerSchool id and the district student number', () => {
    const keys = POWERSCHOOL_STUDENT_MAPPINGS.filter((m) => m.key);
    expect(keys.map((m) => m.column).sort()).toEqual(['sis_id', 'student_number']);
    for (const m of keys) expect(m.required, m.sis).toBe(true);
  });

  it('has lookup tables that give values the database admits', () => {
    const grades = powerSchoolLookup(mapping('school_enrollment.grade_level'));
    expect(grades['-1']).toBe('PK');
    expect(grades['0']).toBe('K');
    expect(grades['12']).toBe('12');
    for (const v of Object.values(grades)) expect(GradeLevel).toContain(v);
    for (let g = -1; g <= 12; g++) expect(grades[String(g)], `grade ${g}`).toBeDefined();

    const sex = powerSchoolLookup(mapping('demographics.gender'));
    expect(sex['']).toBe('U');
    for (const v of Object.values(sex)) expect(Sex).toContain(v);

    const status = powerSchoolLookup(mapping('school_enrollment.enroll_status'));
    expect(status['0']).toBe('ACTIVE');
    expect(status['2']).toBe('TRANSFERRED');
    for (const v of Object.values(status)) expect(EnrollmentStatus).toContain(v);

    for (const m of POWERSCHOOL_STUDENT_MAPPINGS.filter((x) => x.rule === 'LOOKUP'))
      expect(() => powerSchoolLookup(m), m.sis).not.toThrow();
  });

  it('names a mapping that is not a lookup, and a lookup table that is not one', () => {
    expect(() => powerSchoolLookup(mapping('name.first_name'))).toThrow(
      /name.first_name is not mapped through a lookup/,
    );
    const bad: SisFieldMapping = { ...mapping('demographics.gender'), fn: '{"F": 1}' };
    expect(() => powerSchoolLookup(bad)).toThrow(
      /demographics.gender: the lookup table is not an object of strings/,
    );
    expect(() => powerSchoolLookup({ ...bad, fn: '{' })).toThrow(
      /demographics.gender: the lookup table is not JSON/,
    );
  });
});
