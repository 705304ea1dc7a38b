import { describe, expect, it } from 'vitest';
import type { Write } from '../../../server-sync/sync/lww';
import { APPLY_ORDER, groupWrites } from '../../../server-sync/sync/store';
import { WORKSTATION_WRITABLE_TABLES } from '../../../src-shared/sync/tables';

/** How a push's decided writes become sync_apply_changes statements (server-sync/sync/store.ts groupWrites). */

let seq = 0;
const ins = (t: string, id: string, cols: Record<string, string> = { a: 'x' }): Write => ({
  seq: ++seq,
  t,
  id,
  op: 'INSERT',
  cols: { id, ...cols },
  hlc: `h${seq}`,
  action: 'CREATE',
});
const upd = (t: string, id: string, cols: Record<string, string>): Write => ({
  seq: ++seq,
  t,
  id,
  op: 'UPDATE',
  cols,
  hlc: `h${seq}`,
  action: 'UPDATE',
});

describe('groupWrites', () => {
  it('APPLY_ORDER lists every workstation-writable table once', () => {
    expect([...APPLY_ORDER].sort()).toEqual([...WORKSTATION_WRITABLE_TABLES].sort());
  });

  it("makes one statement per table of an interleaved batch of inserts, parents' tables first, rows in batch order", () => {
    const writes = [
      ins('class_time_missed', 'ct1'),
      ins('clinic_visits', 'cv1'),
      ins('class_time_missed', 'ct2'),
      ins('medication_administrations', 'ma1'),
      ins('clinic_visits', 'cv2'),
      ins('guardians', 'g1'),
      ins('clinic_visits', 'cv3'),
    ];
    const groups = groupWrites(writes);
    expect(groups.map((g) => [g.t, g.op, g.rows.map((r) => r.id)])).toEqual([
      ['guardians', 'INSERT', ['g1']],
      ['clinic_visits', 'INSERT', ['cv1', 'cv2', 'cv3']],
      ['medication_administrations', 'INSERT', ['ma1']],
      ['class_time_missed', 'INSERT', ['ct1', 'ct2']],
    ]);
    // `at` points back into the batch, row for row
    for (const g of groups) g.rows.forEach((r, i) => expect(writes[g.at[i] ?? -1]?.id).toBe(r.id));
    expect(groups.flatMap((g) => g.at).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // an insert lists id first; the device seq and HLC of each row ride in meta
    expect(groups[1]?.cols).toEqual(['id', 'a']);
    expect(groups[1]?.meta.cv2).toEqual({ s: String(writes[4]?.seq), h: writes[4]?.hlc });
  });

  it('keeps every later write of a row after the earlier one, and a row id at most once per statement', () => {
    const writes = [
      ins('allergies', 'a1'),
      upd('allergies', 'a1', { severity: 'MILD' }),
      ins('allergies', 'a2'),
      upd('allergies', 'a0', { severity: 'MILD' }),
      upd('allergies', 'a1', { severity: 'SEVERE' }),
      upd('allergies', 'a1', { notes: 'n' }),
      ins('guardians', 'g1'),
      upd('guardians', 'g1', { phone: '1' }),
    ];
    const groups = groupWrites(writes);
    expect(groups.map((g) => [g.t, g.op, g.cols.join(','), g.rows.map((r) => r.id)])).toEqual([
      ['guardians', 'INSERT', 'id,a', ['g1']],
      ['guardians', 'UPDATE', 'phone', ['g1']],
      ['allergies', 'INSERT', 'id,a', ['a1', 'a2']],
      ['allergies', 'UPDATE', 'severity', ['a0']],
      ['allergies', 'UPDATE', 'severity', ['a1']],
      ['allergies', 'UPDATE', 'severity', ['a1']],
      ['allergies', 'UPDATE', 'notes', ['a1']],
    ]);
    // the two severity updates of a1 keep their order
    expect(groups[4]?.rows[0]?.severity).toBe('MILD');
    expect(groups[5]?.rows[0]?.severity).toBe('SEVERE');
    for (const g of groups) expect(new Set(g.rows.map((r) => r.id)).size).toBe(g.rows.length);
    // for each row, its writes come in batch order
    const position = new Map<number, number>();
    groups.forEach((g, gi) => g.at.forEach((i) => position.set(i, gi)));
    const byRow = new Map<string, number[]>();
    writes.forEach((w, i) => byRow.set(`${w.t}/${w.id}`, [...(byRow.get(`${w.t}/${w.id}`) ?? []), i]));
    for (const list of byRow.values()) {
      const order = list.map((i) => position.get(i) ?? -1);
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(new Set(order).size).toBe(order.length);
    }
  });

  it("groups a table's writes by column set, and puts a table it does not know after the known ones", () => {
    const groups = groupWrites([
      ins('not_a_table', 'x1'),
      ins('allergies', 'a1', { a: '1' }),
      ins('allergies', 'a2', { b: '2' }),
      ins('allergies', 'a3', { a: '3' }),
    ]);
    expect(groups.map((g) => [g.t, g.cols.join(','), g.rows.map((r) => r.id)])).toEqual([
      ['allergies', 'id,a', ['a1', 'a3']],
      ['allergies', 'id,b', ['a2']],
      ['not_a_table', 'id,a', ['x1']],
    ]);
  });

  it('marks a server write (seq 0) as having no device seq', () => {
    const [g] = groupWrites([
      { seq: 0, t: 'allergies', id: 'a1', op: 'UPDATE', cols: { notes: 'n' }, hlc: 'h', action: 'UPDATE' },
    ]);
    expect(g?.meta).toEqual({ a1: { s: null, h: 'h' } });
    expect(groupWrites([])).toEqual([]);
  });
});
