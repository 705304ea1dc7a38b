import { describe, expect, it } from 'vitest';
import { formatHlc } from '../../../src-shared/sync/hlc';
import type { OutboxChange } from '../../../src-shared/sync/protocol';
import {
  canonicalWireValue,
  checkWireValue,
  encodeWireColumns,
  requiredColumns,
  wireColumns,
} from '../../../src-shared/sync/wire';
import {
  fieldKey,
  mergeBatch,
  rowKey,
  ROW_VERSION_COLUMN,
  type FieldVersion,
  type MergeInput,
} from '../../../server-sync/sync/lww';
import { checkChange, type CheckedChange } from '../../../server-sync/sync/validate';

const hlc = (ms: number, node: string) => formatHlc({ wallMs: ms, counter: 0, node });

function checked(c: OutboxChange): CheckedChange {
  const r = checkChange(c);
  if (!r.ok) throw new Error(r.rejection.reason);
  return r.change;
}

const existing = {
  id: 'a1',
  student_id: 's1',
  school_id: 'A',
  allergen: 'Peanut',
  allergen_type: 'FOOD',
  severity: 'SEVERE',
  notes: 'old',
  deleted_at: null,
};

function input(
  changes: OutboxChange[],
  versions: [string, FieldVersion][] = [],
  rows = [existing],
): MergeInput {
  return {
    deviceId: 'dev-1',
    schoolId: 'A',
    changes: changes.map(checked),
    rows: new Map(rows.map((r) => [rowKey('allergies', r.id), r])),
    elsewhere: new Set([rowKey('allergies', 'b1')]),
    versions: new Map(versions),
    inScope: new Set([rowKey('students', 's1')]),
  };
}

const upsert = (
  seq: number,
  id: string,
  columns: OutboxChange['columns'],
  ms: number,
  node = 'dev-1',
): OutboxChange => ({ seq, table: 'allergies', rowId: id, op: 'UPSERT', columns, hlc: hlc(ms, node) });

describe('wire values', () => {
  it('knows each column kind from the generated schema', () => {
    const k = wireColumns('vaccinations');
    expect(k?.get('created_at')).toBe('instant');
    expect(k?.get('dose_volume_ml')).toBe('decimal');
    expect(k?.get('administration_date')).toBe('plain');
    expect(wireColumns('no_such_table')).toBeUndefined();
  });
  it('encodes instants as UTC ISO with milliseconds and numerics as decimal strings', () => {
    expect(
      encodeWireColumns('vaccinations', {
        created_at: '2026-03-02T03:00:00.123456-05:00',
        dose_volume_ml: 0.5,
        notes: 'x',
      }),
    ).toEqual({
      created_at: '2026-03-02T08:00:00.123Z',
      dose_volume_ml: '0.5',
      notes: 'x',
    });
    expect(canonicalWireValue('decimal', '0.50')).toBe(canonicalWireValue('decimal', 0.5));
  });
  it('checks pushed values against the column and names the problem', () => {
    expect(checkWireValue('vaccinations', 'dose_volume_ml', 0.5)).toEqual({ ok: true, value: '0.5' });
    expect(checkWireValue('allergies', 'severity', 'HUGE')).toMatchObject({ ok: false });
    expect(checkWireValue('allergies', 'onset_date', '2026-13-45')).toMatchObject({ ok: false });
    expect(requiredColumns('allergies')).toEqual(
      expect.arrayContaining(['id', 'student_id', 'allergen', 'allergen_type', 'severity', 'school_id']),
    );
  });
  it('validates a change: table, columns, values', () => {
    expect(checkChange(upsert(1, 'a1', { colour: 'red' }, 1))).toMatchObject({
      ok: false,
      rejection: { code: 'UNKNOWN_COLUMN' },
    });
    expect(checkChange({ ...upsert(1, 'a1', { x: 1 }, 1), table: 'users' })).toMatchObject({
      ok: false,
      rejection: { code: 'READ_ONLY_TABLE' },
    });
    expect(checkChange({ ...upsert(1, 'a1', { x: 1 }, 1), table: 'audit_logs' })).toMatchObject({
      ok: false,
      rejection: { code: 'UNKNOWN_TABLE' },
    });
    expect(checkChange(upsert(1, 'a1', { id: 'other' }, 1))).toMatchObject({
      ok: false,
      rejection: { code: 'INVALID_VALUE' },
    });
  });
});

describe('server merge (per-field last writer wins)', () => {
  it('a newer edit wins and the value it overwrote from another device is kept', () => {
    const r = mergeBatch(
      input(
        [upsert(1, 'a1', { severity: 'MILD' }, 2000)],
        [[fieldKey('allergies', 'a1', ROW_VERSION_COLUMN), { hlc: hlc(1000, 'dev-2'), deviceId: 'dev-2' }]],
      ),
    );
    expect(r.writes).toEqual([expect.objectContaining({ op: 'UPDATE', cols: { severity: 'MILD' } })]);
    expect(r.conflicts).toEqual([
      expect.objectContaining({
        column: 'severity',
        winningValue: 'MILD',
        losingValue: 'SEVERE',
        pushLost: false,
        losingDeviceId: 'dev-2',
      }),
    ]);
    expect(r.versions).toEqual([
      { table: 'allergies', rowId: 'a1', column: 'severity', hlc: hlc(2000, 'dev-1') },
    ]);
  });
  it('an older edit loses field by field, and the other fields still apply', () => {
    const r = mergeBatch(
      input(
        [upsert(1, 'a1', { severity: 'MILD', notes: 'new' }, 1000)],
        [[fieldKey('allergies', 'a1', 'severity'), { hlc: hlc(2000, 'dev-2'), deviceId: 'dev-2' }]],
      ),
    );
    expect(r.writes).toEqual([expect.objectContaining({ cols: { notes: 'new' } })]);
    expect(r.conflicts).toEqual([
      expect.objectContaining({
        column: 'severity',
        winningValue: 'SEVERE',
        losingValue: 'MILD',
        pushLost: true,
      }),
    ]);
  });
  it('an edit of a tombstone is a conflict and writes nothing', () => {
    const r = mergeBatch(
      input(
        [upsert(1, 'a1', { notes: 'x' }, 3000)],
        [],
        [{ ...existing, deleted_at: '2026-01-01T00:00:00.000Z' } as never],
      ),
    );
    expect(r.writes).toEqual([]);
    expect(r.conflicts).toEqual([expect.objectContaining({ type: 'EDIT_AFTER_DELETE', column: null })]);
  });
  it('a new row needs its required columns, its school and a student of the school; another school’s row is out of scope', () => {
    const r = mergeBatch(
      input([
        upsert(1, 'n1', { allergen: 'Latex' }, 1),
        upsert(
          2,
          'n2',
          { student_id: 's1', school_id: 'B', allergen: 'Latex', allergen_type: 'LATEX', severity: 'MILD' },
          1,
        ),
        upsert(
          3,
          'n3',
          { student_id: 's9', school_id: 'A', allergen: 'Latex', allergen_type: 'LATEX', severity: 'MILD' },
          1,
        ),
        upsert(4, 'b1', { notes: 'x' }, 1),
        upsert(
          5,
          'n5',
          { student_id: 's1', school_id: 'A', allergen: 'Latex', allergen_type: 'LATEX', severity: 'MILD' },
          1,
        ),
        upsert(6, 'n5', { notes: 'then edited' }, 2),
      ]),
    );
    expect(r.rejections.map((x) => [x.seq, x.code])).toEqual([
      [1, 'INVALID_VALUE'],
      [2, 'OUT_OF_SCOPE'],
      [3, 'OUT_OF_SCOPE'],
      [4, 'OUT_OF_SCOPE'],
    ]);
    expect(r.writes.map((w) => [w.seq, w.op, w.action])).toEqual([
      [5, 'INSERT', 'CREATE'],
      [6, 'UPDATE', 'UPDATE'],
    ]);
    expect(r.conflicts).toEqual([]);
  });
  it('a delete sets the tombstone at the HLC wall time; a delete of a tombstone does nothing', () => {
    const r = mergeBatch(
      input([
        {
          seq: 1,
          table: 'allergies',
          rowId: 'a1',
          op: 'DELETE',
          columns: {},
          hlc: hlc(Date.parse('2026-03-02T08:00:00.000Z'), 'dev-1'),
        },
        {
          seq: 2,
          table: 'allergies',
          rowId: 'a1',
          op: 'DELETE',
          columns: {},
          hlc: hlc(Date.parse('2026-03-02T09:00:00.000Z'), 'dev-1'),
        },
      ]),
    );
    expect(r.writes).toEqual([
      expect.objectContaining({ seq: 1, cols: { deleted_at: '2026-03-02T08:00:00.000Z' }, action: 'DELETE' }),
    ]);
  });
});
