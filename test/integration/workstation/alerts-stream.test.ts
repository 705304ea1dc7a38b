import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { WorkstationCore } from '../../../src-main/workstation/core';
import { alertInstanceId, alertKey } from '../../../src-shared/alerts';
import { addAlertDefinitions } from './alerts-support';
import { enrollAndSync, makeCore, PASSWORD, startDistrict, tempDir, type District } from './support';

/**
 * The workstation's client of the district server's alert stream (GET /alerts/stream, server-sent events): while a
 * nurse is signed in and unlocked it listens, and each `event: alert` pulls, so an alert raised on the server
 * arrives without waiting for the next sync. Until the server's endpoint is merged, a loopback stand-in serves
 * /alerts/stream in front of the real district server (every other request goes through to it).
 */

interface Stand {
  readonly url: string;
  readonly clients: Set<ServerResponse>;
  readonly requests: { authorization: string | undefined; status: number }[];
  /** answer the next stream requests 401 (token expired) */
  refuseNext: number;
  send(event: string, data: string): void;
  /** ends every open stream (the server restarting) */
  endAll(): void;
  close(): Promise<void>;
}

async function standIn(upstream: string): Promise<Stand> {
  const clients = new Set<ServerResponse>();
  const requests: Stand['requests'] = [];
  const stand: { refuseNext: number } = { refuseNext: 0 };
  const forward = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (typeof v === 'string' && !['host', 'connection', 'content-length'].includes(k)) headers[k] = v;
    const r = await fetch(`${upstream}${req.url ?? '/'}`, {
      method: req.method ?? 'GET',
      headers,
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
    });
    const body = Buffer.from(await r.arrayBuffer());
    const out: Record<string, string> = {};
    r.headers.forEach((v, k) => {
      if (!['content-encoding', 'transfer-encoding', 'content-length', 'connection'].includes(k)) out[k] = v;
    });
    res.writeHead(r.status, out).end(body);
  };
  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith('/alerts/stream')) {
      const authorization = req.headers.authorization;
      if (stand.refuseNext > 0 || !authorization?.startsWith('Bearer ')) {
        stand.refuseNext = Math.max(0, stand.refuseNext - 1);
        requests.push({ authorization, status: 401 });
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'UNAUTHORIZED', message: 'token expired' }));
        return;
      }
      requests.push({ authorization, status: 200 });
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.write(': ping\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    forward(req, res).catch((e: unknown) => {
      res.writeHead(502).end(String(e));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return Object.assign(stand, {
    url: `http://127.0.0.1:${port}`,
    clients,
    requests,
    send: (event: string, data: string) => {
      for (const c of clients) c.write(`event: ${event}\ndata: ${data}\n\n`);
    },
    endAll: () => {
      for (const c of clients) c.end();
      clients.clear();
    },
    close: async () => {
      for (const c of clients) c.end();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  });
}

let d: District;
let stand: Stand;
let core: WorkstationCore;
const tmp = tempDir('wc-alert-stream-');
const wait = { timeout: 10_000, interval: 20 };

beforeAll(async () => {
  d = await startDistrict();
  await addAlertDefinitions(d);
  stand = await standIn(d.url);
  core = await makeCore(tmp.dir, {
    alertCheckIntervalMs: 0,
    alertStream: true,
    alertStreamBackoff: { initialMs: 20, maxMs: 200 },
  });
  await enrollAndSync(core, { ...d, url: stand.url });
}, 120_000);

afterAll(async () => {
  await core?.close();
  await stand?.close();
  await d?.close();
  tmp.dispose();
});

/** An alert raised on the district server (as its triggers do), not yet on the workstation. */
async function raiseOnServer(key: string): Promise<string> {
  const def = await d.h.db
    .selectFrom('alert_definitions')
    .select('id')
    .where('alert_code', '=', 'EMERGENCY_HEALTH')
    .executeTakeFirstOrThrow();
  const id = alertInstanceId(key);
  await d.h.db
    .insertInto('alert_instances')
    .values({
      id,
      alert_definition_id: def.id,
      triggered_by_event: 'test.server_raise',
      target_entity_type: 'STUDENT',
      target_entity_id: d.students.lily!,
      alert_data: JSON.stringify({ student_name: 'Lily Chen', complaint: 'Seizure on the playground' }),
      school_id: d.schoolId,
    })
    .execute();
  return id;
}

const event = (id: string) =>
  JSON.stringify({
    id,
    schoolId: d.schoolId,
    code: 'EMERGENCY_HEALTH',
    priority: 'EMERGENCY',
    status: 'ACTIVE',
    title: 'Health emergency at school',
  });
const listed = async (id: string) => (await core.call('alerts.list', {})).some((a) => a.id === id);

describe('the alert stream', () => {
  it('connects with the nurse’s bearer token once signed in', async () => {
    await vi.waitFor(() => expect(stand.clients.size).toBe(1), wait);
    expect(stand.requests.at(-1)?.status).toBe(200);
    expect(stand.requests.at(-1)?.authorization).toMatch(/^Bearer .+/);
    expect(core.internals.alertStream().connected).toBe(true);
  });

  it('pulls on each `event: alert`: the alert raised on the server arrives without a sync of the nurse', async () => {
    const id = await raiseOnServer(alertKey.emergencyVisit(uuidv7()));
    expect(await listed(id)).toBe(false);
    const revision = (await core.call('alerts.summary', {})).revision;
    // what the stream does not understand is ignored, and it keeps listening
    stand.send('alert', 'not json');
    stand.send('alert', JSON.stringify({ nothing: 'useful' }));
    stand.send('alert', event(id));
    await vi.waitFor(async () => expect(await listed(id)).toBe(true), wait);
    expect(core.internals.alertStream().events).toBe(1);
    // the UI's poll sees the change
    expect((await core.call('alerts.summary', {})).revision).not.toBe(revision);
    const a = (await core.call('alerts.list', {})).find((x) => x.id === id);
    expect(a).toMatchObject({ studentName: 'Lily Chen', priority: 'EMERGENCY', status: 'ACTIVE' });
  });

  it('reconnects when the server ends the stream', async () => {
    const before = stand.requests.length;
    stand.endAll();
    await vi.waitFor(() => expect(stand.clients.size).toBe(1), wait);
    expect(stand.requests.length).toBeGreaterThan(before);
    const id = await raiseOnServer(alertKey.emergencyVisit(uuidv7()));
    stand.send('alert', event(id));
    await vi.waitFor(async () => expect(await listed(id)).toBe(true), wait);
  });

  it('refreshes the token after a 401 and connects again', async () => {
    stand.refuseNext = 1;
    const before = stand.requests.length;
    stand.endAll();
    await vi.waitFor(() => expect(stand.clients.size).toBe(1), wait);
    const after = stand.requests.slice(before);
    expect(after[0]).toMatchObject({ status: 401 });
    expect(after.at(-1)).toMatchObject({ status: 200 });
  });

  it('stops on lock and sign-out, and listens again after unlock and sign-in', async () => {
    await core.call('app.lock', {});
    await vi.waitFor(() => expect(stand.clients.size).toBe(0), wait);
    expect(core.internals.alertStream().connected).toBe(false);
    await core.call('app.unlock', { password: PASSWORD });
    await vi.waitFor(() => expect(stand.clients.size).toBe(1), wait);
    await core.call('app.signOut', {});
    await vi.waitFor(() => expect(stand.clients.size).toBe(0), wait);
    await core.call('app.signIn', { email: d.nurse.email, password: PASSWORD });
    await vi.waitFor(() => expect(stand.clients.size).toBe(1), wait);
  });
});
