import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { raiseAlert } from '../../../server-sync/alerts';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { alertKey } from '../../../src-shared/alerts';
import { serverTargets } from '../../support/db';
import {
  bearer,
  login,
  makeApp,
  makeDistrict,
  TestClock,
  type TestDistrict,
  type Tokens,
} from '../server/support';

/** Reads server-sent events from a real HTTP response until `until` accepts the collected events. */
async function readEvents(
  body: ReadableStream<Uint8Array>,
  onReady: () => Promise<void>,
  until: (events: { event: string; data: Record<string, unknown> }[]) => boolean,
) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; data: Record<string, unknown> }[] = [];
  let buf = '';
  let ready = false;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true });
    let i: number;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      if (block.startsWith(': connected') && !ready) {
        ready = true;
        await onReady();
        continue;
      }
      const ev = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (ev && data) events.push({ event: ev, data: JSON.parse(data) as Record<string, unknown> });
    }
    if (until(events)) break;
  }
  await reader.cancel();
  return events;
}

describe.each(serverTargets())('alert routes on $name', (target) => {
  let h: ServerDbHandle;
  let app: FastifyInstance;
  let d: TestDistrict;
  let nurseA: Tokens;
  let nurseB: Tokens;
  let auditor: Tokens;
  let districtAdmin: Tokens;
  let alertA: string;
  const clock = new TestClock();

  beforeAll(async () => {
    h = await target.open();
    await migrateServerToLatest(h.db);
    d = await makeDistrict(h.db);
    app = makeApp(h, clock);
    await app.ready();
    nurseA = await login(app, d.nurseA.email);
    nurseB = await login(app, d.nurseB.email);
    auditor = await login(app, d.auditor.email);
    districtAdmin = await login(app, d.districtAdmin.email);
    alertA = (
      await raiseAlert(h.db, clock, {
        code: 'EMERGENCY_HEALTH',
        schoolId: d.schoolA,
        target: { type: 'STUDENT', id: d.studentA },
        event: 'triage_emergency',
        data: { student_name: 'Sam Alvarez', complaint: 'anaphylaxis', ems_called: true },
        dedupeKey: alertKey.emergencyVisit('visit-a'),
      })
    ).id;
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  it('lists the alerts of the caller schools only; 401 without a token; 400 naming the field', async () => {
    expect((await app.inject({ method: 'GET', url: '/alerts/instances' })).statusCode).toBe(401);
    const a = await app.inject({ method: 'GET', url: '/alerts/instances', headers: bearer(nurseA) });
    expect(a.statusCode).toBe(200);
    const mine = a.json<{ alerts: { id: string; title: string; priority: string }[] }>().alerts;
    expect(mine.map((x) => x.id)).toEqual([alertA]);
    expect(mine[0]!.title).toBe('EMERGENCY: Sam Alvarez (Alpha Elementary) - anaphylaxis. 911 called: yes.');
    const b = await app.inject({ method: 'GET', url: '/alerts/instances', headers: bearer(nurseB) });
    expect(b.json<{ alerts: unknown[] }>().alerts).toEqual([]);
    const all = await app.inject({ method: 'GET', url: '/alerts/instances', headers: bearer(auditor) });
    expect(all.json<{ alerts: unknown[] }>().alerts).toHaveLength(1);
    const bad = await app.inject({
      method: 'GET',
      url: '/alerts/instances?limit=0',
      headers: bearer(nurseA),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('limit');
    const other = await app.inject({
      method: 'GET',
      url: `/alerts/instances?schoolId=${d.schoolA}`,
      headers: bearer(nurseB),
    });
    expect(other.statusCode).toBe(403);
  });

  it('acknowledge: 403 for an auditor, 404 for another school or an unknown id, 409 twice', async () => {
    const url = `/alerts/instances/${alertA}/acknowledge`;
    expect(
      (await app.inject({ method: 'POST', url, headers: bearer(auditor), payload: {} })).statusCode,
    ).toBe(403);
    expect((await app.inject({ method: 'POST', url, headers: bearer(nurseB), payload: {} })).statusCode).toBe(
      404,
    );
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/alerts/instances/nope/acknowledge',
          headers: bearer(nurseA),
          payload: {},
        })
      ).statusCode,
    ).toBe(404);
    const bad = await app.inject({ method: 'POST', url, headers: bearer(nurseA), payload: { notes: 5 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('notes');
  });

  it('subscriptions: own CRUD, 403 for another user unless DISTRICT_ADMIN, 400 naming the field', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/alerts/subscriptions',
      headers: bearer(nurseA),
      payload: {
        category: 'HEALTH_EMERGENCY',
        channels: ['IN_APP', 'EMAIL'],
        quietHoursStart: '22:00',
        quietHoursEnd: '06:00',
      },
    });
    expect(created.statusCode).toBe(201);
    const s = created.json<{ id: string; userId: string; quietHoursStart: string }>();
    expect([s.userId, s.quietHoursStart]).toEqual([d.nurseA.id, '22:00']);
    const half = await app.inject({
      method: 'POST',
      url: '/alerts/subscriptions',
      headers: bearer(nurseA),
      payload: { quietHoursStart: '22:00' },
    });
    expect(half.statusCode).toBe(400);
    expect(half.body).toContain('quietHoursEnd');
    const forOther = await app.inject({
      method: 'POST',
      url: '/alerts/subscriptions',
      headers: bearer(nurseA),
      payload: { userId: d.nurseB.id },
    });
    expect(forOther.statusCode).toBe(403);
    const byAdmin = await app.inject({
      method: 'POST',
      url: '/alerts/subscriptions',
      headers: bearer(districtAdmin),
      payload: { userId: d.nurseB.id },
    });
    expect(byAdmin.statusCode).toBe(201);
    expect(
      (
        await app.inject({
          method: 'PATCH',
          url: `/alerts/subscriptions/${s.id}`,
          headers: bearer(nurseB),
          payload: { isActive: false },
        })
      ).statusCode,
    ).toBe(404);
    const patched = await app.inject({
      method: 'PATCH',
      url: `/alerts/subscriptions/${s.id}`,
      headers: bearer(nurseA),
      payload: { isActive: false },
    });
    expect(patched.json<{ isActive: boolean }>().isActive).toBe(false);
    expect(
      (await app.inject({ method: 'DELETE', url: `/alerts/subscriptions/${s.id}`, headers: bearer(nurseA) }))
        .statusCode,
    ).toBe(204);
  });

  it('definitions: read by clinical roles, changed only by a DISTRICT_ADMIN', async () => {
    const list = await app.inject({ method: 'GET', url: '/alerts/definitions', headers: bearer(nurseA) });
    expect(list.json<{ definitions: { code: string }[] }>().definitions.map((x) => x.code)).toContain(
      'EMERGENCY_HEALTH',
    );
    const url = '/alerts/definitions/EMERGENCY_HEALTH';
    expect(
      (await app.inject({ method: 'PUT', url, headers: bearer(nurseA), payload: { isActive: true } }))
        .statusCode,
    ).toBe(403);
    const bad = await app.inject({
      method: 'PUT',
      url,
      headers: bearer(districtAdmin),
      payload: { escalation: { escalate_after_minutes: 0, escalate_to: ['SCHOOL_ADMIN'] } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('escalate_after_minutes');
    const ok = await app.inject({
      method: 'PUT',
      url,
      headers: bearer(districtAdmin),
      payload: { expirationMinutes: 240, canDismiss: true },
    });
    expect(ok.json<{ expirationMinutes: number; canDismiss: boolean }>()).toMatchObject({
      expirationMinutes: 240,
      canDismiss: true,
    });
    expect(
      (
        await app.inject({
          method: 'PUT',
          url: '/alerts/definitions/NOPE',
          headers: bearer(districtAdmin),
          payload: {},
        })
      ).statusCode,
    ).toBe(404);
  });

  it('streams an event after a raise and after an acknowledge made on another server instance (real HTTP)', async () => {
    // a second server on the same database: its stream learns of the first one's changes by polling
    const other = makeApp(h, clock);
    await other.listen({ port: 0, host: '127.0.0.1' });
    onTestFinished(() => other.close());
    const port = (other.server.address() as AddressInfo).port;
    const res = await fetch(`http://127.0.0.1:${port}/alerts/stream`, { headers: bearer(nurseA) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    let raised = '';
    const events = await readEvents(
      res.body!,
      async () => {
        raised = (
          await raiseAlert(h.db, clock, {
            code: 'MEDICATION_MISSED',
            schoolId: d.schoolA,
            target: { type: 'STUDENT', id: d.studentA },
            event: 'dose_missed',
            data: { student_name: 'Sam Alvarez', medication: 'Albuterol', scheduled_time: '10:00' },
            dedupeKey: alertKey.missedDose('sched-stream', '2026-11-20T15:00:00.000Z'),
          })
        ).id;
        // a school B alert nurse A must not see
        await raiseAlert(h.db, clock, {
          code: 'MEDICATION_MISSED',
          schoolId: d.schoolB,
          event: 'dose_missed',
          data: {},
          dedupeKey: alertKey.missedDose('sched-b', '2026-11-20T15:00:00.000Z'),
        });
      },
      (evs) => {
        if (
          evs.length === 1 &&
          evs[0]!.data.status === 'ACTIVE' &&
          !evs.some((e) => e.data.status === 'ACKNOWLEDGED')
        ) {
          void app.inject({
            method: 'POST',
            url: `/alerts/instances/${raised}/acknowledge`,
            headers: bearer(nurseA),
            payload: {},
          });
        }
        return evs.some((e) => e.data.status === 'ACKNOWLEDGED');
      },
    );
    expect(events.map((e) => [e.event, e.data.id, e.data.status])).toEqual([
      ['alert', raised, 'ACTIVE'],
      ['alert', raised, 'ACKNOWLEDGED'],
    ]);
    expect(events[0]!.data).toMatchObject({
      schoolId: d.schoolA,
      code: 'MEDICATION_MISSED',
      priority: 'HIGH',
    });
  });
});
