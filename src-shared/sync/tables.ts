import { CLINICAL_ROLES } from '../auth';
import type { UserRole } from '../enums';

/**
 * The synced tables and their facts, declared once (docs/sync.md, "Synced tables"): which tables travel between the
 * district server and the workstations, in which direction, who may write them, in which order a batch is applied,
 * what each row references, and whether its rows follow a student who moves to another school. Every other list
 * (the server's apply order, the transfer's tables, the workstation's writable and pull-only sets, the push's role
 * and reference checks) derives from this one. Column sets come from the generated schemas
 * (src-shared/db/*.generated.ts); a table the workstation and the server both have syncs column for column.
 * test/unit/sync/tables.test.ts and test/integration/sync-server/tables.test.ts check it against both schemas.
 */

/**
 * Whether a table's rows follow their student to a new school (a transfer): they leave the old school's
 * workstations (REMOVE) and arrive whole at the new one's.
 * - `'self'`: the student row itself;
 * - `'student_id'`: the table's own student_id (and school_id) says whose and where;
 * - `{ via, parent }`: a row without student_id that belongs to a row of `parent` through its column `via`;
 * - `false`: the rows stay with their school.
 */
export type FollowsStudent =
  false | 'self' | 'student_id' | { readonly via: string; readonly parent: string };

export interface SyncedTableFacts<N extends string = string> {
  readonly name: N;
  /** `push`: written on the workstation and pushed (and pulled: other devices, corrections); `pull`: district data, pulled only. */
  readonly direction: 'push' | 'pull';
  /** Roles whose workstation may push changes of this table (none for district data). */
  readonly writers: readonly UserRole[];
  readonly followsStudent: FollowsStudent;
  /** Every foreign key of the server's table: column → referenced table (a push may name only rows in its scope). */
  readonly references: Readonly<Record<string, string>>;
  /** A table without school_id: the column whose referenced row carries the school (report_generation_log). */
  readonly schoolVia?: string;
  /** An append-only trail: rows are inserted, never changed (no row lock, no tombstone). */
  readonly appendOnly?: boolean;
  /** Columns the server keeps to itself and never sends (secrets, server-side bookkeeping). */
  readonly serverOnlyColumns?: readonly string[];
}

const NO_WRITERS: readonly UserRole[] = Object.freeze([]);
const CLINICAL_WRITERS: readonly UserRole[] = CLINICAL_ROLES;

type Extra = Partial<Pick<SyncedTableFacts, 'schoolVia' | 'appendOnly' | 'serverOnlyColumns'>>;

/** District data: owned by the server (SIS roster, catalogs, directory), pulled by every workstation of a school. */
const pull = <const N extends string>(
  name: N,
  references: Readonly<Record<string, string>> = {},
  followsStudent: FollowsStudent = false,
  extra: Extra = {},
) =>
  Object.freeze({
    name,
    direction: 'pull' as const,
    writers: NO_WRITERS,
    followsStudent,
    references: Object.freeze({ ...references }),
    ...extra,
  });

/** Clinical data: written by the clinical roles on their school's workstations and pushed. */
const push = <const N extends string>(
  name: N,
  references: Readonly<Record<string, string>>,
  followsStudent: FollowsStudent,
  extra: Extra = {},
) =>
  Object.freeze({
    name,
    direction: 'push' as const,
    writers: CLINICAL_WRITERS,
    followsStudent,
    references: Object.freeze({ ...references }),
    ...extra,
  });

const school = { school_id: 'schools' } as const;
const student = { school_id: 'schools', student_id: 'students' } as const;

/**
 * Parents before children: every foreign key between two synced tables points to an earlier one. A push applies its
 * writes in this order (so the change log holds a batch's parents before their children), and the first sync
 * meets a parent before its children.
 */
export const SYNCED_TABLE_FACTS = Object.freeze([
  pull('schools', { district_id: 'districts' }),
  pull('users', { district_id: 'districts' }, false, {
    serverOnlyColumns: Object.freeze([
      'password_hash',
      'failed_login_count',
      'locked_until',
      'last_login_at',
      'password_changed_at',
    ]),
  }),
  pull('students', { district_id: 'districts', school_id: 'schools' }, 'self'),
  pull('medications'),
  pull('drug_catalog'),
  pull('drug_interactions', { drug_a_id: 'drug_catalog', drug_b_id: 'drug_catalog' }),
  pull('interaction_severity_levels'),
  pull('drug_classes'),
  pull('drug_class_interactions'),
  pull('drug_class_cross_reactivity'),
  pull('reference_data_versions', { loaded_by: 'users' }),
  pull('visit_reasons'),
  pull('vaccination_schedules'),
  pull('alert_definitions', { created_by: 'users' }),
  pull('report_definitions', { created_by: 'users' }),
  pull('immunization_supporting_data_releases', { loaded_by: 'users' }),
  pull('immunization_supporting_data_files', { release_id: 'immunization_supporting_data_releases' }),

  push('guardians', student, 'student_id'),
  push('allergies', { ...student, verified_by: 'users' }, 'student_id'),
  push('health_conditions', student, 'student_id'),
  push('student_medications', { ...student, medication_id: 'medications' }, 'student_id'),
  push(
    'clinic_visits',
    { ...student, attended_by_user_id: 'users', visit_reason_id: 'visit_reasons' },
    'student_id',
  ),
  push(
    'clinic_visit_amendments',
    { ...student, clinic_visit_id: 'clinic_visits', amended_by: 'users' },
    'student_id',
  ),
  push(
    'medication_administrations',
    {
      ...student,
      administered_by: 'users',
      witness_user_id: 'users',
      medication_id: 'medications',
      student_medication_id: 'student_medications',
      clinic_visit_id: 'clinic_visits',
    },
    'student_id',
  ),
  push(
    'medication_safety_overrides',
    {
      ...student,
      medication_id: 'medications',
      drug_catalog_id: 'drug_catalog',
      medication_administration_id: 'medication_administrations',
      clinic_visit_id: 'clinic_visits',
      overridden_by: 'users',
    },
    'student_id',
  ),
  push(
    'medication_administration_corrections',
    { ...student, administration_id: 'medication_administrations', corrected_by: 'users' },
    'student_id',
  ),
  push(
    'controlled_substance_transactions',
    { ...school, medication_id: 'medications', recorded_by: 'users', witness_user_id: 'users' },
    false, // a school's stock stays with the school
  ),
  push('vaccinations', { ...student, administered_by_user_id: 'users' }, 'student_id'),
  push(
    'immunization_exemptions',
    { ...student, approved_by: 'users', document_id: 'documents' },
    'student_id',
  ),
  push(
    'immunization_reminders',
    { ...student, completion_verified_by: 'users', vaccination_schedule_id: 'vaccination_schedules' },
    'student_id',
  ),
  push('class_time_missed', { ...student, clinic_visit_id: 'clinic_visits' }, 'student_id'),
  push('symptom_tracking', { ...student, reported_by: 'users' }, 'student_id'),
  push(
    'student_drug_allergies_xref',
    { ...student, allergy_id: 'allergies', drug_id: 'drug_catalog' },
    'student_id',
  ),
  push('phi_disclosures', { ...student, disclosed_by: 'users' }, 'student_id'),
  push(
    'phi_disclosure_recipients',
    { ...school, disclosure_id: 'phi_disclosures' },
    {
      via: 'disclosure_id',
      parent: 'phi_disclosures',
    },
  ),
  push(
    'alert_instances',
    {
      ...school,
      alert_definition_id: 'alert_definitions',
      acknowledged_by: 'users',
      resolved_by: 'users',
      triggered_by_user_id: 'users',
    },
    false, // targets a student by target_entity_id: an alert stays with the school that raised it
  ),
  push(
    'report_instances',
    {
      ...school,
      generated_by: 'users',
      report_definition_id: 'report_definitions',
      encryption_key_id: 'encryption_keys',
    },
    false,
  ),
  push('report_generation_log', { report_instance_id: 'report_instances' }, false, {
    schoolVia: 'report_instance_id',
    appendOnly: true,
  }),
] as const);

type Facts = (typeof SYNCED_TABLE_FACTS)[number];
export type SyncedTable = Facts['name'];
export type WorkstationWritableTable = Extract<Facts, { direction: 'push' }>['name'];
export type PullOnlyTable = Extract<Facts, { direction: 'pull' }>['name'];

const FACTS_BY_NAME: ReadonlyMap<string, SyncedTableFacts> = new Map(
  SYNCED_TABLE_FACTS.map((f) => [f.name, f]),
);

/** The facts of a synced table; undefined for any other name. */
export const syncedTableFacts = (table: string): SyncedTableFacts | undefined => FACTS_BY_NAME.get(table);

const isWritableFacts = (f: Facts): f is Extract<Facts, { direction: 'push' }> => f.direction === 'push';
const isPullOnlyFacts = (f: Facts): f is Extract<Facts, { direction: 'pull' }> => f.direction === 'pull';

/** Every synced table, parents before children. */
export const SYNCED_TABLES: readonly SyncedTable[] = Object.freeze(SYNCED_TABLE_FACTS.map((f) => f.name));

/** Written on the workstation by the nurse and pushed, parents before children (the server's apply order). */
export const WORKSTATION_WRITABLE_TABLES: readonly WorkstationWritableTable[] = Object.freeze(
  SYNCED_TABLE_FACTS.filter(isWritableFacts).map((f) => f.name),
);

/** Owned by the district (SIS roster, catalogs, directory): pulled only; a push to them is rejected. */
export const PULL_ONLY_TABLES: readonly PullOnlyTable[] = Object.freeze(
  SYNCED_TABLE_FACTS.filter(isPullOnlyFacts).map((f) => f.name),
);

export const isWorkstationWritable = (t: string): t is WorkstationWritableTable =>
  FACTS_BY_NAME.get(t)?.direction === 'push';
export const isSyncedTable = (t: string): t is SyncedTable => FACTS_BY_NAME.has(t);

/** Columns the server keeps to itself and never sends, by table. */
export const SERVER_ONLY_COLUMNS: Readonly<Record<string, readonly string[]>> = Object.freeze(
  Object.fromEntries(
    SYNCED_TABLE_FACTS.flatMap((f: SyncedTableFacts) =>
      f.serverOnlyColumns ? [[f.name, f.serverOnlyColumns] as const] : [],
    ),
  ),
);

/** Synced tables whose rows carry their student (student_id), parents first: they move with a transfer. */
export const STUDENT_SYNCED_TABLES: readonly SyncedTable[] = Object.freeze(
  SYNCED_TABLE_FACTS.filter((f: SyncedTableFacts) => f.followsStudent === 'student_id').map((f) => f.name),
);

/** Synced tables without student_id whose rows follow a parent that follows the student: [table, column, parent]. */
export const STUDENT_SYNCED_CHILD_TABLES: readonly (readonly [SyncedTable, string, string])[] = Object.freeze(
  SYNCED_TABLE_FACTS.flatMap((f: Facts) => {
    const follows: FollowsStudent = f.followsStudent;
    return typeof follows === 'object' ? [Object.freeze([f.name, follows.via, follows.parent] as const)] : [];
  }),
);

/** The roles that may push changes of `table` (none for a table that is not workstation-writable). */
export const writersOf = (table: string): readonly UserRole[] => FACTS_BY_NAME.get(table)?.writers ?? [];
