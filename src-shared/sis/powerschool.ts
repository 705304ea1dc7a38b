import { z } from 'zod';
import type { StudentsRow } from '../db/server-schema.generated';

/**
 * The default field mapping of a PowerSchool connection (sis_field_mappings): how each field of PowerSchool's
 * student API (/ws/v1/school/{id}/student with expansions) fills a column of students, with its transformation
 * (LOOKUP tables as JSON), whether it is required or part of the match key, and its validation.
 */

export interface SisFieldMapping {
  /** The PowerSchool field (dotted path in the student resource). */
  readonly sis: string;
  readonly type: 'STRING' | 'INTEGER' | 'DATE' | 'BOOLEAN' | 'OBJECT';
  /** The students column it fills. */
  readonly column: keyof StudentsRow;
  /** The column's database type, for the mapping screen. */
  readonly wcType: string;
  readonly rule: 'DIRECT' | 'UPPERCASE' | 'DATE_FORMAT' | 'LOOKUP' | 'CUSTOM';
  /** LOOKUP: a JSON object from PowerSchool value to White Cross value; DATE_FORMAT: the parse pattern; DIRECT: an optional clean-up. */
  readonly fn: string | null;
  readonly required: boolean;
  /** Part of the key that matches a PowerSchool student to a White Cross one. */
  readonly key: boolean;
  readonly validation: string | null;
  readonly notes: string;
}

const MAPPINGS: readonly SisFieldMapping[] = [
  {
    sis: 'id',
    type: 'INTEGER',
    column: 'sis_id',
    wcType: 'varchar(100)',
    rule: 'DIRECT',
    fn: null,
    required: true,
    key: true,
    validation: '^[0-9]+$',
    notes: 'PowerSchool student DCID: the stable key of the match.',
  },
  {
    sis: 'local_id',
    type: 'STRING',
    column: 'student_number',
    wcType: 'varchar(50)',
    rule: 'DIRECT',
    fn: null,
    required: true,
    key: true,
    validation: '^[0-9]{5,10}$',
    notes: 'District student number (students.student_number in PowerSchool).',
  },
  {
    sis: 'name.first_name',
    type: 'STRING',
    column: 'first_name',
    wcType: 'varchar(100)',
    rule: 'DIRECT',
    fn: 'trim',
    required: true,
    key: false,
    validation: null,
    notes: 'Legal first name.',
  },
  {
    sis: 'name.middle_name',
    type: 'STRING',
    column: 'middle_name',
    wcType: 'varchar(100)',
    rule: 'DIRECT',
    fn: 'trim',
    required: false,
    key: false,
    validation: null,
    notes: 'Legal middle name.',
  },
  {
    sis: 'name.last_name',
    type: 'STRING',
    column: 'last_name',
    wcType: 'varchar(100)',
    rule: 'DIRECT',
    fn: 'trim',
    required: true,
    key: false,
    validation: null,
    notes: 'Legal last name.',
  },
  {
    sis: 'demographics.birth_date',
    type: 'DATE',
    column: 'date_of_birth',
    wcType: 'date',
    rule: 'DATE_FORMAT',
    fn: 'parse(yyyy-MM-dd)',
    required: true,
    key: false,
    validation: 'date <= today',
    notes: 'Date of birth.',
  },
  {
    sis: 'demographics.gender',
    type: 'STRING',
    column: 'sex',
    wcType: 'varchar(1)',
    rule: 'LOOKUP',
    fn: '{"F":"F","M":"M","X":"X","":"U"}',
    required: true,
    key: false,
    validation: null,
    notes: 'Administrative sex; blank maps to U.',
  },
  {
    sis: 'school_enrollment.grade_level',
    type: 'INTEGER',
    column: 'grade_level',
    wcType: 'varchar(10)',
    rule: 'LOOKUP',
    fn: '{"-1":"PK","0":"K","1":"1","2":"2","3":"3","4":"4","5":"5","6":"6","7":"7","8":"8","9":"9","10":"10","11":"11","12":"12"}',
    required: true,
    key: false,
    validation: '-1..12',
    notes: 'PowerSchool grade_level integer to the White Cross grade code.',
  },
  {
    sis: 'schedule_setup.home_room',
    type: 'STRING',
    column: 'homeroom',
    wcType: 'varchar(50)',
    rule: 'UPPERCASE',
    fn: null,
    required: false,
    key: false,
    validation: null,
    notes: 'Homeroom (expansion schedule_setup).',
  },
  {
    sis: 'school_enrollment.enroll_status',
    type: 'INTEGER',
    column: 'enrollment_status',
    wcType: 'varchar(20)',
    rule: 'LOOKUP',
    fn: '{"0":"ACTIVE","2":"TRANSFERRED","3":"GRADUATED","-1":"ACTIVE","1":"WITHDRAWN"}',
    required: true,
    key: false,
    validation: null,
    notes: 'PowerSchool enroll_status (0 active, 2 transferred out, 3 graduated).',
  },
  {
    sis: 'school_enrollment.entry_date',
    type: 'DATE',
    column: 'enrollment_date',
    wcType: 'date',
    rule: 'DATE_FORMAT',
    fn: 'parse(yyyy-MM-dd)',
    required: false,
    key: false,
    validation: null,
    notes: 'Entry date at the school.',
  },
  {
    sis: 'school_enrollment.exit_date',
    type: 'DATE',
    column: 'withdrawal_date',
    wcType: 'date',
    rule: 'DATE_FORMAT',
    fn: 'parse(yyyy-MM-dd)',
    required: false,
    key: false,
    validation: 'exit_date >= entry_date',
    notes:
      'Exit date; PowerSchool sets the end of the year for active students, ignored unless enroll_status <> 0.',
  },
];

/** The mappings, in the order the mapping screen lists them (frozen). */
export const POWERSCHOOL_STUDENT_MAPPINGS: readonly SisFieldMapping[] = Object.freeze(
  MAPPINGS.map((m) => Object.freeze({ ...m })),
);

const lookupTable = z.record(z.string(), z.string());

/** The value table of a LOOKUP mapping; another rule, or a table that is not an object of strings, is an error naming the field. */
export function powerSchoolLookup(mapping: SisFieldMapping): Readonly<Record<string, string>> {
  if (mapping.rule !== 'LOOKUP' || mapping.fn === null)
    throw new Error(`PowerSchool field ${mapping.sis} is not mapped through a lookup table`);
  let json: unknown;
  try {
    json = JSON.parse(mapping.fn);
  } catch {
    throw new Error(`PowerSchool field ${mapping.sis}: the lookup table is not JSON`);
  }
  const parsed = lookupTable.safeParse(json);
  if (!parsed.success)
    throw new Error(`PowerSchool field ${mapping.sis}: the lookup table is not an object of strings`);
  return Object.freeze(parsed.data);
}
