import { afterEach, describe, expect, it } from 'vitest';
import { parseHlc } from '../../../src-shared/sync/hlc';
import { StoreDeviceError, StoreValidationError, StoreWriteError } from '../../../src-main/store/errors';
import { WORKSTATION_SCHEMA_VERSION, type LocalStore } from '../../../src-main/store/open';
import { OUTBOX_ACKED_RETENTION_DAYS } from '../../../src-main/store/outbox';
import {
  allergy,
  hlcAt,
  loadReference,
  school,
  storeFile,
  student,
  T0,
  user,
  type StoreFile,
} from './support/fixtures';

const outbox = (s: LocalStore) =>
  s.sqlite
    .prepare(
      `SELECT seq, table_name, row_id, operation, changed_columns, hlc, schema_version FROM outbox ORDER BY seq`,
    )
    .all() as {
    seq: number;
    table_name: string;
    row_id: string;
    operation: string;
    changed_columns: string;
    hlc: string;
    schema_version: number;
  }[];
const count = (s: LocalStore, table: string) =>
  (s.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('local store: the one write path', () => {
  let f: StoreFile;
  let s: LocalStore;
  let clock = T0;
  const open = async () => {
    s = await f.open(() => clock);
    return s;
  };
  const setup = async () => {
    f = storeFile('dev-a');
    clock = T0;
    await open();
    loadReference(s, [school('s1'), user('u1'), student('st1', 's1'), student('st2', 's1')]);
  };
  afterEach(async () => {
    await s?.close();
    f?.dispose();
  });

  it('writes the row and its outbox row together: insert, update, tombstone', async () => {
    await setup();
    const r1 = s.insert('allergies', allergy('a1', 'st1', 's1'));
    clock += 1000;
    const r2 = s.update('allergies', 'a1', { severity: 'MILD', epinephrine_required: 1 });
    clock += 1000;
    const r3 = s.remove('allergies', 'a1');
    expect([r1.seq, r2.seq, r3.seq]).toEqual([1, 2, 3]);
    const rows = outbox(s);
    expect(rows.map((r) => [r.seq, r.operation, r.schema_version])).toEqual([
      [1, 'UPSERT', s.schemaVersion],
      [2, 'UPSERT', s.schemaVersion],
      [3, 'DELETE', s.schemaVersion],
    ]);
    const insertCols = JSON.parse(rows[0]?.changed_columns ?? '{}') as Record<string, unknown>;
    expect(insertCols).toMatchObject({
      student_id: 'st1',
      school_id: 's1',
      severity: 'SEVERE',
      epinephrine_required: false, // booleans travel as true/false
      verified: false,
      created_at: new Date(T0).toISOString(),
      deleted_at: null,
    });
    expect(insertCols).not.toHaveProperty('id');
    expect(JSON.parse(rows[1]?.changed_columns ?? '{}')).toEqual({
      severity: 'MILD',
      epinephrine_required: true,
      updated_at: new Date(T0 + 1000).toISOString(),
    });
    expect(JSON.parse(rows[2]?.changed_columns ?? '{}')).toEqual({
      deleted_at: new Date(T0 + 2000).toISOString(),
    });
    expect(
      s.sqlite
        .prepare(`SELECT severity, epinephrine_required, deleted_at FROM allergies WHERE id = 'a1'`)
        .get(),
    ).toEqual({
      severity: 'MILD',
      epinephrine_required: 1,
      deleted_at: new Date(T0 + 2000).toISOString(),
    });
    // the synced migrations: 0001..0005, 0007 and on (0006 is local-only)
    expect(s.schemaVersion).toBe(WORKSTATION_SCHEMA_VERSION);
  });

  it('sends JSON columns as JSON values', async () => {
    await setup();
    loadReference(s, [
      {
        serverSeq: 1,
        table: 'medications',
        rowId: 'med1',
        op: 'UPSERT',
        columns: { name: 'Ibuprofen', is_otc: true },
        hlc: null,
      },
    ]);
    s.insert('student_medications', {
      id: 'order1',
      student_id: 'st1',
      school_id: 's1',
      medication_id: 'med1',
      dose: '200 mg',
      route: 'PO',
      start_date: '2026-03-01',
      schedule_times: '["08:00","12:00"]',
    });
    expect(JSON.parse(outbox(s)[0]?.changed_columns ?? '{}')).toMatchObject({
      schedule_times: ['08:00', '12:00'],
      is_prn: false,
    });
  });

  it('a failing write leaves neither the row nor an outbox row; a failing transaction undoes every write of it', async () => {
    await setup();
    expect(() => s.insert('allergies', allergy('bad', 'nobody', 's1'))).toThrow(/FOREIGN KEY/);
    expect(count(s, 'outbox')).toBe(0);
    expect(() =>
      s.transaction(() => {
        s.insert('allergies', allergy('a1', 'st1', 's1'));
        s.insert('allergies', allergy('a1', 'st1', 's1')); // the same id again
      }),
    ).toThrow(StoreWriteError);
    expect(count(s, 'allergies')).toBe(0);
    expect(count(s, 'outbox')).toBe(0);
    // the seq handed out inside the failed transaction is handed out again: no gap
    expect(s.insert('allergies', allergy('a1', 'st1', 's1')).seq).toBe(1);
  });

  it('validates against the generated schema, naming the column', async () => {
    await setup();
    const attempt = (cols: Record<string, unknown>) => () =>
      s.write('allergies', 'a9', 'UPSERT', {
        student_id: 'st1',
        school_id: 's1',
        allergen: 'x',
        allergen_type: 'FOOD',
        severity: 'MILD',
        ...cols,
      });
    expect(attempt({ severity: 'HUGE' })).toThrow(/allergies\.severity: Invalid option/);
    expect(attempt({ colour: 'red' })).toThrow(/allergies\.colour: no such column/);
    expect(attempt({ verified: true })).toThrow(/allergies\.verified/);
    expect(attempt({ verified_at: 'yesterday' })).toThrow(
      /allergies\.verified_at: expected an ISO-8601 instant/,
    );
    expect(attempt({ allergen: undefined })).toThrow(/allergies\.allergen: Invalid input/);
    expect(() => s.write('clinic_visits', 'v1', 'UPSERT', { visit_duration_minutes: 5 })).toThrow(
      /clinic_visits\.visit_duration_minutes: is computed by the database/,
    );
    const err = (() => {
      try {
        attempt({ severity: 'HUGE', colour: 1 })();
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(StoreValidationError);
    expect((err as StoreValidationError).issues.map((i) => i.path).sort()).toEqual([
      'allergies.colour',
      'allergies.severity',
    ]);
    expect(count(s, 'allergies') + count(s, 'outbox')).toBe(0);
  });

  it('refuses writes to district tables, edits after a delete, and deletes of tables without a tombstone', async () => {
    await setup();
    expect(() => s.write('students', 'st1', 'UPSERT', { first_name: 'X' })).toThrow(
      /students is district data/,
    );
    expect(() => s.write('outbox', '1', 'UPSERT', {})).toThrow(/not a synced table/);
    s.insert('allergies', allergy('a1', 'st1', 's1'));
    s.remove('allergies', 'a1');
    expect(() => s.update('allergies', 'a1', { severity: 'MILD' })).toThrow(
      /was deleted: an edit after a delete is not allowed/,
    );
    expect(() => s.remove('allergies', 'a1')).toThrow(StoreWriteError);
    expect(() => s.remove('report_generation_log', 'x')).toThrow(/has no tombstone/);
    expect(() => s.update('allergies', 'zzz', { severity: 'MILD' })).toThrow(/no allergies row zzz/);
    expect(count(s, 'outbox')).toBe(2);
  });

  it('a direct write that bypasses the store is refused by the guard trigger', async () => {
    await setup();
    s.insert('allergies', allergy('a1', 'st1', 's1'));
    const direct = (text: string) => () => s.sqlite.prepare(text).run();
    const msg = /allergies must be written through the local store \(outbox\)/;
    expect(
      direct(
        `INSERT INTO allergies (id, student_id, school_id, allergen, allergen_type, severity) VALUES ('a2', 'st1', 's1', 'x', 'FOOD', 'MILD')`,
      ),
    ).toThrow(msg);
    expect(direct(`UPDATE allergies SET severity = 'MILD' WHERE id = 'a1'`)).toThrow(msg);
    expect(direct(`DELETE FROM allergies WHERE id = 'a1'`)).toThrow(msg);
    expect(direct(`UPDATE students SET first_name = 'X'`)).toThrow(
      /students must be written through the local store/,
    );
    expect(
      direct(`INSERT INTO schools (id, district_id, name, school_code) VALUES ('s9', 'd', 'n', 'c')`),
    ).toThrow(/schools must be written/);
    expect(s.sqlite.prepare(`SELECT id, severity FROM allergies`).all()).toEqual([
      { id: 'a1', severity: 'SEVERE' },
    ]);
    expect(
      s.sqlite.prepare(`SELECT count(*) AS n FROM sync_state WHERE key = 'write_path.open'`).get(),
    ).toEqual({ n: 0 });
    expect(count(s, 'outbox')).toBe(1);
  });

  it('keeps seq gapless and the HLC monotonic across restarts, even when the wall clock steps back', async () => {
    await setup();
    s.insert('allergies', allergy('a1', 'st1', 's1'));
    s.update('allergies', 'a1', { severity: 'MILD' });
    const before = outbox(s).map((r) => r.hlc);
    await s.close();
    clock = T0 - 60_000; // the clock was set back while the app was closed
    await open();
    s.update('allergies', 'a1', { severity: 'MODERATE' });
    await s.close();
    await open();
    s.insert('allergies', allergy('a2', 'st2', 's1'));
    const rows = outbox(s);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    const hlcs = rows.map((r) => r.hlc);
    expect(hlcs.slice(0, 2)).toEqual(before);
    expect([...hlcs].sort()).toEqual(hlcs);
    expect(new Set(hlcs).size).toBe(4);
    expect(hlcs.every((h) => parseHlc(h).node === 'dev-a')).toBe(true);
  });

  it('prunes acknowledged outbox rows after the retention, never unsent ones, and never reuses a seq', async () => {
    await setup();
    s.insert('allergies', allergy('a1', 'st1', 's1'));
    s.update('allergies', 'a1', { severity: 'MILD' });
    s.sync.ackBelow(2); // seq 1 acknowledged, seq 2 not yet
    clock += (OUTBOX_ACKED_RETENTION_DAYS - 1) * 86_400_000;
    s.sync.ackBelow(2);
    expect(outbox(s).map((r) => r.seq)).toEqual([1, 2]); // within the retention: kept for a resend
    clock += 2 * 86_400_000;
    s.insert('allergies', allergy('a2', 'st2', 's1'));
    s.sync.ackBelow(3); // acknowledges 2; prunes 1 (acknowledged 31 days ago)
    expect(outbox(s).map((r) => r.seq)).toEqual([2, 3]);
    expect(s.sync.countUnacked()).toBe(1);
    clock += (OUTBOX_ACKED_RETENTION_DAYS + 1) * 86_400_000;
    s.sync.ackBelow(4); // acknowledges 3 (kept from now on), prunes 2
    expect(outbox(s).map((r) => r.seq)).toEqual([3]);
    await s.close();
    await open();
    expect(s.insert('allergies', allergy('a3', 'st1', 's1')).seq).toBe(4);
  });

  it('orders local writes after a future HLC received from the server', async () => {
    await setup();
    const future = hlcAt(T0 + 120_000, 'dev-b', 7);
    loadReference(s, [{ ...student('st3', 's1'), hlc: future }]);
    const r = s.insert('allergies', allergy('a1', 'st3', 's1'));
    expect(r.hlc > future).toBe(true);
    expect(parseHlc(r.hlc)).toEqual({ wallMs: T0 + 120_000, counter: 9, node: 'dev-a' }); // received (8), then ticked
  });

  it('belongs to one device: another device id cannot open the file, nor a bad node id', async () => {
    await setup();
    await s.close();
    const other = { ...f, deviceId: 'dev-z' };
    await expect(
      import('../../../src-main/store/open').then((m) =>
        m.openLocalStore({ file: other.file, key: other.key, deviceId: 'dev-z' }),
      ),
    ).rejects.toThrow(StoreDeviceError);
    await expect(
      import('../../../src-main/store/open').then((m) =>
        m.openLocalStore({ file: f.file, key: f.key, deviceId: 'bad id!' }),
      ),
    ).rejects.toThrow(/device id must be/);
    await open();
  });
});
