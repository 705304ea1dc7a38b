import { afterEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION_HEADER } from '../../../src-shared/sync/protocol';
import { PullApplyError } from '../../../src-main/store/errors';
import {
  SyncAuthError,
  SyncClockDriftError,
  SyncProtocolError,
  SyncSequenceError,
  SyncTransientError,
} from '../../../src-main/sync/errors';
import type { SyncTransport } from '../../../src-main/sync/transport';
import { allergy, hlcAt, student, T0 } from './support/fixtures';
import { startHarness, type Harness } from './support/harness';

/** The sync client against the in-test protocol server (support/protocol-server.ts) over real HTTP. */
describe('sync client: push then pull', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });
  const unacked = () =>
    (h.store.sqlite.prepare(`SELECT count(*) AS n FROM outbox WHERE acked_at IS NULL`).get() as { n: number })
      .n;
  const get = (sql: string, ...args: unknown[]) => h.store.sqlite.prepare(sql).get(...args);
  const all = (sql: string, ...args: unknown[]) => h.store.sqlite.prepare(sql).all(...args);

  it('pulls its school and the reference data, pushes local writes, marks them acknowledged', async () => {
    h = await startHarness();
    const first = await h.client().syncOnce();
    expect(first.pull.cursor).toBe(h.server.log.length);
    expect(all(`SELECT id FROM students ORDER BY id`)).toEqual([{ id: 'st1' }, { id: 'st2' }]); // not st9 of school s2
    expect(all(`SELECT id, grade_levels, is_active FROM schools ORDER BY id`)).toEqual([
      { id: 's1', grade_levels: '["K","1","2"]', is_active: 1 },
      { id: 's2', grade_levels: '["K","1","2"]', is_active: 1 },
    ]);
    h.store.insert('allergies', allergy('a1', 'st1', 's1'));
    h.store.insert('allergies', allergy('a2', 'st2', 's1'));
    const second = await h.client().syncOnce();
    expect(second.push).toMatchObject({ batches: 1, acked: 2, duplicates: 0, rejections: 0, conflicts: 0 });
    expect(unacked()).toBe(0);
    expect(h.server.rows.get('allergies:a1')?.values).toMatchObject({
      severity: 'SEVERE',
      epinephrine_required: false,
      school_id: 's1',
    });
    expect(
      h.server.requests.every((r) => r.schema === String(h.store.schemaVersion) && r.token === 'tok-a'),
    ).toBe(true);
    expect(h.server.requests.length).toBeGreaterThan(0);
    expect(SCHEMA_VERSION_HEADER).toBe('x-white-cross-schema');
  });

  it('pushes in seq order in batches of at most 500', async () => {
    h = await startHarness();
    await h.client().syncOnce();
    h.store.transaction(() => {
      for (let i = 0; i < 1203; i++)
        h.store.insert('allergies', { ...allergy(`a${i}`, 'st1', 's1'), allergen: `thing ${i}` });
    });
    const r = await h.client({ pushBatchSize: 10_000 }).syncOnce();
    expect(r.push).toMatchObject({ batches: 3, acked: 1203 });
    expect(h.server.appliedSeqs.map((x) => x.seq)).toEqual(Array.from({ length: 1203 }, (_, i) => i + 1));
  });

  it('a push whose answer was lost after the server committed is resent and acknowledged once, after backoff', async () => {
    h = await startHarness();
    await h.client().syncOnce();
    h.store.insert('allergies', allergy('a1', 'st1', 's1'));
    h.store.insert('allergies', allergy('a2', 'st2', 's1'));
    h.server.faults.push(
      { path: 'push', fault: { kind: 'drop-after' } },
      { path: 'push', fault: { kind: 'drop-before' } },
    );
    const retries: number[] = [];
    const r = await h.client({ onRetry: (_p, _n, ms) => retries.push(ms) }).syncOnce();
    expect(r.push).toMatchObject({ acked: 2, duplicates: 2 });
    expect(h.server.appliedSeqs).toEqual([
      { deviceId: 'dev-a', seq: 1 },
      { deviceId: 'dev-a', seq: 2 },
    ]);
    expect(h.sleeps).toEqual([250, 500]); // random 0.5 x 500 ms x 2^n
    expect(retries).toEqual([250, 500]);
    expect(unacked()).toBe(0);
  });

  it('gives up after the retry budget, keeping the outbox for the next sync', async () => {
    h = await startHarness();
    await h.client().syncOnce();
    h.store.insert('allergies', allergy('a1', 'st1', 's1'));
    for (let i = 0; i < 4; i++)
      h.server.faults.push({
        path: 'push',
        fault: { kind: 'status', status: 503, body: { error: 'UNAVAILABLE', message: 'down' } },
      });
    await expect(h.client({ retry: { maxAttempts: 4 } }).syncOnce()).rejects.toBeInstanceOf(
      SyncTransientError,
    );
    expect(h.sleeps).toEqual([250, 500, 1000]);
    expect(unacked()).toBe(1);
    expect((await h.client().syncOnce()).push.acked).toBe(1);
  });

  it('refuses a pull answer that does not follow the protocol, naming the field, and applies nothing', async () => {
    h = await startHarness();
    await h.client().syncOnce();
    const cursor = h.store.sync.pullCursor();
    const change = {
      serverSeq: cursor + 1,
      table: 'students',
      rowId: 'st50',
      op: 'UPSERT',
      columns: {},
      hlc: null,
    };
    const page = { changes: [change], nextAfter: cursor + 1, hasMore: false, remaining: 0, conflicts: [] };
    const cases: [unknown, RegExp][] = [
      [{ ...page, changes: [{ ...change, serverSeq: 'seven' }] }, /changes\.0\.serverSeq: .*expected number/],
      [
        { ...page, changes: [{ ...change, columns: ['Sam'] }] },
        /changes\.0\.columns: expected an object of column values/,
      ],
      [{ ...page, changes: [{ ...change, op: 'MERGE' }] }, /changes\.0\.op: /],
      [{ changes: [], nextAfter: cursor }, /hasMore: /],
      [{ ...page, remaining: -1 }, /remaining: /],
    ];
    for (const [body, where] of cases) {
      h.server.faults.push({ path: 'pull', fault: { kind: 'status', status: 200, body } });
      const err = await h
        .client()
        .syncOnce()
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SyncProtocolError);
      expect((err as Error).message).toMatch(
        /^pull: the server's answer does not follow the sync protocol: /,
      );
      expect((err as Error).message).toMatch(where);
      expect(h.store.sync.pullCursor()).toBe(cursor);
    }
    expect(all(`SELECT id FROM students ORDER BY id`)).toEqual([{ id: 'st1' }, { id: 'st2' }]);
  });

  it('refuses a page with a column value of the wrong kind, naming table, column and row; nothing of it is written', async () => {
    h = await startHarness();
    await h.client().syncOnce();
    const cursor = h.store.sync.pullCursor();
    h.serverRow('students', 'st3', student('st3', 's1').columns, null, 'UPSERT', 's1');
    h.serverRow(
      'allergies',
      'a9',
      {
        student_id: 'st3',
        school_id: 's1',
        allergen: { name: 'peanut' },
        allergen_type: 'FOOD',
        severity: 'MILD',
      },
      null,
      'UPSERT',
      's1',
    );
    const err = await h
      .client()
      .syncOnce()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PullApplyError);
    expect((err as Error).message).toMatch(
      /nothing of it was written.*allergies\.allergen of a9: expected a text value, got \{"name":"peanut"\}/,
    );
    expect(h.store.sync.pullCursor()).toBe(cursor);
    expect(all(`SELECT id FROM students WHERE id = 'st3'`)).toEqual([]);
  });

  it('on 401 refreshes the access token once and retries; a second 401 is an auth error', async () => {
    h = await startHarness();
    h.server.devices.delete('tok-a');
    h.server.grant('tok-b', 'dev-a', ['s1']);
    h.token.next = 'tok-b';
    await h.client().syncOnce();
    expect(h.token.refreshes).toBe(1);
    expect(h.token.value).toBe('tok-b');
    h.server.devices.delete('tok-b');
    h.token.next = 'tok-c';
    await expect(h.client().syncOnce()).rejects.toBeInstanceOf(SyncAuthError);
    expect(h.token.refreshes).toBe(2);
  });

  it('HLC drift over 5 minutes is refused with a clear message and nothing is acknowledged', async () => {
    h = await startHarness();
    await h.client().syncOnce();
    const serverNow = h.clock.now;
    h.clock.now = serverNow + 10 * 60_000;
    h.store.insert('allergies', allergy('a1', 'st1', 's1'));
    h.clock.now = serverNow; // the server's clock (shared) is behind the HLC just written
    const err = await h
      .client()
      .syncOnce()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SyncClockDriftError);
    expect((err as Error).message).toMatch(/correct the computer's date and time/);
    expect((err as SyncClockDriftError).serverTime).toBe(new Date(serverNow).toISOString());
    expect(unacked()).toBe(1);
    expect(h.server.appliedSeqs).toEqual([]);
  });

  it('409 SEQUENCE_GAP below what it sent: resends from the expected seq', async () => {
    h = await startHarness();
    await h.client().syncOnce();
    h.store.insert('allergies', allergy('a1', 'st1', 's1'));
    h.store.insert('allergies', allergy('a2', 'st2', 's1'));
    await h.client().syncOnce();
    h.server.lastSeq.set('dev-a', 1); // the server lost seq 2 (restored from a backup)
    h.store.update('allergies', 'a1', { severity: 'MILD' });
    const r = await h.client().syncOnce();
    expect(r.push.acked).toBe(2);
    expect(h.server.appliedSeqs.map((x) => x.seq)).toEqual([1, 2, 2, 3]);
    expect(unacked()).toBe(0);
  });

  it('a server that holds more of this device than its outbox: a loud error, nothing marked', async () => {
    h = await startHarness();
    await h.client().syncOnce();
    h.store.insert('allergies', allergy('a1', 'st1', 's1'));
    h.server.faults.push({
      path: 'push',
      fault: {
        kind: 'status',
        status: 409,
        body: { error: 'SEQUENCE_GAP', message: 'gap', expectedSeq: 40 },
      },
    });
    await expect(h.client().syncOnce()).rejects.toThrow(
      /expects outbox seq 40 next, but this workstation has written only up to 1/,
    );
    h.server.lastSeq.set('dev-a', 7);
    const err = await h
      .client()
      .syncOnce()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SyncSequenceError);
    expect((err as Error).message).toMatch(/acknowledged outbox seq 7 .* only up to 1/);
    expect(unacked()).toBe(1);
  });

  it('keeps rejections and conflicts for review; a field this device lost takes the winning value', async () => {
    h = await startHarness();
    await h.client().syncOnce();
    h.serverRow(
      'allergies',
      'a-elsewhere',
      { student_id: 'st9', school_id: 's2', allergen: 'x', allergen_type: 'FOOD', severity: 'MILD' },
      hlcAt(T0, 'dev-z'),
    );
    h.store.insert('allergies', allergy('a-elsewhere', 'st1', 's1')); // the id exists at another school
    h.store.insert('allergies', allergy('a1', 'st1', 's1'));
    await h.client().syncOnce();
    expect(
      all(`SELECT device_id, device_seq, school_id, table_name, row_id, reason_code FROM sync_rejections`),
    ).toEqual([
      {
        device_id: 'dev-a',
        device_seq: 1,
        school_id: 's1',
        table_name: 'allergies',
        row_id: 'a-elsewhere',
        reason_code: 'OUT_OF_SCOPE',
      },
    ]);
    // another workstation corrects the severity with a later clock; this one edits it offline with an earlier clock
    h.serverRow('allergies', 'a1', { severity: 'MODERATE', school_id: 's1' }, hlcAt(T0 + 60_000, 'dev-b'));
    h.store.update('allergies', 'a1', { severity: 'MILD', notes: 'seen twice' });
    const r = await h.client().syncOnce();
    expect(r.push.conflicts).toBe(1);
    expect(get(`SELECT severity, notes FROM allergies WHERE id = 'a1'`)).toEqual({
      severity: 'MODERATE',
      notes: 'seen twice',
    });
    expect(
      all(
        `SELECT table_name, row_id, column_name, conflict_type, winning_value, losing_value, winning_device_id, losing_device_id, status, school_id FROM sync_conflicts`,
      ),
    ).toEqual([
      {
        table_name: 'allergies',
        row_id: 'a1',
        column_name: 'severity',
        conflict_type: 'FIELD_LWW',
        winning_value: '"MODERATE"',
        losing_value: '"MILD"',
        winning_device_id: 'dev-b',
        losing_device_id: 'dev-a',
        status: 'OPEN',
        school_id: 's1',
      },
    ]);
  });

  it('an edit that arrives after a delete stays deleted here too and is kept as a conflict', async () => {
    h = await startHarness();
    await h.client().syncOnce();
    h.store.insert('allergies', allergy('a1', 'st1', 's1'));
    await h.client().syncOnce();
    h.serverRow(
      'allergies',
      'a1',
      { deleted_at: '2026-03-02T07:59:00.000Z', school_id: 's1' },
      hlcAt(T0 - 60_000, 'dev-b'),
      'DELETE',
    );
    h.store.update('allergies', 'a1', { notes: 'after the delete' });
    await h.client().syncOnce();
    expect(get(`SELECT deleted_at FROM allergies WHERE id = 'a1'`)).toEqual({
      deleted_at: '2026-03-02T07:59:00.000Z',
    });
    expect(get(`SELECT conflict_type, column_name FROM sync_conflicts`)).toEqual({
      conflict_type: 'EDIT_AFTER_DELETE',
      column_name: null,
    });
  });

  it('never overwrites a column that still has unsent local writes; the server decides after the push', async () => {
    h = await startHarness();
    await h.client().syncOnce();
    h.store.insert('allergies', allergy('a1', 'st1', 's1'));
    await h.client().syncOnce();
    h.serverRow(
      'allergies',
      'a1',
      { severity: 'MODERATE', reaction: 'hives', school_id: 's1' },
      hlcAt(T0 - 1000, 'dev-b'),
    );
    // the nurse edits while this sync's pull is on its way
    let edited = false;
    const transport: SyncTransport = {
      push: (req) => h.transport.push(req),
      pull: (q) => {
        if (!edited) h.store.update('allergies', 'a1', { severity: 'LIFE_THREATENING' });
        edited = true;
        return h.transport.pull(q);
      },
    };
    const r = await h.client({ transport }).syncOnce();
    expect(r.pull.pendingSkipped).toBe(1);
    expect(get(`SELECT severity, reaction FROM allergies WHERE id = 'a1'`)).toEqual({
      severity: 'LIFE_THREATENING',
      reaction: 'hives',
    });
    await h.client().syncOnce();
    expect(h.server.rows.get('allergies:a1')?.values.severity).toBe('LIFE_THREATENING');
    expect(get(`SELECT severity FROM allergies WHERE id = 'a1'`)).toEqual({ severity: 'LIFE_THREATENING' });
  });

  it("the server's echo of this device's own rows is a no-op, even for the append-only report log", async () => {
    h = await startHarness();
    h.serverRow(
      'report_definitions',
      'rd1',
      { report_code: 'IMM', report_name: 'Immunization compliance' },
      null,
    );
    await h.client().syncOnce();
    h.store.transaction(() => {
      h.store.insert('report_instances', {
        id: 'ri1',
        report_definition_id: 'rd1',
        school_id: 's1',
        generated_by: 'u1',
        report_parameters: '{"grade":"K"}',
        file_path: '/tmp/r.pdf',
      });
      h.store.insert('report_generation_log', {
        id: 'rl1',
        report_instance_id: 'ri1',
        log_message: 'started',
        execution_context: '{"report":"visitLog","pages":2}',
      });
    });
    const r = await h.client().syncOnce(); // pushes both, then pulls them back
    expect(r.pull.changes).toBe(2);
    expect(get(`SELECT log_message FROM report_generation_log WHERE id = 'rl1'`)).toEqual({
      log_message: 'started',
    });
    // the district's copy differs in form only (PostgreSQL's jsonb orders an object's keys its own way): the
    // append-only row already here is left as it is, and the pull goes on
    h.serverRow(
      'report_generation_log',
      'rl1',
      {
        report_instance_id: 'ri1',
        log_message: 'started',
        execution_context: { pages: 2, report: 'visitLog' },
      },
      null,
    );
    const again = await h.client().syncOnce();
    expect(again.pull.ignored).toBe(1);
    expect(get(`SELECT execution_context FROM report_generation_log WHERE id = 'rl1'`)).toEqual({
      execution_context: '{"report":"visitLog","pages":2}',
    });
    expect(get(`SELECT report_parameters FROM report_instances WHERE id = 'ri1'`)).toEqual({
      report_parameters: '{"grade":"K"}',
    });
  });

  it('REMOVE (a transfer) deletes the student and everything of theirs on this workstation', async () => {
    h = await startHarness();
    await h.client().syncOnce();
    h.store.transaction(() => {
      h.store.insert('allergies', allergy('a1', 'st1', 's1'));
      h.store.insert('allergies', allergy('a2', 'st2', 's1'));
      h.store.insert('guardians', {
        id: 'g1',
        student_id: 'st1',
        school_id: 's1',
        first_name: 'Pat',
        last_name: 'Parent',
        relationship: 'MOTHER',
        phone_primary: '555-0100',
      });
      h.store.insert('clinic_visits', {
        id: 'v1',
        student_id: 'st1',
        school_id: 's1',
        presenting_complaint: 'headache',
        attended_by_user_id: 'u1',
        arrival_time: '2026-03-02T09:00:00Z',
      });
      h.store.insert('class_time_missed', {
        id: 'c1',
        clinic_visit_id: 'v1',
        student_id: 'st1',
        school_id: 's1',
        minutes_missed: 20,
      });
    });
    await h.client().syncOnce();
    h.serverRow('students', 'st1', {}, null, 'REMOVE', 's1'); // st1 moved away: a REMOVE for school s1's workstations
    const r = await h.client().syncOnce();
    expect(r.pull.removed).toBe(5);
    for (const t of ['allergies', 'guardians', 'clinic_visits', 'class_time_missed', 'students']) {
      expect(all(`SELECT id FROM ${t} WHERE id IN ('st1', 'a1', 'g1', 'v1', 'c1')`), t).toEqual([]);
    }
    expect(all(`SELECT id FROM allergies`)).toEqual([{ id: 'a2' }]);
    expect(all(`SELECT row_id FROM outbox WHERE row_id IN ('a1', 'g1', 'v1', 'c1')`)).toEqual([]);
  });
});
