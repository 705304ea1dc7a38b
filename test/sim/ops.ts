import type { z } from 'zod';
import type { JsonValue } from '../../src-shared/db/column-types';
import { serverTableSchemas } from '../../src-shared/db/server-schema.generated';
import type { WorkstationWritableTable } from '../../src-shared/sync/tables';
import { checkWireValue, requiredColumns } from '../../src-shared/sync/wire';
import type { LocalStore } from '../../src-main/store/open';
import type { WriteResult } from '../../src-main/store/write';
import type { Prng } from './prng';
import { addDays, dateBefore, decimal, text, valueFromSchema } from './values';

/**
 * The operation generator: random creates, edits and deletes of a school's health records, made through the
 * workstation's one write path (LocalStore.write), as a nurse would while offline. Values come from the generated
 * server insert schemas (values.ts) plus per-column generators for what a schema cannot tell (foreign keys, the
 * CHECK ranges). Edits never change columns tied together by a multi-column CHECK one at a time (visit times,
 * blood pressure, exemption dates): per-field last-writer-wins could combine two valid edits into an invalid row,
 * which the schema avoids by design (migrations/server/0001_core.ts). Every write is recorded in the ledger with
 * the exact wire columns its outbox row carries, which the invariant checker later looks for on the server.
 */

export interface OpContext {
  readonly prng: Prng;
  readonly store: LocalStore;
  readonly schoolId: string;
  /** The nurse signed in on this workstation. */
  readonly userId: string;
  /** The workstation's own clock (skew included), epoch ms. */
  readonly nowMs: number;
  readonly newId: () => string;
}

export interface LedgerWrite {
  readonly deviceId: string;
  readonly seq: number;
  readonly hlc: string;
  readonly table: string;
  readonly rowId: string;
  readonly op: 'UPSERT' | 'DELETE';
  readonly kind: 'create' | 'edit' | 'delete';
  /** The changed columns as the outbox row carries them (wire form). */
  readonly columns: Readonly<Record<string, JsonValue>>;
}

type Row = Record<string, unknown>;
type EditGen = 'auto' | ((c: OpContext, row: Row) => Row);

interface Recipe {
  readonly table: WorkstationWritableTable;
  readonly weight: number;
  /** A new row's columns (besides id), or null when it cannot be made now (no parent row). */
  create(c: OpContext, student: string): Row | null;
  readonly edit: Readonly<Record<string, EditGen>>;
}

const schemas = serverTableSchemas as unknown as Readonly<
  Record<string, { insert: { shape: Readonly<Record<string, z.ZodType>> } }>
>;

function auto(c: OpContext, table: string, column: string): string | number | null {
  const shape = schemas[table]?.insert.shape;
  const schema = shape?.[column];
  if (!schema) throw new Error(`sim: ${table}.${column} is not in the server insert schema`);
  return valueFromSchema(c.prng, schema, `${table}.${column}`, c.nowMs);
}

/** Columns filled from the schema. */
function autoRow(c: OpContext, table: string, columns: readonly string[]): Row {
  return Object.fromEntries(columns.map((col) => [col, auto(c, table, col)]));
}

const iso = (ms: number): string => new Date(ms).toISOString();

function liveIds(store: LocalStore, table: string, schoolId: string): string[] {
  return (
    store.sqlite
      .prepare(`SELECT id FROM "${table}" WHERE school_id = ? AND deleted_at IS NULL ORDER BY id`)
      .all(schoolId) as { id: string }[]
  ).map((r) => r.id);
}

const medsGiven = (c: OpContext): string | null =>
  c.prng.chance(0.5)
    ? null
    : JSON.stringify(
        c.prng
          .sample(['Ibuprofen', 'Acetaminophen', 'Albuterol', 'Cetirizine'], c.prng.int(1, 2))
          .map((name) => ({ name, doseMg: c.prng.pick([100, 200, 250, 400]) })),
      );

const RECIPES: readonly Recipe[] = [
  {
    table: 'allergies',
    weight: 3,
    create: (c, student) => ({
      student_id: student,
      school_id: c.schoolId,
      ...autoRow(c, 'allergies', [
        'allergen',
        'allergen_type',
        'severity',
        'reaction',
        'onset_date',
        'notes',
      ]),
      epinephrine_required: c.prng.int(0, 1),
    }),
    edit: {
      severity: 'auto',
      reaction: 'auto',
      notes: 'auto',
      epinephrine_required: 'auto',
      verified: 'auto',
      allergen_type: 'auto',
      onset_date: 'auto',
    },
  },
  {
    table: 'health_conditions',
    weight: 2,
    create: (c, student) => ({
      student_id: student,
      school_id: c.schoolId,
      ...autoRow(c, 'health_conditions', [
        'condition_name',
        'status',
        'severity',
        'diagnosed_date',
        'action_plan',
      ]),
      icd10_code: c.prng.pick(['J45.909', 'E10.9', 'G40.909', 'T78.40XA', null]),
    }),
    edit: { status: 'auto', severity: 'auto', notes: 'auto', action_plan: 'auto', emergency_plan: 'auto' },
  },
  {
    table: 'guardians',
    weight: 1,
    create: (c, student) => ({
      student_id: student,
      school_id: c.schoolId,
      ...autoRow(c, 'guardians', ['first_name', 'last_name', 'relationship', 'email', 'preferred_language']),
      phone_primary: `555-01${c.prng.int(10, 99)}`,
      contact_priority: c.prng.int(1, 3),
      can_pick_up: c.prng.int(0, 1),
    }),
    edit: {
      phone_primary: (c) => ({ phone_primary: `555-02${c.prng.int(10, 99)}` }),
      email: 'auto',
      notes: 'auto',
      contact_priority: (c) => ({ contact_priority: c.prng.int(1, 4) }),
      can_pick_up: 'auto',
      is_emergency_contact: 'auto',
    },
  },
  {
    table: 'vaccinations',
    weight: 2,
    create: (c, student) => ({
      student_id: student,
      school_id: c.schoolId,
      vaccine_type: c.prng.pick(['MMR', 'DTaP', 'Tdap', 'HepB', 'Varicella', 'Influenza']),
      cvx_code: c.prng.pick(['03', '20', '115', '08', '21', '141']),
      administration_date: dateBefore(c.prng, c.nowMs, 2000),
      dose_number: c.prng.int(1, 4),
      dose_volume_ml: c.prng.pick([0.5, 0.25, 1]),
      administered_by_user_id: c.prng.chance(0.5) ? c.userId : null,
      ...autoRow(c, 'vaccinations', ['source', 'site', 'route', 'lot_number', 'registry_status']),
    }),
    edit: {
      notes: 'auto',
      lot_number: 'auto',
      site: 'auto',
      route: 'auto',
      registry_status: 'auto',
      provider_name: 'auto',
      dose_volume_ml: (c) => ({ dose_volume_ml: decimal(c.prng, 0.1, 2) }),
      dose_number: (c) => ({ dose_number: c.prng.int(1, 5) }),
    },
  },
  {
    table: 'clinic_visits',
    weight: 4,
    create: (c, student) => {
      const arrival = c.nowMs - c.prng.int(0, 90) * 60_000;
      const departed = c.prng.chance(0.5);
      return {
        student_id: student,
        school_id: c.schoolId,
        attended_by_user_id: c.userId,
        arrival_time: iso(arrival),
        departure_time: departed ? iso(arrival + c.prng.int(5, 60) * 60_000) : null,
        presenting_complaint: text(c.prng),
        severity_triage: auto(c, 'clinic_visits', 'severity_triage'),
        vital_signs_taken: 1,
        temperature_f: decimal(c.prng, 96.5, 103.5),
        heart_rate: c.prng.int(55, 140),
        blood_pressure_systolic: c.prng.int(95, 135),
        blood_pressure_diastolic: c.prng.int(55, 85),
        medications_administered: medsGiven(c),
        sent_home: c.prng.int(0, 1),
        nurse_notes: auto(c, 'clinic_visits', 'nurse_notes'),
      };
    },
    edit: {
      nurse_notes: 'auto',
      treatment_provided: 'auto',
      follow_up_notes: 'auto',
      presenting_complaint: 'auto',
      severity_triage: 'auto',
      sent_home: 'auto',
      follow_up_required: 'auto',
      temperature_f: (c) => ({ temperature_f: decimal(c.prng, 96.5, 104.5) }),
      heart_rate: (c) => ({ heart_rate: c.prng.int(50, 150) }),
      medications_administered: (c) => ({ medications_administered: medsGiven(c) }),
      // parent_notified only ever becomes true, always with its time: any per-field merge of these stays valid
      parent_notified: (c) => ({ parent_notified: 1, parent_notification_time: iso(c.nowMs) }),
    },
  },
  {
    table: 'class_time_missed',
    weight: 2,
    create: (c, student) => {
      const visits = c.store.sqlite
        .prepare(`SELECT id FROM clinic_visits WHERE school_id = ? AND student_id = ? AND deleted_at IS NULL`)
        .all(c.schoolId, student) as { id: string }[];
      if (visits.length === 0) return null;
      return {
        clinic_visit_id: c.prng.pick(visits).id,
        student_id: student,
        school_id: c.schoolId,
        minutes_missed: c.prng.int(5, 120),
        ...autoRow(c, 'class_time_missed', ['class_period', 'subject', 'teacher_notified']),
      };
    },
    edit: {
      minutes_missed: (c) => ({ minutes_missed: c.prng.int(0, 480) }),
      subject: 'auto',
      class_period: 'auto',
      teacher_notified: 'auto',
      makeup_work_required: 'auto',
      absence_excused: 'auto',
    },
  },
  {
    table: 'symptom_tracking',
    weight: 2,
    create: (c, student) => ({
      student_id: student,
      school_id: c.schoolId,
      symptom_onset_date: dateBefore(c.prng, c.nowMs, 5),
      symptoms: JSON.stringify(
        c.prng.sample(['fever', 'cough', 'rash', 'vomiting', 'diarrhea', 'sore throat'], c.prng.int(1, 3)),
      ),
      reported_by: c.userId,
      ...autoRow(c, 'symptom_tracking', [
        'severity_assessment',
        'diagnosis',
        'location_at_onset',
        'sent_home',
      ]),
    }),
    edit: {
      severity_assessment: 'auto',
      diagnosis: 'auto',
      notes: 'auto',
      follow_up_required: 'auto',
      symptoms: (c) => ({
        symptoms: JSON.stringify(c.prng.sample(['fever', 'cough', 'rash', 'headache'], c.prng.int(1, 3))),
      }),
      // the onset date never changes, so a return on or after it stays valid whatever else merges
      returned_to_school_date: (c, row) => ({
        returned_to_school_date: addDays(String(row.symptom_onset_date), c.prng.int(0, 10)),
      }),
    },
  },
  {
    table: 'immunization_exemptions',
    weight: 1,
    create: (c, student) => {
      const start = dateBefore(c.prng, c.nowMs, 700);
      return {
        student_id: student,
        school_id: c.schoolId,
        start_date: start,
        end_date: c.prng.chance(0.5) ? addDays(start, 365) : null,
        approved_by: c.userId,
        ...autoRow(c, 'immunization_exemptions', ['exemption_type', 'vaccine_type', 'notes']),
      };
    },
    edit: { notes: 'auto', vaccine_type: 'auto', exemption_type: 'auto', approval_date: 'auto' },
  },
];

export const SIM_TABLES: readonly string[] = RECIPES.map((r) => r.table);

/** Checks the pushed columns as the server will (src-shared/sync/wire.ts): a generator bug fails loudly here. */
function checkWire(table: string, columns: Readonly<Record<string, JsonValue>>, isNew: boolean): void {
  for (const [col, v] of Object.entries(columns)) {
    const r = checkWireValue(table, col, v);
    if (!r.ok)
      throw new Error(`sim generator made an invalid ${table}.${col} = ${JSON.stringify(v)}: ${r.problem}`);
  }
  if (isNew) {
    const missing = requiredColumns(table).filter((col) => col !== 'id' && !(col in columns));
    if (missing.length > 0) throw new Error(`sim generator left out ${table}.${missing.join(', ')}`);
  }
}

function ledgerOf(c: OpContext, w: WriteResult, kind: LedgerWrite['kind']): LedgerWrite {
  const r = c.store.sqlite.prepare(`SELECT changed_columns FROM outbox WHERE seq = ?`).get(w.seq) as
    { changed_columns: string } | undefined;
  if (!r)
    throw new Error(`sim: outbox row ${w.seq} of ${w.table} ${w.rowId} is missing right after the write`);
  const columns = JSON.parse(r.changed_columns) as Record<string, JsonValue>;
  if (w.op === 'UPSERT') checkWire(w.table, columns, kind === 'create');
  return {
    deviceId: c.store.deviceId,
    seq: w.seq,
    hlc: w.hlc,
    table: w.table,
    rowId: w.rowId,
    op: w.op,
    kind,
    columns,
  };
}

/** Picks a live row: half the time one of the school's oldest rows (shared by every workstation: conflicts). */
function pickTarget(c: OpContext, table: string): string | null {
  const ids = liveIds(c.store, table, c.schoolId);
  if (ids.length === 0) return null;
  return c.prng.chance(0.5) ? c.prng.pick(ids.slice(0, 3)) : c.prng.pick(ids);
}

function create(c: OpContext, recipe: Recipe): LedgerWrite[] {
  const students = (
    c.store.sqlite
      .prepare(`SELECT id FROM students WHERE school_id = ? AND deleted_at IS NULL ORDER BY id`)
      .all(c.schoolId) as { id: string }[]
  ).map((s) => s.id);
  if (students.length === 0) return [];
  const student = c.prng.pick(students);
  const row = recipe.create(c, student);
  if (!row) return [];
  return c.store.transaction(() => {
    const out = [ledgerOf(c, c.store.write(recipe.table, c.newId(), 'UPSERT', row), 'create')];
    // a visit often comes with the class time it cost, written in the same transaction
    if (recipe.table === 'clinic_visits' && c.prng.chance(0.4)) {
      const child = RECIPES.find((r) => r.table === 'class_time_missed')?.create(c, student);
      if (child)
        out.push(ledgerOf(c, c.store.write('class_time_missed', c.newId(), 'UPSERT', child), 'create'));
    }
    return out;
  });
}

function edit(c: OpContext, recipe: Recipe): LedgerWrite[] {
  const id = pickTarget(c, recipe.table);
  if (!id) return [];
  const row = c.store.sqlite.prepare(`SELECT * FROM "${recipe.table}" WHERE id = ?`).get(id) as Row;
  const columns = c.prng.sample(Object.keys(recipe.edit), c.prng.int(1, 3));
  const patch: Row = {};
  for (const col of columns) {
    const gen = recipe.edit[col];
    Object.assign(
      patch,
      gen === 'auto' || gen === undefined ? { [col]: auto(c, recipe.table, col) } : gen(c, row),
    );
  }
  return [ledgerOf(c, c.store.write(recipe.table, id, 'UPSERT', patch), 'edit')];
}

function remove(c: OpContext, recipe: Recipe): LedgerWrite[] {
  const ids = liveIds(c.store, recipe.table, c.schoolId);
  if (ids.length === 0) return [];
  return [ledgerOf(c, c.store.write(recipe.table, c.prng.pick(ids), 'DELETE'), 'delete')];
}

/** One random operation (a create, an edit or a delete; a create may write two rows). [] when none was possible. */
export function randomOperation(c: OpContext): LedgerWrite[] {
  const recipe = c.prng.weighted(RECIPES.map((r) => [r, r.weight] as const));
  const kind = c.prng.weighted([
    ['create', 40],
    ['edit', 48],
    ['delete', 12],
  ] as const);
  if (kind === 'create') return create(c, recipe);
  if (kind === 'edit') return edit(c, recipe);
  return remove(c, recipe);
}
