import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { raiseAlert } from '../../../server-sync/alerts';
import { systemClock } from '../../../server-sync/plugins/clock';
import type { WorkstationCore } from '../../../src-main/workstation/core';
import { alertInstanceId, alertKey } from '../../../src-shared/alerts';
import { addAlertDefinitions } from './alerts-support';
import { enrollAndSync, makeCore, startDistrict, tempDir, type District } from './support';

/**
 * The workstation's alert stream client against the real district server, end to end, no stand-in: the server
 * (buildServer on real HTTP) serves GET /alerts/stream; an alert raised there for the workstation's school
 * (server-sync/alerts raiseAlert, as the server's triggers raise) reaches the stream's poller, the stream sends
 * `event: alert`, and the workstation pulls it into alerts.list without a sync of the nurse.
 */
let d: District;
let core: WorkstationCore;
const tmp = tempDir('wc-alert-stream-server-');
// the server's feed polls alert_instances every 2 s (server-sync/alerts/stream.ts POLL_MS)
const wait = { timeout: 30_000, interval: 50 };

beforeAll(async () => {
  d = await startDistrict();
  await addAlertDefinitions(d);
  core = await makeCore(tmp.dir, {
    alertCheckIntervalMs: 0,
    alertStream: true,
    alertStreamBackoff: { initialMs: 20, maxMs: 200 },
  });
  await enrollAndSync(core, d);
}, 120_000);

afterAll(async () => {
  await core?.close();
  await d?.close();
  tmp.dispose();
});

describe('the alert stream on the real district server', () => {
  it('an alert the server raises for the school arrives on the workstation through GET /alerts/stream', async () => {
    await vi.waitFor(() => expect(core.internals.alertStream().connected).toBe(true), wait);
    const visitId = uuidv7();
    const key = alertKey.emergencyVisit(visitId);
    const listed = async () =>
      (await core.call('alerts.list', {})).find((a) => a.id === alertInstanceId(key));
    expect(await listed()).toBeUndefined();
    const events = core.internals.alertStream().events;

    const raised = await raiseAlert(d.h.db, systemClock, {
      code: 'EMERGENCY_HEALTH',
      schoolId: d.schoolId,
      target: { type: 'STUDENT', id: d.students.lily! },
      event: 'clinic_visit.triage_emergency',
      data: { student_name: 'Lily Chen', complaint: 'Seizure on the playground', visit_id: visitId },
      dedupeKey: key,
    });
    expect(raised).toEqual({ id: alertInstanceId(key), created: true });

    await vi.waitFor(async () => expect(await listed()).toBeDefined(), wait);
    // it came by the stream (an event, then a pull), not by a periodic sync
    expect(core.internals.alertStream().events).toBeGreaterThan(events);
    expect(await listed()).toMatchObject({
      code: 'EMERGENCY_HEALTH',
      studentName: 'Lily Chen',
      priority: 'EMERGENCY',
      status: 'ACTIVE',
    });
  });
});
