import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import type { JobSender } from '../../../server-sync/jobs';
import { backoffMs, REGISTRY_SUBMIT, submitSubmission, sweepRegistry } from '../../../server-sync/registry';
import { parseHl7, readRxa, segmentsNamed } from '../../../src-shared/registry';
import { serverTargets } from '../../support/db';
import { HL7_DIR, HL7_SKIP_REASON } from '../../support/hl7-conformance';
import { startLoopbackRegistry, type LoopbackRegistry } from '../../support/loopback-registry';
import { MINUTE, TestClock } from '../server/support';
import { giveDose, makeRegistryDistrict, type RegistryDistrict } from './fixture';

if (!HL7_DIR) console.warn(`skipping the registry submission tests: ${HL7_SKIP_REASON}`);

describe.skipIf(!HL7_DIR).each(serverTargets())('registry submissions on $name', (target) => {
  let h: ServerDbHandle;
  let reg: LoopbackRegistry;
  let d: RegistryDistrict;
  const clock = new TestClock('2026-11-20T15:00:00.000Z');
  const sent: { name: string; data: { submissionId: string }; key?: string }[] = [];
  const jobs: JobSender = {
    send: (name, data, o) => {
      if (o?.key && sent.some((s) => s.key === o.key)) return Promise.resolve(null);
      sent.push({ name, data: data as { submissionId: string }, key: o?.key });
      return Promise.resolve(`job-${sent.length}`);
    },
  };
  const deps = () => ({ kek: () => d.kek, caPem: reg.pki.caPem });
  const submission = (vaccinationId: string) =>
    h.db
      .selectFrom('registry_submissions')
      .selectAll()
      .where('vaccination_id', '=', vaccinationId)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
  const errorsOf = (submissionId: string) =>
    h.db
      .selectFrom('submission_error_log')
      .selectAll()
      .where('submission_id', '=', submissionId)
      .orderBy('error_timestamp')
      .execute();
  const statusOf = async (id: string) =>
    (
      await h.db
        .selectFrom('vaccinations')
        .select('registry_status')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).registry_status;
  /** Sweeps, then runs every registry.submit job the sweep enqueued (as the job runner would). */
  const cycle = async () => {
    const before = sent.length;
    const r = await sweepRegistry(h.db, clock.now(), jobs);
    for (const j of sent.slice(before))
      if (j.name === REGISTRY_SUBMIT)
        await submitSubmission(h.db, () => clock.now(), j.data.submissionId, deps());
    return r;
  };

  beforeAll(async () => {
    reg = await startLoopbackRegistry();
    h = await target.open();
    await migrateServerToLatest(h.db);
    d = await makeRegistryDistrict(h.db, reg, clock.now());
  });
  afterAll(async () => {
    await h?.close();
    await reg?.close();
  });

  it("the district's historical doses (recorded by its nurses) are reported too, as historical (RXA-9 01)", async () => {
    reg.mode = { kind: 'accept' };
    expect(await cycle()).toMatchObject({ queued: 2, held: 0, enqueued: 2 });
    const rows = await h.db
      .selectFrom('registry_submissions')
      .select(['hl7_message', 'submission_status'])
      .execute();
    expect(rows.map((r) => r.submission_status)).toEqual(['ACKNOWLEDGED', 'ACKNOWLEDGED']);
    for (const r of rows) {
      const rxa = readRxa(segmentsNamed(parseHl7(r.hl7_message ?? ''), 'RXA')[0]!);
      expect(rxa.informationSource.code).toBe('01');
      expect(rxa.vaccines[0]?.code).toBe('03');
    }
  });

  it('a synced dose is queued, sent once, and its AA recorded; a second run sends nothing', async () => {
    reg.mode = { kind: 'accept' };
    const v = await giveDose(h.db, d, clock.now());
    const r = await cycle();
    expect(r).toMatchObject({ queued: 1, held: 0, enqueued: 1 });
    const s = await submission(v);
    expect(s).toMatchObject({
      submission_status: 'ACKNOWLEDGED',
      acknowledgment_code: 'AA',
      action_code: 'A',
      retry_count: 1,
    });
    expect(s.message_control_id).toBe(s.id);
    const rxa = readRxa(segmentsNamed(parseHl7(s.hl7_message ?? ''), 'RXA')[0]!);
    expect(rxa).toMatchObject({ lotNumbers: ['UT1234'], actionCode: 'A' });
    expect(rxa.administeringProvider?.id).toBe('1245319599');
    const resp = await h.db
      .selectFrom('registry_responses')
      .selectAll()
      .where('submission_id', '=', s.id)
      .execute();
    expect(resp).toHaveLength(1);
    expect(resp[0]).toMatchObject({ response_type: 'ACKNOWLEDGMENT', acknowledgment_status: 'AA' });
    expect(await statusOf(v)).toBe('ACCEPTED');
    expect(reg.received.filter((m) => m.controlId === s.id)).toHaveLength(1);

    // restart: the sweep and a stray submit job find nothing to send
    clock.advance(MINUTE);
    expect(await cycle()).toMatchObject({ queued: 0, enqueued: 0 });
    expect(await submitSubmission(h.db, () => clock.now(), s.id, deps())).toBe('skipped');
    expect(reg.received.filter((m) => m.controlId === s.id)).toHaveLength(1);
    const audit = await h.db
      .selectFrom('audit_logs')
      .select(['action', 'table_name'])
      .where('record_id', 'in', [v, s.id])
      .orderBy('chain_seq')
      .execute();
    expect(audit.map((a) => `${a.action}:${a.table_name}`)).toEqual([
      'CREATE:registry_submissions',
      'EXPORT:vaccinations',
      'UPDATE:registry_submissions',
    ]);
  });

  it('a dose missing its lot is held with the field named, never built; fixed, the same submission goes out', async () => {
    const v = await giveDose(h.db, d, clock.now(), { lot_number: null });
    expect(await cycle()).toMatchObject({ held: 1, enqueued: 0 });
    const held = await submission(v);
    expect(held).toMatchObject({ submission_status: 'PENDING', hl7_message: null, next_attempt_at: null });
    expect(held.hold_reasons).toEqual([
      { field: 'RXA-15', reason: 'a dose given here needs its lot number' },
    ]);
    const errs = await errorsOf(held.id);
    expect(errs.map((e) => [e.error_type, e.field_number, e.resolution_status])).toEqual([
      ['VALIDATION_ERROR', 'RXA-15', 'OPEN'],
    ]);
    expect(errs[0]?.error_message).toBe('Held back, not sent: a dose given here needs its lot number.');
    // another sweep without a change does nothing
    clock.advance(MINUTE);
    expect(await cycle()).toMatchObject({ held: 0, released: 0, enqueued: 0 });

    clock.advance(MINUTE);
    await h.db
      .updateTable('vaccinations')
      .set({ lot_number: 'FIX99', updated_at: clock.now() })
      .where('id', '=', v)
      .execute();
    expect(await cycle()).toMatchObject({ released: 1, enqueued: 1 });
    const sent1 = await submission(v);
    expect(sent1.id).toBe(held.id);
    expect(sent1).toMatchObject({ submission_status: 'ACKNOWLEDGED', hold_reasons: null });
    expect((await errorsOf(held.id))[0]?.resolution_status).toBe('RESOLVED');
  });

  it('a field the registry rejects is logged with the field, the value sent and plain words; resent after the fix', async () => {
    reg.mode = {
      kind: 'reject-field',
      errors: [
        {
          location: 'RXA^1^15^1^1',
          hl7Code: '103^Table value not found^HL70357',
          severity: 'E',
          appCode: '5^Table value not found^HL70533',
          message: 'Lot number is not in the VFC inventory',
        },
      ],
    };
    clock.advance(MINUTE);
    const v = await giveDose(h.db, d, clock.now(), { lot_number: 'BAD1' });
    await cycle();
    const s = await submission(v);
    expect(s).toMatchObject({ submission_status: 'REJECTED', acknowledgment_code: 'AE' });
    expect(s.response_error_codes).toEqual([{ location: 'RXA^1^15', hl7_error: '103', app_error: '5' }]);
    const e = (await errorsOf(s.id))[0];
    expect(e).toMatchObject({
      error_type: 'VALIDATION_ERROR',
      hl7_segment: 'RXA',
      field_number: 'RXA-15',
      field_value: 'BAD1',
      error_code: '103/5',
      resolution_status: 'OPEN',
    });
    expect(e?.error_message).toBe(
      'Error in the lot number (RXA-15): the value is not one the registry knows: Lot number is not in the VFC inventory.',
    );
    expect(await statusOf(v)).toBe('REJECTED');

    reg.mode = { kind: 'accept' };
    clock.advance(MINUTE);
    await h.db
      .updateTable('vaccinations')
      .set({ lot_number: 'GOOD1', updated_at: clock.now() })
      .where('id', '=', v)
      .execute();
    await cycle();
    const again = await submission(v);
    expect(again.id).not.toBe(s.id);
    expect(again).toMatchObject({ submission_status: 'ACKNOWLEDGED', action_code: 'A' });
    expect(await statusOf(v)).toBe('ACCEPTED');
  });

  it('an accepted dose changed is sent as U, deleted as D', async () => {
    clock.advance(MINUTE);
    const v = await giveDose(h.db, d, clock.now());
    await cycle();
    clock.advance(MINUTE);
    await h.db
      .updateTable('vaccinations')
      .set({ site: 'RD', updated_at: clock.now() })
      .where('id', '=', v)
      .execute();
    await cycle();
    expect(await submission(v)).toMatchObject({ action_code: 'U', submission_status: 'ACKNOWLEDGED' });
    clock.advance(MINUTE);
    await h.db
      .updateTable('vaccinations')
      .set({ deleted_at: clock.now(), updated_at: clock.now() })
      .where('id', '=', v)
      .execute();
    await cycle();
    const del = await submission(v);
    expect(del).toMatchObject({ action_code: 'D', submission_status: 'ACKNOWLEDGED' });
    expect(readRxa(segmentsNamed(parseHl7(del.hl7_message ?? ''), 'RXA')[0]!).actionCode).toBe('D');
  });

  it('a registry down for a day: retried with backoff, nothing lost, sent once when it is back', async () => {
    reg.mode = { kind: 'down' };
    clock.advance(MINUTE);
    const v = await giveDose(h.db, d, clock.now());
    await cycle();
    let s = await submission(v);
    expect(s).toMatchObject({ submission_status: 'PENDING', retry_count: 1 });
    expect(s.next_attempt_at?.getTime()).toBe(clock.now().getTime() + backoffMs(1));
    // not due yet: nothing sent
    expect(await cycle()).toMatchObject({ enqueued: 0 });
    const start = clock.now().getTime();
    while (clock.now().getTime() - start < 24 * 60 * MINUTE) {
      clock.advance(5 * MINUTE);
      await cycle();
    }
    s = await submission(v);
    expect(s.submission_status).toBe('PENDING');
    // 1, 2, 4, ... 32 minutes, then every hour (at most): about 29 attempts in a day
    expect(s.retry_count).toBeGreaterThan(20);
    expect(s.retry_count).toBeLessThan(32);
    const conn = await errorsOf(s.id);
    expect(conn.every((e) => e.error_type === 'CONNECTION_ERROR')).toBe(true);
    expect(conn[0]?.error_message).toMatch(/^No answer from the registry: NETWORK/);
    expect(reg.received.filter((m) => m.controlId === s.id)).toHaveLength(0);

    reg.mode = { kind: 'accept' };
    clock.advance(61 * MINUTE);
    await cycle();
    s = await submission(v);
    expect(s.submission_status).toBe('ACKNOWLEDGED');
    expect(reg.received.filter((m) => m.controlId === s.id)).toHaveLength(1);
  });

  it('a timeout and a SecurityFault are retried; a send interrupted by a crash goes again with the same control id', async () => {
    reg.mode = { kind: 'timeout' };
    clock.advance(MINUTE);
    const v = await giveDose(h.db, d, clock.now());
    await cycle();
    let s = await submission(v);
    expect(s.submission_status).toBe('PENDING');
    expect((await errorsOf(s.id)).at(-1)?.error_code).toBe('TIMEOUT');
    reg.mode = {
      kind: 'fault',
      fault: { kind: 'SecurityFault', code: '10', reason: 'Security', detail: 'expired password' },
    };
    clock.advance(2 * MINUTE);
    await cycle();
    expect((await errorsOf(s.id)).at(-1)?.error_message).toBe(
      'SecurityFault from the registry: Security (expired password)',
    );
    expect(
      (await h.db.selectFrom('registry_connections').select('connection_status').executeTakeFirstOrThrow())
        .connection_status,
    ).toBe('ERROR');
    // the server stops between sending and recording: the row stays SENT, due after the timeout and backoff
    await h.db
      .updateTable('registry_submissions')
      .set({ submission_status: 'SENT' })
      .where('id', '=', s.id)
      .execute();
    reg.mode = { kind: 'accept' };
    clock.advance(10 * MINUTE);
    await cycle();
    s = await submission(v);
    expect(s.submission_status).toBe('ACKNOWLEDGED');
    expect(new Set(reg.received.filter((m) => m.controlId === s.id).map((m) => m.controlId)).size).toBe(1);
    expect(
      (await h.db.selectFrom('registry_connections').select('connection_status').executeTakeFirstOrThrow())
        .connection_status,
    ).toBe('ACTIVE');
  });

  it('an answer that is not HL7 is kept verbatim and reported, and not sent again', async () => {
    reg.mode = {
      kind: 'garbage',
      body:
        '<?xml version="1.0"?><soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body>' +
        '<submitSingleMessageResponse xmlns="urn:cdc:iisb:2011"><return>Thank you!</return></submitSingleMessageResponse>' +
        '</soap:Body></soap:Envelope>',
    };
    clock.advance(MINUTE);
    const v = await giveDose(h.db, d, clock.now());
    await cycle();
    const s = await submission(v);
    expect(s).toMatchObject({
      submission_status: 'ERROR',
      hl7_response: 'Thank you!',
      next_attempt_at: null,
    });
    expect((await errorsOf(s.id)).map((e) => e.error_type)).toEqual(['HL7_PARSE_ERROR']);
    reg.mode = { kind: 'accept' };
    clock.advance(10 * MINUTE);
    expect(await cycle()).toMatchObject({ enqueued: 0 });
  });
});

describe('the registry jobs in the server catalog', () => {
  it('registry.sweep every minute per district; registry.submit never retried by the queue (next_attempt_at is)', async () => {
    const { serverJobCatalog } = await import('../../../server-sync/jobs-catalog');
    const jobs = serverJobCatalog({ dataDir: '/nonexistent', production: true });
    const sweep = jobs.find((j) => j.name === 'registry.sweep');
    const submit = jobs.find((j) => j.name === 'registry.submit');
    expect(sweep?.schedule).toEqual({ cron: '* * * * *' });
    expect(sweep?.data.safeParse({ districtId: 'd-1' }).success).toBe(true);
    expect(submit?.retryLimit).toBe(0);
    expect(submit?.data.safeParse({ submissionId: 's-1' }).success).toBe(true);
    expect(submit?.data.safeParse({ submissionId: '', extra: 1 }).success).toBe(false);
  });
});
