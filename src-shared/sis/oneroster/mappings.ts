import type { StudentsRow, GuardiansRow } from '../../db/server-schema.generated';
import { pipelineOf, type TransformStep } from './transforms';

/**
 * Field mappings of a OneRoster roster: which OneRoster column (`users.givenName`, `demographics.birthDate`) fills
 * which White Cross column, through which transformation steps. The defaults follow the OneRoster CSV binding; a
 * district's sis_field_mappings rows replace the default of the same column. Only roster columns may be targets:
 * health data (allergies, conditions, medications, visits, immunizations) is the nurses', never the SIS's.
 */

export type FieldGroup = 'DEMOGRAPHICS' | 'ENROLLMENT' | 'CONTACTS';
export type ConflictStrategy = 'SIS_WINS' | 'WHITECROSS_WINS' | 'MANUAL_REVIEW';
export const FIELD_GROUPS: readonly FieldGroup[] = ['DEMOGRAPHICS', 'ENROLLMENT', 'CONTACTS'];

/** Student columns a roster may fill, with their field group. school_id and enrollment_status the importer derives. */
export const STUDENT_COLUMNS = {
  student_number: 'ENROLLMENT',
  first_name: 'DEMOGRAPHICS',
  middle_name: 'DEMOGRAPHICS',
  last_name: 'DEMOGRAPHICS',
  preferred_name: 'DEMOGRAPHICS',
  date_of_birth: 'DEMOGRAPHICS',
  sex: 'DEMOGRAPHICS',
  primary_language: 'DEMOGRAPHICS',
  address_line1: 'DEMOGRAPHICS',
  address_line2: 'DEMOGRAPHICS',
  city: 'DEMOGRAPHICS',
  state: 'DEMOGRAPHICS',
  postal_code: 'DEMOGRAPHICS',
  grade_level: 'ENROLLMENT',
  homeroom: 'ENROLLMENT',
  enrollment_date: 'ENROLLMENT',
} as const satisfies Partial<Record<keyof StudentsRow, FieldGroup>>;
export type StudentColumn = keyof typeof STUDENT_COLUMNS;

/** Guardian columns a roster may fill (all in CONTACTS). */
export const GUARDIAN_COLUMNS = [
  'first_name',
  'last_name',
  'relationship',
  'phone_primary',
  'phone_secondary',
  'email',
  'preferred_language',
] as const satisfies readonly (keyof GuardiansRow)[];
export type GuardianColumn = (typeof GUARDIAN_COLUMNS)[number];

export interface RosterFieldMapping<C extends string = string> {
  /** OneRoster columns, first non-blank wins: `users.X` or `demographics.X`. */
  readonly sources: readonly string[];
  readonly column: C;
  readonly steps: readonly TransformStep[];
  readonly required: boolean;
}

export interface RosterMappings {
  readonly student: readonly RosterFieldMapping<StudentColumn>[];
  readonly guardian: readonly RosterFieldMapping<GuardianColumn>[];
}

const TRIM: TransformStep[] = [{ op: 'trim' }];
const grades: Record<string, string> = { IT: 'PK', PR: 'PK', PS: 'PK', PK: 'PK', TK: 'K', KG: 'K', K: 'K' };
for (let g = 1; g <= 12; g++) {
  grades[String(g)] = String(g);
  grades[String(g).padStart(2, '0')] = String(g);
}

const m = <C extends string>(
  sources: string[],
  column: C,
  steps: TransformStep[],
  required = false,
): RosterFieldMapping<C> => ({
  sources,
  column,
  steps,
  required,
});

/** The OneRoster defaults (1.1 and 1.2 column names alike). */
export const ONEROSTER_DEFAULT_MAPPINGS: RosterMappings = {
  student: [
    m(['users.identifier'], 'student_number', [...TRIM, { op: 'maxLength', max: 50 }], true),
    m(['users.givenName'], 'first_name', [...TRIM, { op: 'maxLength', max: 100 }], true),
    m(['users.middleName'], 'middle_name', [...TRIM, { op: 'maxLength', max: 100 }]),
    m(['users.familyName'], 'last_name', [...TRIM, { op: 'maxLength', max: 100 }], true),
    m(['users.preferredGivenName', 'users.preferredFirstName'], 'preferred_name', [
      ...TRIM,
      { op: 'maxLength', max: 100 },
    ]),
    m(['demographics.birthDate'], 'date_of_birth', [...TRIM, { op: 'date', formats: ['yyyy-MM-dd'] }], true),
    m(['demographics.sex'], 'sex', [
      ...TRIM,
      {
        op: 'map',
        table: { male: 'M', female: 'F', other: 'X', unspecified: 'U', m: 'M', f: 'F', x: 'X', u: 'U' },
        ignoreCase: true,
      },
      { op: 'default', value: 'U' },
    ]),
    m(
      ['users.grades'],
      'grade_level',
      [...TRIM, { op: 'first' }, { op: 'map', table: grades, ignoreCase: true }],
      true,
    ),
  ],
  guardian: [
    m(['users.givenName'], 'first_name', [...TRIM, { op: 'maxLength', max: 100 }], true),
    m(['users.familyName'], 'last_name', [...TRIM, { op: 'maxLength', max: 100 }], true),
    m(['users.phone', 'users.sms'], 'phone_primary', [...TRIM, { op: 'maxLength', max: 20 }], true),
    m(['users.email'], 'email', [...TRIM, { op: 'maxLength', max: 255 }]),
  ],
};

/** A sis_field_mappings row, as much of it as mapping needs. */
export interface FieldMappingRow {
  readonly entity_type: string;
  readonly sis_field_name: string;
  readonly whitecross_table: string;
  readonly whitecross_column: string;
  readonly transformation_rule: string | null;
  readonly transformation_function: string | null;
  readonly default_value: string | null;
  readonly is_required: boolean;
  readonly is_active: boolean;
}

/**
 * The district's mappings over the defaults: each active row replaces the default mapping of its column. A row
 * aiming at a table or column the roster may not fill (health data above all) is an error naming it.
 */
export function mappingsFromRows(rows: readonly FieldMappingRow[]): RosterMappings {
  const student = new Map(ONEROSTER_DEFAULT_MAPPINGS.student.map((x) => [x.column, x]));
  const guardian = new Map(ONEROSTER_DEFAULT_MAPPINGS.guardian.map((x) => [x.column, x]));
  for (const r of rows) {
    if (!r.is_active) continue;
    if (!/^(users|demographics)\.[A-Za-z.]+$/.test(r.sis_field_name))
      throw new Error(
        `mapping of ${r.sis_field_name}: the SIS field must be users.<column> or demographics.<column>`,
      );
    const steps = pipelineOf(r);
    const base = { sources: [r.sis_field_name], steps, required: r.is_required };
    if (
      r.whitecross_table === 'students' &&
      r.entity_type === 'STUDENT' &&
      r.whitecross_column in STUDENT_COLUMNS
    ) {
      const column = r.whitecross_column as StudentColumn;
      student.set(column, { ...base, column });
    } else if (
      r.whitecross_table === 'guardians' &&
      r.entity_type === 'EMERGENCY_CONTACT' &&
      (GUARDIAN_COLUMNS as readonly string[]).includes(r.whitecross_column)
    ) {
      const column = r.whitecross_column as GuardianColumn;
      guardian.set(column, { ...base, column });
    } else {
      throw new Error(
        `mapping of ${r.sis_field_name}: ${r.entity_type} ${r.whitecross_table}.${r.whitecross_column} is not a roster column the SIS may fill (health data is never written by the SIS)`,
      );
    }
  }
  return { student: [...student.values()], guardian: [...guardian.values()] };
}

/** Strategy per field group: the config's per-group choices over its one default. */
export function strategiesOf(
  defaultStrategy: ConflictStrategy,
  perGroup: Readonly<Partial<Record<string, unknown>>>,
): Readonly<Record<FieldGroup, ConflictStrategy>> {
  const ok = (v: unknown): v is ConflictStrategy =>
    v === 'SIS_WINS' || v === 'WHITECROSS_WINS' || v === 'MANUAL_REVIEW';
  const out = {} as Record<FieldGroup, ConflictStrategy>;
  for (const g of FIELD_GROUPS) {
    const v = perGroup[g];
    if (v !== undefined && !ok(v))
      throw new Error(
        `field_group_strategies.${g}: ${JSON.stringify(v)} is not SIS_WINS, WHITECROSS_WINS or MANUAL_REVIEW`,
      );
    out[g] = v ?? defaultStrategy;
  }
  return out;
}
